"""The judged query set (judgements.py) on SQLite and PostgreSQL, ours against stock.

Each vendor runs in its own process (tests/search/relevance.py) on a throwaway database.
Measured 2026-11-24 (docs/search.md): stock recall@10 0.16 / nDCG@10 0.16 on both; ours
0.79 / 0.78 (SQLite) and 0.80 / 0.80 (PostgreSQL). The bars sit just under ours.
"""

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECALL_BAR = 0.75
NDCG_BAR = 0.72
MARGIN_OVER_STOCK = 0.4


@cache
def measured(vendor: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.search.relevance", vendor],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_recall_at_10_is_above_the_bar(vendor):
    assert measured(vendor)["ours"]["recall"] >= RECALL_BAR


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_ndcg_at_10_is_above_the_bar(vendor):
    assert measured(vendor)["ours"]["ndcg"] >= NDCG_BAR


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_ours_beats_stock_modelsearch_clearly(vendor):
    figures = measured(vendor)
    assert figures["ours"]["ndcg"] - figures["stock"]["ndcg"] >= MARGIN_OVER_STOCK
    assert figures["ours"]["recall"] - figures["stock"]["recall"] >= MARGIN_OVER_STOCK


def test_sqlite_and_postgresql_find_the_same_lessons():
    sqlite, postgresql = measured("sqlite"), measured("postgresql")
    assert sqlite["ours"]["matches"] == postgresql["ours"]["matches"]


def test_sqlite_and_postgresql_find_the_same_lessons_for_a_grade():
    sqlite, postgresql = measured("sqlite"), measured("postgresql")
    assert sqlite["ours"]["grade_matches"] == postgresql["ours"]["grade_matches"]
    assert any(sqlite["ours"]["grade_matches"].values())  # the filter keeps some lessons


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_every_way_of_paging_gives_the_same_ranking(vendor):
    paging = measured(vendor)["ours"]["paging"]
    broken = {q: checks for q, checks in paging.items() if not all(checks.values())}
    assert broken == {}
