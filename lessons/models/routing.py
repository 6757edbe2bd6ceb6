"""Finding the page a URL names in two queries, however deep it lies.

Wagtail's Page.route walks the path one segment at a time: a query for the child with that
slug and another for its specific row, at every level (a lesson in a school's section,
/city/district/town/school/lesson/, costs ten). Then serving reads the view restrictions of
the page and its ancestors (two queries), and again for the Cache-Control header.

`SiteRootRouteMixin`, on the page type at the root of a Site, reads the root's ancestors and
every page the path could name — the pages below the root with the segment's slug at the
segment's depth (Page.slug is indexed) — in one query, each marked with whether it carries a
view restriction; then the page itself, with what serving it reads (`objects_for_serving`),
in a second. Wagtail's semantics are kept:

- The walk follows the tree as Page.route does: each segment is the child of the previous
  page with that slug (drafts may be passed through, the page served must be live), else 404.
- A page on the way whose type routes by itself (RoutablePageMixin, a custom `route`) gets
  the rest of the path, as it would from Page.route.
- What the single query cannot decide as Page.route would — two children with one slug, an
  alias on the way, ancestors moved meanwhile, a path longer than any page's — goes to
  Page.route.
- View restrictions: the served page is given the restrictions of its ancestors found by
  the query (`ViewRestrictionsMixin`): Wagtail's serve hook reads them from there, then
  `PublicPageMixin` asks again and gets the same, already evaluated, queryset.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

MAX_SEGMENTS = 12  # deeper than any page here; a longer path is walked as Page.route does


def _inclusive_ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _routes_itself(model) -> bool:
    """A page type with its own `route` (sub-routes): the walk hands the rest of the path
    over to it."""
    return model.route is not Page.route and not issubclass(model, SiteRootRouteMixin)


def _specific_for_serving(page: Page) -> Page:
    """The page as its specific type, with what serving it reads (one query)."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page
    objects = getattr(model, "objects_for_serving", None)
    queryset = objects() if objects else model._default_manager.all()
    try:
        specific = queryset.get(pk=page.pk)
    except model.DoesNotExist:
        raise Http404 from None  # deleted meanwhile
    if hasattr(page, "_cached_parent_obj"):
        specific._cached_parent_obj = page._cached_parent_obj
    return specific


class _Fallback(Exception):
    """The single query cannot decide as Page.route would: walk the tree as it does."""


class ViewRestrictionsMixin:
    """get_view_restrictions() as given by routing (no query when none apply; the same,
    evaluated once, queryset on every call), else Wagtail's."""

    _routed_view_restrictions = None

    def get_view_restrictions(self):
        if self._routed_view_restrictions is not None:
            return self._routed_view_restrictions
        return super().get_view_restrictions()


class SiteRootRouteMixin(ViewRestrictionsMixin):
    """For the page type at the root of a Site: route in two queries (see the module)."""

    def route(self, request, path_components):
        try:
            if len(path_components) > MAX_SEGMENTS:
                raise _Fallback  # Page.route stops at the first segment that is no page
            return self._route_at_once(request, list(path_components))
        except _Fallback:
            return super().route(request, path_components)

    def _route_at_once(self, request, components):
        below = Q()
        for level, slug in enumerate(components, start=self.depth + 1):
            below |= Q(depth=level, slug=slug)
        found = list(
            Page.objects.filter(
                Q(path__in=_inclusive_ancestor_paths(self.path))
                | (Q(path__startswith=self.path) & below if components else Q(pk__in=[]))
            )
            .annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
            .order_by("path")
        )
        ancestors = [p for p in found if p.depth <= self.depth]
        if [p.path for p in ancestors] != _inclusive_ancestor_paths(self.path):
            raise _Fallback  # the tree changed under us
        if any(p.alias_of_id for p in ancestors):
            raise _Fallback  # Wagtail checks an alias's source page instead
        restricted = [p.pk for p in ancestors if p.restricted]
        parent = self
        for index, slug in enumerate(components):
            children = [
                p
                for p in found
                if p.depth == parent.depth + 1 and p.slug == slug and p.path.startswith(parent.path)
            ]
            if not children:
                raise Http404  # as Page.route: no child with that slug
            if len(children) > 1 or children[0].alias_of_id:
                raise _Fallback  # two children with one slug; an alias
            page = children[0]
            if page.restricted:
                restricted.append(page.pk)
            page._cached_parent_obj = parent
            parent = page
            if _routes_itself(page.specific_class or Page):
                return self._hand_over(page, request, components[index + 1 :], restricted)
        if parent is self:
            self._give_restrictions(self, restricted)
            return super().route(request, [])
        page = _specific_for_serving(parent)
        self._give_restrictions(page, restricted)
        return page.route(request, [])

    def _hand_over(self, page, request, components, restricted):
        page = _specific_for_serving(page)
        self._give_restrictions(page, restricted)
        return page.route(request, components)

    @staticmethod
    def _give_restrictions(page, restricted):
        if isinstance(page, ViewRestrictionsMixin):
            page._routed_view_restrictions = (
                PageViewRestriction.objects.filter(page_id__in=restricted)
                if restricted
                else PageViewRestriction.objects.none()
            )
