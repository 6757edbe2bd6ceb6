"""The judged query set (tests/search/corpus) on SQLite and PostgreSQL: lexical only, dense
only and hybrid, beside a naive baseline (every jieba word ORed).

Each vendor runs in its own process (tests/search/relevance.py) on a throwaway database;
the corpus is embedded once per test run (the second vendor reuses the vectors). The bars
sit just under the figures measured on 2026-11-28 (docs/search.md).
"""

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from .corpus import judged, lessons

ROOT = Path(__file__).resolve().parents[2]
BARS = {"ndcg": 0.83, "recall": 0.80, "success3": 0.96}  # hybrid
MARGIN_OVER_NAIVE = 0.1  # hybrid nDCG@10 and recall@10 over the naive OR baseline


@cache
def measured(vendor: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.search.relevance", vendor],
        cwd=ROOT, capture_output=True, text=True, timeout=1500, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def test_the_judged_set_is_large_enough():
    assert len(lessons()) >= 300
    assert len(judged()) >= 120
    assert all(any(g == 2 for g in grades.values()) for grades in judged().values())


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
@pytest.mark.parametrize("metric", sorted(BARS))
def test_hybrid_search_is_above_the_bar(vendor, metric):
    assert measured(vendor)["hybrid"][metric] >= BARS[metric]


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_hybrid_beats_each_of_its_parts_and_the_naive_baseline(vendor):
    figures = measured(vendor)
    for metric in ("ndcg", "recall"):
        assert figures["hybrid"][metric] >= figures["naive_or"][metric] + MARGIN_OVER_NAIVE
        assert figures["hybrid"][metric] > figures["lexical"][metric]
        assert figures["hybrid"][metric] > figures["dense"][metric]


def test_sqlite_and_postgresql_find_the_same_lessons():
    sqlite, postgresql = measured("sqlite"), measured("postgresql")
    assert sqlite["matches"] == postgresql["matches"]


def test_sqlite_and_postgresql_find_the_same_lessons_for_a_grade():
    sqlite, postgresql = measured("sqlite"), measured("postgresql")
    assert sqlite["grade_matches"] == postgresql["grade_matches"]
    assert any(sqlite["grade_matches"].values())  # the filter keeps some lessons


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_every_way_of_paging_gives_the_same_ranking(vendor):
    paging = measured(vendor)["paging"]
    broken = {q: checks for q, checks in paging.items() if not all(checks.values())}
    assert broken == {}
