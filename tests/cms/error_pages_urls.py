"""A URLconf for tests/cms/test_error_pages.py only (ROOT_URLCONF in those tests): views that
fail, so that the real 500 handler runs through the whole middleware stack. Nothing else is
routed, so the error pages cannot lean on reversing the site's URLs either."""

from django.urls import path

from lessons.models import LessonPage


def broken(request):
    raise RuntimeError("a bug in a view")


def needs_the_database(request):
    # In a test without database access this query fails as a down database would.
    return LessonPage.objects.count()


urlpatterns = [
    path("broken/", broken),
    path("needs-the-database/", needs_the_database),
]
