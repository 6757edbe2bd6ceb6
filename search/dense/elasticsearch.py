"""Lesson vectors in Elasticsearch (production): an index of its own beside the lessons'
text index, one document a lesson with its passages' vectors as `nested` `dense_vector`s,
searched with approximate kNN (HNSW); a lesson scores its best passage."""

import numpy as np
from elasticsearch import NotFoundError

from .store import moved_towards

NUM_CANDIDATES_FACTOR = 4  # HNSW candidates per shard for each result asked


def index_body(dimensions: int) -> dict:
    return {
        "settings": {"number_of_shards": 1},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "model": {"type": "keyword"},
                "fingerprint": {"type": "keyword", "index": False},
                "passages": {
                    "type": "nested",
                    "properties": {
                        "vector": {
                            "type": "dense_vector",
                            "dims": dimensions,
                            "index": True,
                            "similarity": "cosine",
                        }
                    },
                },
            },
        },
    }


def document(model: str, fingerprint: str, vectors: np.ndarray) -> dict:
    return {
        "model": model,
        "fingerprint": fingerprint,
        "passages": [{"vector": [round(float(x), 6) for x in row]} for row in vectors],
    }


def knn_body(model: str, vector: np.ndarray, k: int) -> dict:
    return {
        "knn": {
            "field": "passages.vector",
            "query_vector": [float(x) for x in vector],
            "k": k,
            "num_candidates": k * NUM_CANDIDATES_FACTOR,
            "filter": {"term": {"model": model}},
        },
        "size": k,
        "_source": False,
    }


def cosine(score: float) -> float:
    """Elasticsearch's cosine score is (1 + cosine) / 2."""
    return 2.0 * score - 1.0


class ElasticsearchVectors:
    def __init__(self, backend):
        self.es = backend.es
        self.name = f"{backend.index_prefix}lesson_vectors"

    def ensure_index(self, dimensions: int) -> None:
        if not self.es.indices.exists(index=self.name):
            self.es.indices.create(index=self.name, **index_body(dimensions))

    def stored_fingerprint(self, page_id: int, model: str) -> str | None:
        try:
            found = self.es.get(
                index=self.name, id=str(page_id), source_includes=["model", "fingerprint"]
            )
        except NotFoundError:
            return None
        source = found["_source"]
        return source["fingerprint"] if source.get("model") == model else None

    def save(self, page_id: int, model: str, fingerprint: str, vectors: np.ndarray) -> None:
        self.ensure_index(vectors.shape[1])
        self.es.index(
            index=self.name, id=str(page_id), document=document(model, fingerprint, vectors)
        )

    def delete(self, page_ids) -> None:
        ids = [str(pk) for pk in page_ids]
        if ids and self.es.indices.exists(index=self.name):
            self.es.delete_by_query(index=self.name, query={"ids": {"values": ids}}, refresh=True)

    def page_ids(self) -> set[int]:
        if not self.es.indices.exists(index=self.name):
            return set()
        from elasticsearch.helpers import scan

        return {int(hit["_id"]) for hit in scan(self.es, index=self.name, query={"_source": False})}

    def _passages_of(self, model, page_ids) -> np.ndarray:
        found = self.es.mget(index=self.name, ids=[str(pk) for pk in page_ids])
        rows = [
            passage["vector"]
            for doc in found["docs"]
            if doc.get("found") and doc["_source"]["model"] == model.name
            for passage in doc["_source"]["passages"]
        ]
        return np.array(rows, dtype=np.float32).reshape(-1, model.dimensions)

    def _knn(self, model, vector, k) -> list[tuple[int, float]]:
        try:
            found = self.es.search(index=self.name, **knn_body(model.name, vector, k))
        except NotFoundError:  # nothing embedded yet
            return []
        return [(int(hit["_id"]), cosine(hit["_score"])) for hit in found["hits"]["hits"]]

    def nearest(self, model, vector, k, feedback=0, weight=0.0) -> list[tuple[int, float]]:
        """kNN; with feedback, again with the query vector moved towards the passages of
        the `feedback` nearest lessons (search.ranking)."""
        near = self._knn(model, vector, k)
        if feedback and near:
            centre = self._passages_of(model, [pk for pk, _ in near[:feedback]]).mean(axis=0)
            near = self._knn(model, moved_towards(vector, centre, weight), k)
        return near
