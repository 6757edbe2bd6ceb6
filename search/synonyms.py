"""The synonym groups in use (the shipped thesaurus and editors' groups) as token sequences,
and the table queries are expanded with.

Matching works on the query's tokens, not on the segmenter's dictionary, so adding a synonym
never changes how documents were indexed and needs no re-index. Every backend (SQLite,
PostgreSQL, Elasticsearch) expands queries with `table()` in search/query.py.

Each process keeps the groups and the table built from them (a few hundred groups: building
costs milliseconds, too much for every query) for as long as the shared cache holds the same
version stamp. Saving or deleting a group drops the stamp, so every process (web and worker,
through the Redis cache in production) rebuilds from the database at its next query.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from .analysis import document_tokens, term_tokens
from .models import SynonymGroup
from .sounds import index

VERSION_KEY = "search:synonyms:version:v2"
CACHE_SECONDS = 600

Tokens = tuple[str, ...]
Group = tuple[Tokens, ...]

_built: dict = {}  # this process's copy (version, groups, table), replaced whole


def _read() -> tuple[list[Group], dict[Tokens, frozenset[str]]]:
    """The groups in use, and for each term the tokens a lesson saying it is indexed with."""
    groups, covers = [], {}
    for group in SynonymGroup.objects.filter(active=True):
        terms = {}
        for term in group.term_list():
            tokens = term_tokens(term)
            if tokens:
                terms.setdefault(tokens, frozenset(document_tokens(term)))
        if len(terms) > 1:
            groups.append(tuple(terms))
            for tokens, indexed in terms.items():
                covers[tokens] = covers.get(tokens, indexed) & indexed
    return groups, covers


def _current() -> dict:
    global _built
    built, version = _built, cache.get(VERSION_KEY)
    if version is None or built.get("version") != version:
        groups, covers = _read()
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(VERSION_KEY, version, CACHE_SECONDS):
                version = cache.get(VERSION_KEY, version)
        table = _table(groups, covers)
        built = {"version": version, "groups": groups, "table": table, "sounds": index(table)}
        _built = built
    return built


def groups() -> list[Group]:
    """Every group in use as a tuple of its terms' token sequences (empty terms dropped)."""
    return list(_current()["groups"])


def by_sound() -> dict[str, Tokens]:
    """Toneless pinyin → the thesaurus term that sounds so (search.sounds)."""
    return _current()["sounds"]


def table() -> dict[Tokens, tuple[Tokens, ...]]:
    """token sequence of a term → the terms to search for it, the term itself first: every
    term of its group(s), except those a lesson can only contain by also containing another
    of them (see _searched). Shared by this process's queries: do not change it."""
    return _current()["table"]


def _table(groups: list[Group], covers) -> dict[Tokens, tuple[Tokens, ...]]:
    found: dict[Tokens, list[Tokens]] = {}
    for group in groups:
        for term in group:
            alternatives = found.setdefault(term, [term])
            alternatives.extend(t for t in group if t not in alternatives)
    return {term: _searched(alternatives, covers) for term, alternatives in found.items()}


def _searched(alternatives: list[Tokens], covers) -> tuple[Tokens, ...]:
    """Leave out a term whose every match is already a match of another term searched:
    a lesson saying 家庭作业 is indexed with 作业 too, and a term's words are ANDed (not a
    phrase), so with 作业 searched, 家庭作业 finds nothing more and would only count the
    same lesson twice in the ranking. Of two terms that match the same lessons (沉迷网络,
    网络沉迷), the first is kept. The term typed always stays, first."""

    def within(a, b) -> bool:  # every lesson that has term a also has every word of term b
        return set(b) <= covers[a]

    kept = [alternatives[0]]
    for i, a in enumerate(alternatives[1:], 1):
        if not any(
            within(a, b) and (j < i or not within(b, a))
            for j, b in enumerate(alternatives)
            if j != i
        ):
            kept.append(a)
    return tuple(kept)


def forget(**kwargs) -> None:
    """Drop the version stamp now, and again when the transaction commits (a process that
    read the groups in between would otherwise keep the old ones)."""
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


def connect_signals() -> None:
    from django.apps import apps

    from .thesaurus.sync import keep_deleted_group_off, sync_after_migrate

    post_save.connect(forget, sender=SynonymGroup, dispatch_uid="search-synonyms-saved")
    post_delete.connect(forget, sender=SynonymGroup, dispatch_uid="search-synonyms-deleted")
    post_delete.connect(
        keep_deleted_group_off, sender=SynonymGroup, dispatch_uid="search-thesaurus-deleted"
    )
    post_migrate.connect(
        sync_after_migrate,
        sender=apps.get_app_config("search"),
        dispatch_uid="search-thesaurus-sync",
    )
