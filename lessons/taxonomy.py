"""School stages (学段) and grades (年级): fixed codes, known without a database query.

The same data is written to the Stage and Grade tables by migration 0002 so that
pages can relate to them; this module is what code reads at run time.
"""

from dataclasses import dataclass

ALL_STAGES = "all"  # 全学段: a lesson for every stage and grade


@dataclass(frozen=True)
class StageInfo:
    code: str
    name: str
    grade_codes: tuple[str, ...]


@dataclass(frozen=True)
class GradeInfo:
    code: str
    name: str
    stage_code: str
    order: int


STAGES: tuple[StageInfo, ...] = (
    StageInfo("kindergarten", "幼儿园", ("k1", "k2", "k3")),
    StageInfo("primary", "小学", ("p1", "p2", "p3", "p4", "p5", "p6")),
    StageInfo("junior", "初中", ("j1", "j2", "j3")),
    StageInfo("senior", "高中", ("s1", "s2", "s3")),
)

_GRADE_NAMES = {
    "k1": "小班", "k2": "中班", "k3": "大班",
    "p1": "一年级", "p2": "二年级", "p3": "三年级",
    "p4": "四年级", "p5": "五年级", "p6": "六年级",
    "j1": "初一", "j2": "初二", "j3": "初三",
    "s1": "高一", "s2": "高二", "s3": "高三",
}  # fmt: skip

STAGE_BY_CODE: dict[str, StageInfo] = {s.code: s for s in STAGES}
GRADES: tuple[GradeInfo, ...] = tuple(
    GradeInfo(code, _GRADE_NAMES[code], stage.code, order)
    for order, (stage, code) in enumerate(
        (stage, code) for stage in STAGES for code in stage.grade_codes
    )
)
GRADE_BY_CODE: dict[str, GradeInfo] = {g.code: g for g in GRADES}


def stage_of(grade_code: str) -> StageInfo:
    return STAGE_BY_CODE[GRADE_BY_CODE[grade_code].stage_code]


# By the names parents type (一年级, 初中): search reads a query's grade or stage from these.
STAGE_BY_NAME: dict[str, StageInfo] = {s.name: s for s in STAGES}
GRADE_BY_NAME: dict[str, GradeInfo] = {g.name: g for g in GRADES}
