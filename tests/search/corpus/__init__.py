"""The judged evaluation set: demo lessons plus three written parts (partN.jsonl), with
parents' queries judged by reading the lessons (queriesN.py, and ../judgements.py over the
demo content). `lessons()` lists every corpus line; `judged()` every query's graded titles."""

import importlib
import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO_LESSONS = HERE.parents[2] / "cms" / "demo" / "data" / "lessons.jsonl"  # cms.demo.site's
PARTS = sorted(HERE.glob("part*.jsonl"))


@cache
def lessons() -> list[dict]:
    rows = []
    for path in [DEMO_LESSONS, *PARTS]:
        rows += [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    return rows


def title_of() -> dict[str, str]:
    return {row["id"]: row["title"] for row in lessons()}


def _title(lesson_id: str, titles: dict[str, str]) -> str:
    """A lesson id of the corpus, or "title:…" for demo episodes and first lessons."""
    return lesson_id.removeprefix("title:") if lesson_id.startswith("title:") else titles[lesson_id]


@cache
def judged() -> dict[str, dict[str, int]]:
    """{query: {lesson title: grade}}: the demo set (by title), the writers' (queriesN, by
    id) and the pooled judgements of what the systems returned unjudged (pooledN)."""
    from ..judgements import QUERIES

    queries = {q: dict(grades) for q, grades in QUERIES.items()}
    titles = title_of()
    files = [(path, "QUERIES") for path in sorted(HERE.glob("queries*.py"))]
    files += [(path, "POOLED") for path in sorted(HERE.glob("pooled*.py"))]
    for path, name in files:
        module = importlib.import_module(f"{__name__}.{path.stem}")
        for query, grades in getattr(module, name).items():
            merged = queries[query] if name == "POOLED" else queries.setdefault(query, {})
            for lesson_id, grade in grades.items():
                title = _title(lesson_id, titles)
                merged[title] = max(grade, merged.get(title, 0))
    return queries
