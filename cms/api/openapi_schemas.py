"""The JSON Schemas of the lessons API's responses (components of cms.api.openapi).

Kept beside the field lists (cms.api.serializers) and checked against real responses by
tests/cms/api/test_openapi_fuzz.py (schemathesis) and test_openapi.py: a field added there
and not here fails the tests (objects allow no other properties).
"""

from lessons.models import LESSON_KINDS, FirstLesson
from lessons.taxonomy import GRADES, STAGES


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, required=(), nullable: bool = False) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if nullable:
        schema["nullable"] = True
    return schema


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
URL = {"type": "string", "format": "uri"}
NULLABLE_URL = {"type": "string", "format": "uri", "nullable": True}
INTEGER = {"type": "integer"}
NULLABLE_INTEGER = {"type": "integer", "nullable": True}
BOOLEAN = {"type": "boolean"}
KIND_CODES = [kind.code for kind in LESSON_KINDS]
GRADE_CODES = [grade.code for grade in GRADES]
STAGE_CODES = [stage.code for stage in STAGES]

CODE_NAME = obj({"code": STRING, "name": STRING}, required=("code", "name"))

LESSON_FIELDS = {
    "id": INTEGER,
    "meta": obj(
        {
            "type": {"type": "string", "description": "The page model, e.g. lessons.MicroLesson"},
            "detail_url": URL,
            "html_url": NULLABLE_URL,
            "slug": STRING,
            "first_published_at": {"type": "string", "format": "date-time", "nullable": True},
        }
    ),
    "title": STRING,
    "kind": {"type": "string", "enum": KIND_CODES},
    "kind_label": STRING,
    "summary": STRING,
    "audience": obj(
        {
            "all_stages": BOOLEAN,
            "stages": array(CODE_NAME),
            "grades": array(CODE_NAME),
            "label": {"type": "string", "description": "e.g. 全学段, 小学, 一年级、二年级"},
        },
        required=("all_stages", "stages", "grades", "label"),
    ),
    "cover": obj({"url": URL, "width": INTEGER, "height": INTEGER}, ("url",), nullable=True),
    "topics": array(obj({"id": INTEGER, "name": STRING}, required=("id", "name"))),
    "organisation": obj({"name": STRING}, required=("name",), nullable=True),
}

LESSON_LINK = obj(
    {"id": INTEGER, "title": STRING, "detail_url": URL, "html_url": NULLABLE_URL},
    required=("id", "title", "detail_url", "html_url"),
)

MEDIA = obj(
    {
        "duration": {"type": "number"},
        "width": NULLABLE_INTEGER,
        "height": NULLABLE_INTEGER,
        "audio_only": BOOLEAN,
        "hls": {**NULLABLE_URL, "description": "HLS master playlist"},
        "mp4": array(
            obj(
                {
                    "name": STRING,
                    "width": INTEGER,
                    "height": INTEGER,
                    "bitrate": {**NULLABLE_INTEGER, "description": "bits per second"},
                    "size": {**INTEGER, "description": "bytes"},
                    "url": URL,
                },
                required=("name", "width", "height", "bitrate", "size", "url"),
            )
        ),
        "audio": obj({"url": URL, "size": INTEGER}, ("url", "size"), nullable=True),
        "broadcast_mp3": NULLABLE_URL,
        "captions": {**NULLABLE_URL, "description": "WebVTT"},
        "poster": obj(
            {"jpeg": URL, "webp": NULLABLE_URL, "width": INTEGER, "height": INTEGER},
            required=("jpeg", "webp", "width", "height"),
            nullable=True,
        ),
    },
    required=("duration", "audio_only", "hls", "mp4", "audio", "captions", "poster"),
    nullable=True,
)

STEP = obj(
    {
        "number": INTEGER,
        "name": STRING,
        "video": {**BOOLEAN, "description": "the lesson's video goes with this step"},
        "text": {**STRING, "description": "HTML (step 1)"},
        "points": array(STRING),
        "lessons": array(ref("LessonLink")),
    },
    required=("number", "name", "video"),
)

DETAIL_FIELDS = {
    "body": array(
        obj(
            {
                "type": {"type": "string", "enum": ["heading", "paragraph", "quote", "image"]},
                "value": {"type": "string", "description": "text, HTML, or an image's URL"},
            },
            required=("type", "value"),
        )
    ),
    "media": ref("Media"),
    # Each kind's own fields (cms.api.serializers.KIND_FIELDS).
    "speaker": STRING,
    "speaker_title": STRING,
    "steps": array(ref("Step")),
    "lessons": array(ref("LessonLink")),
    "key_points": array(STRING),
    "transcript": STRING,
    "series": {**LESSON_LINK, "nullable": True},
    "number": NULLABLE_INTEGER,
    "air_date": {"type": "string", "format": "date"},
    "guest": STRING,
    "school_year": INTEGER,
    "transition": {"type": "string", "enum": list(FirstLesson.Transition.values)},
    "transition_label": STRING,
}

ERROR = obj({"message": {"type": "string", "description": "In Chinese"}}, required=("message",))


def listing(item: str, meta: dict, required=("total_count",)) -> dict:
    return obj(
        {"meta": obj(meta, required=required), "items": array(ref(item))},
        required=("meta", "items"),
    )


SCHEMAS = {
    "Lesson": obj(LESSON_FIELDS),
    "LessonDetail": obj({**LESSON_FIELDS, **DETAIL_FIELDS}),
    "SearchHit": obj({**LESSON_FIELDS, "snippet": STRING}),
    "LessonLink": LESSON_LINK,
    "Media": MEDIA,
    "Step": STEP,
    "Error": ERROR,
    "LessonList": listing("Lesson", {"total_count": INTEGER}),
    "FirstLessons": listing(
        "Lesson",
        {
            "total_count": INTEGER,
            "school_year": INTEGER,
            "school_year_label": STRING,
            "grade": {"type": "string", "enum": GRADE_CODES, "nullable": True},
        },
        required=("total_count", "school_year", "school_year_label", "grade"),
    ),
    "SearchResults": listing(
        "SearchHit",
        {
            "total_count": INTEGER,
            "page": INTEGER,
            "pages": INTEGER,
            "per_page": INTEGER,
            "max_page": INTEGER,
            "relaxed": {**BOOLEAN, "description": "no lesson has every word: some, or similar"},
        },
        required=("total_count", "page", "pages", "per_page", "max_page", "relaxed"),
    ),
}
