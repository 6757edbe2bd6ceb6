"""The error pages parents may meet, as in production (DEBUG=False): Chinese, in the site's
design, with the way home and to search, under the site's Content-Security-Policy.

404.html extends the site's layout; 500.html (and 400.html, 403.html) stand alone: they render
with no database, no request and no URL reversing (lessons/errors/standalone.html)."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.views.defaults import bad_request, permission_denied, server_error

from tests.browser import chromium
from tests.cms.test_csp_browser import loaded, start, violations
from tests.cms.test_security_headers import inline_code, policy, sha256_source
from tests.factories import city

ERROR_URLS = "tests.cms.error_pages_urls"
SITE_BACKGROUND = "rgb(251, 248, 243)"  # --bg in lessons/templates/lessons/site.css

NOT_FOUND = {
    "a path no page has": "/no-such-page/",
    "a path under no section": "/lessons/nothing-here/at-all/",
    "an id out of range": "/class/99999999999/",
    "a lesson id that does not exist": "/class/999999/",
    "an unknown grade": "/grade/zz/",
    "an unknown grade's feed": "/grade/zz/feed.xml",
    "an unknown kind": "/grade/p1/kind/nothing/",
    "a topic that does not exist": "/grade/p1/topic/999999/",
    "an unknown stage": "/stage/nowhere/",
    "a document id out of range": "/documents/123456789012/handout.pdf",
}


def assert_error_page(response, status: int, heading: str):
    """A Chinese error page in the site's design: heading, links home and to search, the
    site's stylesheet inline and allowed by its hash, nothing inline the policy would block,
    no English from Django."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "zh-Hans"
    assert soup.h1.get_text(strip=True) == heading
    assert heading in soup.title.get_text()
    links = {a["href"] for a in soup.select("main a")}
    assert {"/", "/search/"} <= links
    assert [a.get_text() for a in soup.select("main a")] == ["首页", "搜索课程"]
    styles = soup.find_all("style")
    assert len(styles) == 1 and "--brand" in styles[0].get_text()
    assert sha256_source(styles[0].get_text()) in policy(response)["style-src"]
    assert inline_code(html) == []
    for english in ("Not Found", "Server Error", "Bad Request", "Forbidden", "matches the given"):
        assert english not in html
    return soup


# --- 404 ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", NOT_FOUND.values(), ids=NOT_FOUND.keys())
def test_a_missing_page_is_a_chinese_404_in_the_sites_layout(client, url):
    city()
    soup = assert_error_page(client.get(url), 404, "找不到这个页面")
    assert "请从首页重新开始，或者搜索想看的课程" in soup.main.get_text()
    assert soup.select_one("header.site a.brand")["href"] == "/"  # the site's own header
    assert soup.select_one("footer.site")


@pytest.mark.django_db
def test_a_404_is_not_cached_publicly(client, page_cache):
    city()
    for _ in range(2):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "X-Page-Cache" not in response  # neither stored nor served by the page cache
        assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_404_without_any_site_is_still_the_chinese_page(client):
    assert_error_page(client.get("/no-such-page/"), 404, "找不到这个页面")


# --- 500 ------------------------------------------------------------------------------------
# No django_db mark: any query while the page renders fails the test, as a down database would.


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = ERROR_URLS
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/broken/", "/needs-the-database/"])
def test_a_server_error_is_the_chinese_500_page_without_the_database(error_urls, url):
    soup = assert_error_page(error_urls.get(url), 500, "服务器出了点问题")
    assert "请过几分钟再试一次" in soup.main.get_text()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_500_is_never_cached(error_urls, page_cache):
    for _ in range(2):
        response = error_urls.get("/broken/")
        assert response.status_code == 500 and "X-Page-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_the_500_page_renders_with_an_empty_context_and_no_request_data():
    request = RequestFactory().get("/")
    response = server_error(request)
    response.headers["Content-Security-Policy"] = "style-src 'self'"  # no middleware here
    html = response.content.decode()
    assert response.status_code == 500 and "服务器出了点问题" in html
    assert 'href="/"' in html and 'href="/search/"' in html
    assert inline_code(html) == []


# --- 400 and 403 ----------------------------------------------------------------------------


def test_a_host_not_allowed_is_a_chinese_400(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert_error_page(response, 400, "无法处理这个请求")


@pytest.mark.django_db
def test_a_query_string_with_too_many_fields_is_a_chinese_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    query = "&".join(f"f{i}=1" for i in range(10))
    assert_error_page(client.get(f"/search/?{query}"), 400, "无法处理这个请求")


@pytest.mark.parametrize(
    ("view", "exception", "status", "heading"),
    [
        (bad_request, SuspiciousOperation(), 400, "无法处理这个请求"),
        (permission_denied, PermissionDenied(), 403, "无法打开这个页面"),
    ],
)
def test_the_400_and_403_pages_stand_alone(view, exception, status, heading):
    response = view(RequestFactory().get("/"), exception=exception)
    html = response.content.decode()
    assert response.status_code == status and heading in html
    assert 'href="/"' in html and 'href="/search/"' in html
    assert "Bad Request" not in html and "Forbidden" not in html


# --- In Chromium ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_error_pages_show_in_the_sites_design_with_no_csp_violation(live_server, settings):
    city()
    with chromium(console_log=True, width=360, height=740) as driver:
        start(driver)
        driver.get(live_server.url + "/class/99999999999/")
        loaded(driver)
        assert driver.find_element("css selector", "h1").text == "找不到这个页面"
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert background == SITE_BACKGROUND  # the inline stylesheet applied
        assert violations(driver) == [], "404 page"

        settings.ROOT_URLCONF = ERROR_URLS  # the live server runs in this process
        driver.get(live_server.url + "/broken/")
        loaded(driver)
        assert driver.find_element("css selector", "h1").text == "服务器出了点问题"
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert background == SITE_BACKGROUND
        assert violations(driver) == [], "500 page"
