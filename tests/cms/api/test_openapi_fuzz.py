"""The lessons API fuzzed against its own OpenAPI document (schemathesis), in process.

The document is loaded from the running application (/api/v2/openapi.json, through Django's
WSGI handler, with the seeded site of conftest.py). Every operation is called with data the
document allows (positive: every response must be documented, JSON, and match its schema;
no 5xx) and with data it does not allow (negative: no 5xx). Bounded: MAX_EXAMPLES per
operation and mode, about half a minute in all on two cores.
"""

import json
import time
from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import SECRET

MAX_EXAMPLES = {GenerationMode.POSITIVE: 50, GenerationMode.NEGATIVE: 25}
CHECKS = {
    GenerationMode.POSITIVE: [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ],
    GenerationMode.NEGATIVE: [not_a_server_error],
}
PLAIN = {"Accept-Encoding": "identity"}  # the WSGI client does not decompress
OPERATIONS = {"listLessons", "getLesson", "thisWeeksEpisode", "firstLessons", "searchLessons"}


@contextmanager
def same_connection():
    """Requests through the WSGI handler in the test's transaction: as Django's test client
    does, the handler's signals must not close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def fuzz(operation, mode, record, seeded: dict) -> None:
    """Run the operation's cases; `seeded` {(location, name): values} puts a known value (a
    live lesson's id, a word the lessons have) in place of the generated one now and then,
    so that the positive cases reach the seeded lessons, not only 404s and empty pages."""
    operation_id = operation.definition.raw["operationId"]
    overrides = {key: values for key, values in seeded.items() if key[0] == operation_id}

    @settings(
        max_examples=MAX_EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        picks=st.fixed_dictionaries(
            {
                key: st.one_of(st.none(), st.sampled_from(values))
                for key, values in overrides.items()
            }
        ),
    )
    def run(case, picks):
        if mode == GenerationMode.POSITIVE:
            for (_operation, location, name), value in picks.items():
                if value is not None:
                    container = getattr(case, location)
                    if container is None:
                        container = {}
                        setattr(case, location, container)
                    container[name] = value
        response = case.call(headers=PLAIN)
        case.validate_response(response, checks=CHECKS[mode], headers=PLAIN)
        record(operation_id, mode, response)

    run()


@pytest.mark.django_db
def test_the_api_answers_as_its_openapi_document_says(api_site):
    statuses, with_items, texts = Counter(), Counter(), []

    def record(operation_id, mode, response):
        statuses[operation_id, mode.value, response.status_code] += 1
        if response.status_code == 200:
            body = json.loads(response.content)
            if body.get("items") or body.get("id"):
                with_items[operation_id] += 1
            texts.append(response.content.decode())

    seeded = {
        ("getLesson", "path_parameters", "id"): sorted(api_site.live_ids()),
        ("searchLessons", "query", "q"): ["作息", "家长", "孩子", "必修课", "云课堂"],
    }
    started = time.monotonic()
    with same_connection():
        schema = schemathesis.openapi.from_wsgi("/api/v2/openapi.json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert {op.definition.raw["operationId"] for op in operations} == OPERATIONS
        for operation in operations:
            for mode in MAX_EXAMPLES:
                fuzz(operation, mode, record, seeded)
    seconds = time.monotonic() - started
    print(f"\nschemathesis: {sum(statuses.values())} requests in {seconds:.1f} s")
    for key, count in sorted(statuses.items()):
        print(" ", *key, count)

    # It reached the seeded lessons: listings with items and lessons found by id.
    assert set(with_items) == OPERATIONS, with_items
    assert all(SECRET not in text for text in texts)
    assert seconds < 60
