"""Content-Security-Policy: one policy for the public site, a looser one for the admin.

The policy itself is CONTENT_SECURITY_POLICY in the settings (django-csp). This module adds
two things django-csp has no setting for:

- the sha256 hash of the site's one inline stylesheet (lessons/site_css.py, inlined by
  `{% site_css %}` so that a parent's page is a single request), computed from the same text
  the tag writes, so the two cannot drift apart;
- WeChat's JS-SDK host in script-src and connect-src when an official account is configured
  (WECHAT_APP_ID and WECHAT_APP_SECRET; lessons.sharing): a setting, so the header is still
  the same for everyone;
- CSP_ADMIN_EXTRA under CSP_ADMIN_PATH_PREFIXES ('unsafe-inline' scripts and styles): Wagtail's
  edit forms write inline scripts (date and time pickers, inline panels, wagtailmedia's upload
  form) and Draftail applies inline styles, none of which we control. Nothing else is loosened
  there, and the admin's sign-in page and dashboard need neither (but share the policy).

No nonces: public pages are cached and must be byte-identical for everyone.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from lessons.sharing.wechat import SDK_ORIGIN, configured
from lessons.site_css import site_css


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.config is not None or parts.replace is not None:
            return parts  # a view set its own policy with django-csp's decorators
        extra = {"style-src": [site_css()[1]]}
        if configured():
            extra |= {"script-src": [SDK_ORIGIN], "connect-src": [SDK_ORIGIN]}
        if is_admin_path(request.path_info):
            extra = settings.CSP_ADMIN_EXTRA
        update = dict(parts.update or {})
        for directive, sources in extra.items():
            existing = update.get(directive) or []
            if isinstance(existing, str):
                existing = [existing]
            update[directive] = [*existing, *sources]
        parts.update = update
        return parts
