"""The lessons API's content, filters, field selection, limits and methods."""

import pytest

from lessons.models import LESSON_KINDS

pytestmark = pytest.mark.django_db


def items(client, **params) -> list[dict]:
    response = client.get("/api/v2/lessons/", {"limit": 50, **params})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_the_kind_filter_takes_every_kind_of_the_registry(client, api_site):
    for kind in LESSON_KINDS:
        found = items(client, kind=kind.code)
        assert found and {item["kind"] for item in found} == {kind.code}
        assert {item["meta"]["type"] for item in found} == {kind.model._meta.label}


def test_grade_stage_and_topic_filters(client, api_site):
    p1 = {item["id"] for item in items(client, grade="p1")}
    assert api_site.live.micro.pk in p1 and api_site.live.concept.pk not in p1
    assert api_site.live.episode.pk in p1  # all stages
    junior = {item["id"] for item in items(client, stage="junior")}
    assert api_site.live.concept.pk in junior and api_site.live.micro.pk not in junior
    topic = {item["id"] for item in items(client, topic=api_site.topic.pk)}
    assert topic == {api_site.live.micro.pk}


def test_a_listing_item_is_small(client, api_site):
    item = next(i for i in items(client) if i["id"] == api_site.live.micro.pk)
    assert set(item) == {
        "id", "meta", "title", "kind", "kind_label", "summary", "audience", "cover",
    }  # fmt: skip
    assert item["audience"] == {
        "all_stages": False,
        "stages": [{"code": "primary", "name": "小学"}],
        "grades": [{"code": "p1", "name": "一年级"}],
        "label": "一年级",
    }
    assert item["cover"]["url"].startswith("http://") and item["cover"]["width"] == 320


def test_field_selection(client, api_site):
    item = items(client, fields="_,title")[0]
    assert set(item) == {"title"}
    item = items(client, fields="topics,-summary", kind="micro", topic=api_site.topic.pk)[0]
    assert item["topics"] == [{"id": api_site.topic.pk, "name": "作息"}]
    assert "summary" not in item
    response = client.get("/api/v2/lessons/", {"fields": "media"})  # detail only
    assert response.status_code == 400 and "media" in response.json()["message"]


def test_a_micro_lesson_has_its_players_sources(client, api_site):
    lesson = client.get(f"/api/v2/lessons/{api_site.live.micro.pk}/").json()
    media = lesson["media"]
    prefix = f"http://localhost/media/{api_site.live.micro.video.outputs_prefix}"
    assert media["hls"] == f"{prefix}/hls/master.m3u8"
    assert [(r["height"], r["bitrate"]) for r in media["mp4"]] == [(360, 600_000), (720, 1_800_000)]
    assert media["mp4"][0]["url"] == f"{prefix}/360p.mp4"
    assert media["audio"]["url"] == f"{prefix}/listen.m4a"
    assert media["captions"] == "http://localhost/media/captions/zh.vtt"
    assert media["poster"]["jpeg"] == f"{prefix}/poster.jpg"
    assert lesson["key_points"] == ["早睡早起", "固定作息"]
    assert lesson["transcript"].startswith("各位家长好")
    assert lesson["series"]["id"] == api_site.live.series.pk


def test_a_required_lesson_has_its_five_steps(client, api_site):
    steps = client.get(f"/api/v2/lessons/{api_site.live.required.pk}/").json()["steps"]
    assert [step["number"] for step in steps] == [1, 2, 3, 4, 5]
    assert steps[0]["video"] and steps[0]["text"].startswith("<p>")
    assert steps[2]["points"] == ["提前调整作息"]


def test_a_lesson_without_processed_media_has_none(client, api_site):
    assert client.get(f"/api/v2/lessons/{api_site.live.concept.pk}/").json()["media"] is None


def test_search_calls_the_parents_search(client, api_site):
    response = client.get("/api/v2/search/", {"q": "作息", "grade": "p1"})
    body = response.json()
    assert api_site.live.micro.pk in {item["id"] for item in body["items"]}
    assert body["meta"]["per_page"] == 10 and "<mark>" in body["items"][0]["snippet"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v2/lessons/?kind=lesson", "没有这种课程类型"),
        ("/api/v2/lessons/?grade=p9", "没有这个年级"),
        ("/api/v2/lessons/?stage=%00", "没有这个学段"),
        ("/api/v2/lessons/?topic=" + "9" * 30, "主题无效"),
        ("/api/v2/lessons/?limit=51", "limit"),
        ("/api/v2/lessons/?limit=0", "limit"),
        ("/api/v2/lessons/?offset=" + "9" * 5000, "offset"),
        ("/api/v2/lessons/?offset=-1", "offset"),
        ("/api/v2/lessons/?order=title", "未知的查询参数"),
        ("/api/v2/lessons/?grade=p1&grade=p2", "重复"),
        ("/api/v2/lessons/?fields=title(", "fields"),
        ("/api/v2/lessons/?fields=nonsense", "nonsense"),
        ("/api/v2/lessons/first-lessons/?year=1e9", "year"),
        ("/api/v2/search/?q=a&page=0", "页码无效"),
        ("/api/v2/search/?q=" + "孩" * 500, "不要超过200"),
        ("/api/v2/search/?kind=%27", "没有这种课程类型"),
    ],
)
def test_hostile_parameters_are_a_400_with_a_chinese_message(client, api_site, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_ids_out_of_range_are_a_404(client, api_site):
    for pk in ("0", "2147483648", "9" * 20):
        assert client.get(f"/api/v2/lessons/{pk}/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, api_site, method):
    for url in (
        "/api/v2/lessons/",
        f"/api/v2/lessons/{api_site.live.micro.pk}/",
        "/api/v2/search/",
    ):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_and_options(client, api_site):
    assert client.head("/api/v2/lessons/").status_code == 200
    assert client.options("/api/v2/lessons/").status_code == 200


def test_answers_are_kept_by_clients_only(client, api_site):
    response = client.get("/api/v2/lessons/")
    assert response["Cache-Control"] == "max-age=60"  # not public: no shared cache
    assert response["X-Accel-Expires"] == "0"
    document = client.get("/api/v2/openapi.json")
    assert document["Cache-Control"] == "public, max-age=3600"
    assert document.json()["openapi"] == "3.0.3"
