"""The parent-education thesaurus shipped with the product (search/thesaurus/groups.txt):
the file itself, its sync into SynonymGroup rows after migrate, editors' changes surviving
the sync, and a fresh site finding lessons in parents' words on PostgreSQL and SQLite."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from search import synonyms
from search.analysis import document_tokens, is_stop_word, term_tokens
from search.models import SynonymGroup
from search.service import Filters, search_lessons
from search.thesaurus import ShippedGroup, ThesaurusError, load, parse
from search.thesaurus.sync import sync
from tests.factories import ConceptLessonFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]

# Words too broad for a group in a parent school: nearly every lesson has them.
TOO_BROAD = {"孩子", "家长", "父母", "教育", "学习", "学生", "老师", "学校", "家庭", "成长", "问题"}

# A parent's word, and a lesson that uses only another word of its group.
PARENTS_WORDS = [
    ("网瘾", "孩子沉迷网络，家长怎么办", "周末一整天都在沉迷网络，作业也顾不上。"),
    ("厌学", "孩子不想上学了", "早上一到出门就说肚子疼，不想上学。"),
    ("霸凌", "对欺凌说不", "学校里的欺凌，家长要第一时间知道。"),
    ("二胎", "有了二宝以后", "老大觉得爸爸妈妈的爱被二宝分走了。"),
    ("走神", "专注力是可以练的", "专注力不是天生的，每天十分钟的小游戏就能练。"),
    ("中考", "初三家长：稳住节奏", "初三这一年，家长先把自己的情绪稳住。"),
]


# The file


def test_the_thesaurus_has_hundreds_of_groups_with_known_sources():
    groups = load()
    assert len(groups) >= 300
    assert {group.source for group in groups} == {"seed", "law", "moe", "school", "team"}


def test_every_term_yields_tokens():
    assert [t for g in load() for t in g.terms if not term_tokens(t)] == []


def test_no_term_is_in_two_groups():
    """Terms are compared as the token sequences queries are matched on, so 焦慮 and 焦虑
    (or ADHD and adhd) count as the same term."""
    seen, conflicts = {}, []
    for group in load():
        for term in group.terms:
            tokens = term_tokens(term)
            if tokens in seen and seen[tokens] != group.key:
                conflicts.append((term, seen[tokens], group.key))
            seen.setdefault(tokens, group.key)
    assert conflicts == []


@pytest.mark.parametrize("context", ["{}", "关于{}的问题", "家长说：{}。"])
def test_a_lesson_that_says_a_term_has_every_token_of_it(context):
    """Queries are cut in precise mode, lessons in search mode: each term's tokens must be
    among the tokens of a text containing it, or the group could never match that text."""
    missing = [
        term
        for group in load()
        for term in group.terms
        if not set(term_tokens(term)) <= set(document_tokens(context.format(term)))
    ]
    assert missing == []


def test_no_term_is_a_broad_word_a_single_character_or_only_stop_words():
    bad = [
        term
        for group in load()
        for term in group.terms
        if term in TOO_BROAD
        or len(term) < 2
        or all(is_stop_word(token) for token in term_tokens(term))
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("dict  网瘾、沉迷网络", "unknown source"),
        ("team  网瘾", "at least two terms"),
        ("team  网瘾、沉迷网络\nseed  网瘾、游戏成瘾", "a second group"),
        ("team  网瘾、沉迷,网络", "comma"),
    ],
)
def test_a_malformed_line_is_refused_with_its_line_number(line, message):
    with pytest.raises(ThesaurusError, match=message):
        parse(["# comment", "", *line.split("\n")])


# The sync


def shipped_row(key: str) -> SynonymGroup:
    return SynonymGroup.objects.get(key=key)


def edit(key: str, terms: str) -> None:
    row = shipped_row(key)
    row.terms = terms
    row.save()


@pytest.mark.django_db
def test_after_migrate_every_shipped_group_is_in_use():
    rows = SynonymGroup.objects.exclude(key="")
    assert sorted(rows.values_list("key", flat=True)) == sorted(g.key for g in load())
    assert not rows.filter(active=False).exists()
    assert not [row for row in rows if row.edited]
    assert "沉迷网络" in shipped_row("网瘾").term_list()


@pytest.mark.django_db
def test_running_the_sync_again_changes_nothing():
    report = sync()
    assert (report.created, report.updated, report.removed, report.changed) == (0, 0, 0, False)


@pytest.mark.django_db
def test_an_editors_edit_survives_migrate():
    edit("网瘾", "网瘾、网络成瘾、电子海洛因")
    call_command("migrate", verbosity=0)
    row = shipped_row("网瘾")
    assert (row.term_list(), row.edited, row.active) == (
        ["网瘾", "网络成瘾", "电子海洛因"],
        True,
        True,
    )


@pytest.mark.django_db
def test_a_switched_off_group_stays_off_and_out_of_search():
    row = shipped_row("网瘾")
    row.active = False
    row.save()
    sync()
    assert shipped_row("网瘾").active is False
    assert all(("网瘾",) not in group for group in synonyms.groups())


@pytest.mark.django_db
def test_a_deleted_shipped_group_is_not_brought_back_into_search():
    shipped_row("霸凌").delete()
    sync()
    row = shipped_row("霸凌")
    assert row.active is False
    assert all(("霸凌",) not in group for group in synonyms.groups())


@pytest.mark.django_db
def test_a_release_updates_unedited_groups_adds_new_ones_and_keeps_edited_ones():
    edit("霸凌", "霸凌、欺凌")
    release = [g for g in load() if g.key not in {"网瘾", "二胎", "霸凌"}] + [
        ShippedGroup("team", ("网瘾", "沉迷网络", "网络游戏成瘾"), 0),  # changed
        ShippedGroup("team", ("霸凌", "欺凌", "校园暴力"), 0),  # changed, but edited here
        ShippedGroup("team", ("研究性学习", "探究式学习"), 0),  # new
    ]  # 二胎 dropped
    report = sync(shipped=release)
    assert (report.created, report.updated, report.kept_edited, report.removed) == (1, 1, 1, 1)
    assert shipped_row("网瘾").term_list() == ["网瘾", "沉迷网络", "网络游戏成瘾"]
    bullying = shipped_row("霸凌")
    assert (bullying.term_list(), bullying.shipped_terms) == (
        ["霸凌", "欺凌"],
        "霸凌、欺凌、校园暴力",
    )
    assert shipped_row("研究性学习").active
    assert not SynonymGroup.objects.filter(key="二胎").exists()


@pytest.mark.django_db
def test_an_edited_group_the_release_drops_stays_as_the_editors_own():
    edit("二胎", "二胎、二宝、老二、小二")
    report = sync(shipped=[g for g in load() if g.key != "二胎"])
    assert report.released == 1
    kept = SynonymGroup.objects.get(terms="二胎、二宝、老二、小二")
    assert (kept.key, kept.active, kept.origin()) == ("", True, "编辑添加")


@pytest.mark.django_db
def test_an_edit_in_the_admin_survives_the_sync_and_the_list_says_so(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippets_search_synonymgroup:edit", args=[shipped_row("网瘾").pk])
    response = client.post(url, {"terms": "网瘾、网络成瘾、电子海洛因", "active": "on"})
    assert response.status_code == 302
    sync()
    assert shipped_row("网瘾").term_list() == ["网瘾", "网络成瘾", "电子海洛因"]
    listing = client.get(reverse("wagtailsnippets_search_synonymgroup:list")).content.decode()
    assert 0 < listing.count("系统预置（已修改）") < listing.count("系统预置")


@pytest.mark.django_db
def test_editors_own_groups_are_left_alone_by_the_sync():
    own = SynonymGroup.objects.create(terms="网瘾、电子海洛因")
    sync()
    own.refresh_from_db()
    assert (own.key, own.term_list(), own.origin()) == ("", ["网瘾", "电子海洛因"], "编辑添加")


@pytest.mark.django_db
def test_a_term_a_lesson_can_only_have_with_another_of_its_group_is_not_searched_twice():
    """家庭作业 is indexed with 作业 too: searching both finds nothing more and would count
    such a lesson twice in the ranking. The word typed is always searched, first."""
    table = synonyms.table()
    assert table[("作业",)] == (("作业",), ("功课",))
    assert table[("家庭作业",)] == (("家庭作业",), ("作业",), ("功课",))


@pytest.mark.django_db
def test_every_process_sees_an_edit_at_its_next_query():
    """Each process keeps the table it built while the shared cache holds the same version
    stamp; an edit drops the stamp."""
    before = synonyms.table()
    assert synonyms.table() is before  # built once
    edit("作业", "作业、功课、课业")
    assert synonyms.table()[("作业",)] == (("作业",), ("功课",), ("课业",))


# Finding lessons in parents' words (PostgreSQL)


def titles(query: str) -> list[str]:
    return [hit.page.title for hit in search_lessons(query, Filters()).hits]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "title", "body"), PARENTS_WORDS)
def test_a_fresh_site_finds_a_lesson_in_the_parents_word(query, title, body):
    ConceptLessonFactory(title=title, summary=body)
    assert titles(query) == [title]


@pytest.mark.django_db
def test_without_its_group_the_parents_word_finds_nothing():
    """The lessons above are found because of the thesaurus, not by chance."""
    ConceptLessonFactory(title="孩子沉迷网络，家长怎么办", summary="周末一整天都在沉迷网络。")
    SynonymGroup.objects.filter(key="网瘾").update(active=False)
    synonyms.forget()
    assert titles("网瘾") == []


@pytest.mark.django_db
def test_an_editors_own_group_extends_a_shipped_one():
    ConceptLessonFactory(title="远离电子海洛因", summary="短视频和游戏的吸引力从哪里来。")
    ConceptLessonFactory(title="孩子沉迷网络，家长怎么办", summary="周末一整天都在沉迷网络。")
    SynonymGroup.objects.create(terms="网瘾、电子海洛因")
    assert sorted(titles("网瘾")) == ["孩子沉迷网络，家长怎么办", "远离电子海洛因"]


@pytest.mark.django_db
def test_an_editors_edit_of_a_shipped_group_wins():
    ConceptLessonFactory(title="孩子沉迷网络，家长怎么办", summary="周末一整天都在沉迷网络。")
    edit("网瘾", "网瘾、游戏成瘾")
    assert titles("网瘾") == []


# The same on SQLite (the demo's database), in its own process

SQLITE_CHECK = """
import json, sys, django
django.setup()
from django.core.management import call_command
from django.urls import reverse
call_command("migrate", verbosity=0)
from tests.factories import ConceptLessonFactory, UserFactory
from search.service import Filters, search_lessons
cases = json.loads(sys.argv[1])
for query, title, body in cases:
    ConceptLessonFactory(title=title, summary=body)
print(json.dumps({q: [h.page.title for h in search_lessons(q, Filters()).hits] for q, _, _ in cases}))
"""


def test_a_fresh_sqlite_site_finds_lessons_in_the_parents_words():
    with tempfile.TemporaryDirectory() as directory:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "SQLITE_PATH": str(Path(directory) / "fresh.sqlite3"),
        }
        out = subprocess.run(
            [sys.executable, "-c", SQLITE_CHECK, json.dumps(PARENTS_WORDS)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True,
        )  # fmt: skip
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {query: [title] for query, title, _ in PARENTS_WORDS}
