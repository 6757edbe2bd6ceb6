"""Search benchmark, the queries: what parents type, and one query timed on our backends
(search.service.find, by mode) or on stock modelsearch (bench/search/__main__.py describes
the run)."""

import math
import threading
import time


def say(text: str) -> None:
    print(f"  {text}", flush=True)


ALWAYS = ("家长", "孩子")
QUERIES = (
    # two-character words, common to rare
    "家长", "孩子", "学习", "沟通", "作业", "教育", "情绪", "手机", "睡眠", "阅读", "考试",
    "游戏", "压力", "自信", "习惯", "运动", "近视", "网瘾", "厌学", "叛逆", "早恋", "挑食",
    "拖延", "中考", "高考", "家风", "二孩", "双减", "书写", "口算", "午睡", "入园", "肥胖",
    "抑郁", "焦虑",
    # four-character (or so) phrases
    "亲子沟通", "幼小衔接", "青春期", "情绪管理", "时间管理", "心理健康", "学习习惯", "隔代教养",
    "留守儿童", "劳动教育", "生命教育", "网络游戏", "校园欺凌", "分离焦虑", "家校共育",
    "亲子阅读", "手机依赖", "注意力不集中", "用眼卫生", "志愿填报", "脊柱侧弯", "英语启蒙",
    "零花钱", "防溺水", "短视频", "体育锻炼", "小初衔接", "错题本", "性教育", "网络安全",
    # whole colloquial questions
    "孩子不爱写作业怎么办", "孩子写作业拖拉怎么办", "孩子沉迷手机怎么办",
    "青春期孩子叛逆不听话怎么沟通", "如何培养孩子的阅读习惯", "孩子上一年级前要准备什么",
    "孩子近视了家长应该怎么做", "孩子考试紧张睡不着", "怎样和初中的孩子谈早恋",
    "孩子在学校被欺负了怎么办", "二胎家庭老大吃醋怎么办", "爷爷奶奶太宠孩子怎么办",
    "孩子玩游戏停不下来", "孩子不愿意上学", "孩子挑食不爱吃青菜", "孩子早上起不来上学迟到",
    "孩子上课注意力不集中怎么办", "孩子爱发脾气家长怎么办", "怎么和孩子沟通学习的问题",
    "家长如何帮助孩子管理情绪", "孩子沉迷短视频", "幼儿园孩子分离焦虑哭闹",
    "高三孩子压力大怎么办", "孩子偏科数学不好", "孩子乱花零花钱",
    "留守儿童的心理健康", "如何做好幼小衔接", "孩子网瘾严重怎么办",
    # several words, traditional characters, full-width, synonyms, nothing to find
    "家长 孩子", "孩子 学习 习惯", "家长 沟通 技巧", "孩子焦慮", "網癮", "青春期 叛逆",
    "游戏成瘾", "沉迷网络游戏", "ＡＩ学习", "量子力学", "孩子的", "怎么办",
)  # fmt: skip


def query_specs(count: int, rng) -> list[tuple[str, str]]:
    """(text, grade code or "") in a fixed order: 家长 and 孩子 first, the rest seeded draws."""
    from lessons.taxonomy import GRADES

    grades = [g.code for g in GRADES]
    specs = [(text, "") for text in ALWAYS] + [(text, rng.choice(grades)) for text in ALWAYS]
    rest = list(QUERIES)
    rng.shuffle(rest)
    while len(specs) < count:
        text = rest.pop() if rest else rng.choice(QUERIES)
        specs.append((text, rng.choice(grades) if rng.random() < 0.33 else ""))
    return specs[:count]


def stock_sample(specs, size: int) -> list[int]:
    """Indices of a sample of the specs for stock, each query once: 家长 and 孩子, one
    grade-filtered query (stock refuses the grade filter's Exists(); shown once), then evenly
    spaced unfiltered ones."""
    first = {}
    for i, spec in enumerate(specs):
        first.setdefault(spec, i)
    fixed = [first[(text, "")] for text in ALWAYS if (text, "") in first]
    fixed += [i for (_text, grade), i in first.items() if grade][:1]
    fixed = fixed[:size]
    others = [i for (_text, grade), i in first.items() if not grade and i not in fixed]
    wanted = min(size - len(fixed), len(others))
    if wanted <= 0:
        return fixed
    step = len(others) / wanted
    return fixed + [others[int(n * step)] for n in range(wanted)]


def run_ours(text: str, grade: str, mode: str, embedded: set[str]) -> dict:
    """search.service.find in `mode` and the first page of ids, as search_lessons does (no
    rendering). `embedded` holds the (normalised) texts whose embedding an earlier hybrid
    query already cached: a query's embedding is "cold" on a text's first hybrid search."""
    from search.analysis import normalise
    from search.ranking import LEXICAL
    from search.service import PER_PAGE, Filters, find

    t = time.perf_counter()
    found = find(text, Filters(grade=grade), mode=mode)
    count, ids, relaxed = 0, [], False
    if found is not None:
        count, relaxed = found.count, found.relaxed
        if count:
            ids = found.ids(0, PER_PAGE)
    ms = (time.perf_counter() - t) * 1000
    result = {"ms": ms, "hits": count, "page": len(ids), "relaxed": relaxed}
    if mode != LEXICAL and found is not None:  # nothing is embedded when analysis left nothing
        key = normalise(text).strip()
        result["embedding"] = "cached" if key in embedded else "cold"
        embedded.add(key)
    return result


class Interrupt:
    """Stops the running SQL statement after `seconds` (SQLite: interrupt(); PostgreSQL:
    statement_timeout)."""

    def __init__(self, seconds: float):
        from django.db import connection

        self.seconds = seconds
        self.connection = connection
        self.timer = None

    def __enter__(self):
        connection = self.connection
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.timer = threading.Timer(self.seconds, connection.connection.interrupt)
            self.timer.start()
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(self.seconds * 1000)}")
        return self

    def __exit__(self, *exc):
        if self.timer is not None:
            self.timer.cancel()
        else:
            with self.connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")


def run_stock(backend, text: str, grade: str, timeout: float) -> dict:
    from django.db import DatabaseError

    from search.service import PER_PAGE, Filters, lesson_queryset

    t = time.perf_counter()
    try:
        with Interrupt(timeout):
            queryset = lesson_queryset(Filters(grade=grade))
            found = backend.search(text, queryset)
            ids = [page.pk for page in found[:PER_PAGE]]
            count = found.count()
    except DatabaseError as error:
        ms = (time.perf_counter() - t) * 1000
        if ms < timeout * 1000 * 0.9:
            return {"ms": ms, "error": f"{type(error).__name__}: {error}"}
        return {"ms": timeout * 1000, "hits": None, "page": 0, "timeout": True}
    except Exception as error:  # stock refuses some querysets (FilterFieldError …)
        ms = (time.perf_counter() - t) * 1000
        return {"ms": ms, "error": f"{type(error).__name__}: {str(error)[:160]}"}
    ms = (time.perf_counter() - t) * 1000
    return {"ms": ms, "hits": count, "page": len(ids)}


def run_queries(label, specs, indices, runner, budget=None) -> list[dict]:
    results = []
    started = time.perf_counter()
    for n, i in enumerate(indices):
        if budget is not None and time.perf_counter() - started > budget:
            say(f"{label}: time budget of {budget:.0f} s used up after {n} of {len(indices)}")
            break
        text, grade = specs[i]
        result = runner(text, grade)
        result.update(index=i, text=text, grade=grade)
        results.append(result)
        if budget is not None and (result["ms"] > 5000 or (n + 1) % 10 == 0):
            state = "timeout" if result.get("timeout") else f"{result['ms'] / 1000:.1f} s"
            say(f"{label}: {n + 1}/{len(indices)}, last {text} [{grade or '-'}] {state}")
    wall = time.perf_counter() - started
    timed = [r["ms"] for r in results if "error" not in r]
    if timed:
        say(
            f"queries {label}: {len(results)} in {wall:.1f} s; p50 {percentile(timed, 50):.1f} ms,"
            f" p95 {percentile(timed, 95):.1f} ms, max {max(timed):.1f} ms"
        )
    return results


def percentile(values, p) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]
