"""Dense (embedding) retrieval beside the lexical index: lessons found by meaning.

- `encoder`: the sentence-embedding model (configured by settings.SEARCH_EMBEDDINGS), loaded
  once per process; query embeddings cached.
- `passages`: what of a lesson is embedded (title and summary; body, steps, transcript,
  captions).
- `store`: the vectors, written when a lesson is published, and nearest-neighbour search —
  in the database (LessonVector rows, a matrix per process) or in Elasticsearch (kNN on a
  `dense_vector` field).
- `tasks`: the background task that embeds a published lesson (Celery in production).
"""
