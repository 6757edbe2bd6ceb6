"""Write the shipped thesaurus into SynonymGroup rows, keeping what editors did.

Runs after every `migrate` (post_migrate, connected in search.synonyms), so an upgrade that
ships new or changed groups brings them in without a migration of its own. Per shipped group
(matched by `key`, its first term):

- no row yet: created, in use;
- a row whose terms are still the shipped ones (switched off or not): its terms follow the
  file, and `active` is left as the editor set it;
- a row an editor edited (its terms differ from `shipped_terms`): left as it is; only
  `shipped_terms` records what the file now says;
- a row whose group the file no longer has: deleted when unedited; kept, as the editors'
  own group (no key), when edited.

Editors' own groups (empty key) are never touched. Deleting a shipped group in the admin
leaves it switched off (see `keep_deleted_group_off`), so the next sync does not bring it back.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, router, transaction

from ..models import split_terms
from . import load, shipped_keys

_syncing = ContextVar("thesaurus_syncing", default=False)


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    kept_edited: int = 0
    removed: int = 0
    released: int = 0  # dropped from the file but edited: now an editors' own group

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.released)

    def __str__(self):
        return (
            f"thesaurus: {self.created} groups added, {self.updated} updated, "
            f"{self.removed} removed, {self.kept_edited} left as editors changed them, "
            f"{self.released} kept as editors' own"
        )


def _edited(row) -> bool:
    return split_terms(row.terms) != split_terms(row.shipped_terms)


def sync(model=None, using: str = DEFAULT_DB_ALIAS, shipped=None) -> SyncReport:
    """Bring the shipped groups (`shipped`, default the file) into `model`'s table.
    `model` may be a migration state's historical model (post_migrate passes one)."""
    if model is None:
        from ..models import SynonymGroup as model
    shipped = {group.key: group.text for group in (load() if shipped is None else shipped)}
    report = SyncReport()
    with transaction.atomic(using=using):
        rows = model._default_manager.using(using)
        existing = {row.key: row for row in rows.exclude(key="").select_for_update()}
        new, changed, released, removed = [], [], [], []
        for key, text in shipped.items():
            row = existing.get(key)
            if row is None:
                new.append(model(key=key, terms=text, shipped_terms=text, active=True))
            elif _edited(row):
                report.kept_edited += 1
                if row.shipped_terms != text:
                    row.shipped_terms = text
                    changed.append(row)
            elif row.terms != text or row.shipped_terms != text:
                row.terms = row.shipped_terms = text
                changed.append(row)
                report.updated += 1
        for key, row in existing.items():
            if key not in shipped:
                if _edited(row):
                    row.key = row.shipped_terms = ""
                    released.append(row)
                else:
                    removed.append(row.pk)
        rows.bulk_create(new)
        rows.bulk_update(changed, ["terms", "shipped_terms"])
        rows.bulk_update(released, ["key", "shipped_terms"])
        token = _syncing.set(True)  # no longer shipped: keep_deleted_group_off stays out
        try:
            rows.filter(pk__in=removed).delete()
        finally:
            _syncing.reset(token)
        report.created, report.released, report.removed = len(new), len(released), len(removed)
    if report.changed or changed:
        from .. import synonyms

        synonyms.forget()
    return report


def sync_after_migrate(sender, app_config, using=DEFAULT_DB_ALIAS, apps=None, verbosity=1, **kw):
    """post_migrate: sync once the table has the thesaurus' columns (migration 0004).
    `flush` (transactional tests) sends post_migrate without `apps`: the installed ones."""
    apps = apps or global_apps
    try:
        model = apps.get_model("search", "SynonymGroup")
    except LookupError:  # the search app is not migrated (yet)
        return
    if not router.allow_migrate_model(using, model):
        return
    if not {"key", "shipped_terms", "active"} <= {f.name for f in model._meta.get_fields()}:
        return
    report = sync(model, using)
    if verbosity >= 1 and report.changed:
        print(f"  {report}")


def keep_deleted_group_off(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_delete: a shipped group an editor deletes comes back switched off, so that the
    next sync, which recreates missing shipped groups, keeps it out of search."""
    if instance.key and instance.key in shipped_keys() and not _syncing.get():
        sender._default_manager.using(using).create(
            key=instance.key,
            terms=instance.terms,
            shipped_terms=instance.shipped_terms,
            active=False,
        )
