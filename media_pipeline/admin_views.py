"""Admin endpoints: live job status for the media listing and edit view, and retry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.permissions import policy_registry

from .jobs import retry
from .models import LessonMedia


def _policy():
    return policy_registry.get_by_type(LessonMedia)


@require_GET
def status(request):
    """{id: {status, label, progress, error}} for the ids asked about that the user may see."""
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.isdigit()][:200]
    visible = _policy().instances_user_has_any_permission_for(request.user, ["change", "choose"])
    items = visible.filter(pk__in=ids).values("pk", "status", "progress", "error")
    labels = dict(LessonMedia._meta.get_field("status").choices)
    return JsonResponse(
        {
            str(item["pk"]): {
                "status": item["status"],
                "label": str(labels[item["status"]]),
                "progress": item["progress"],
                "error": item["error"],
            }
            for item in items
        }
    )


@require_POST
def retry_view(request, media_id):
    media = get_object_or_404(LessonMedia, pk=media_id)
    if not _policy().user_has_permission_for_instance(request.user, "change", media):
        raise PermissionDenied
    if retry(media):
        messages.success(request, _("'%(title)s' is queued again.") % {"title": media.title})
    else:
        messages.error(request, _("Only a failed item can be retried."))
    return redirect("wagtailmedia:edit", media.pk)
