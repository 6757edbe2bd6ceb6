"""Admin endpoints: live job status, retry, the original's download, and usage (checked)."""

import re
from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtailmedia.views import media as wagtailmedia_views

from .jobs import retry
from .models import LessonMedia
from .permissions import can_change, can_choose, policy

MAX_STATUS_IDS = 200
_ID = re.compile(r"[0-9]{1,18}", re.ASCII)  # no '²' or '٣' (str.isdigit), no bigint overflow


@require_GET
def status(request):
    """{id: {status, label, progress, error}} for the ids asked about that the user may see."""
    raw = request.GET.get("ids", "").split(",")
    if len(raw) > MAX_STATUS_IDS or not all(_ID.fullmatch(i) for i in raw if i):
        return HttpResponseBadRequest(_("Invalid media ids."))
    ids = [int(i) for i in raw if i]
    visible = policy().instances_user_has_any_permission_for(request.user, ["change", "choose"])
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
    if not can_change(request.user, media):
        raise PermissionDenied
    if retry(media):
        messages.success(request, _("'%(title)s' is queued again.") % {"title": media.title})
    else:
        messages.error(request, _("Only a failed item can be retried."))
    return redirect("wagtailmedia:edit", media.pk)


@require_GET
def original(request, media_id):
    """The uploaded original, to users who may change the item (its storage is private)."""
    media = get_object_or_404(LessonMedia, pk=media_id)
    if not can_change(request.user, media) or not media.file:
        # A plain 403 (not the admin's redirect to the dashboard): this is a file address.
        return HttpResponseForbidden(_("You may not download this original."))
    name = PurePosixPath(media.file.name).name
    try:
        path = media.file.path
    except NotImplementedError:  # object storage: a short-lived signed URL
        return redirect(media.file.storage.url(media.file.name))
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name)  # noqa: SIM115


def usage(request, media_id):
    """wagtailmedia's usage view, for users who may choose this item only (it lists pages).
    Others get the admin's usual refusal (a message and the dashboard)."""
    media = get_object_or_404(LessonMedia, pk=media_id)
    if not can_choose(request.user, media):
        raise PermissionDenied
    return wagtailmedia_views.usage(request, media_id)
