"""Search benchmark: our Chinese database backends against stock modelsearch, SQLite and PostgreSQL.

    .venv/bin/python bench/search.py [--lessons 20000] [--queries 500]
                                     [--vendors sqlite,postgresql] [--skip-stock]

For each vendor the script runs itself again as a worker process (a clean Django set-up per
database) on a throwaway database: a SQLite file in a temporary directory, or a database
bench_search_<pid> created on postgres://postgres@127.0.0.1:5432 and dropped at the end. The
project's own databases (db.sqlite3, the test database) are never touched. The worker:

  1. migrates the empty database (Django's migrate command, as a deployment would) and
     provisions the city organisation and its section page; adds a few topics and synonym
     groups like the editors' (网瘾、沉迷网络游戏、游戏成瘾 …).
  2. generates --lessons lessons from a seeded vocabulary: titles such as 孩子写作业拖拉怎么办,
     a summary and a body (plus a transcript, key points or the five steps, by kind) of
     300–1500 characters in all, where common words (家长, 孩子, 学习, 沟通 …) are drawn far
     more often than topic words (近视, 网瘾, 幼小衔接, 青春期 …): word ranks follow a Zipf
     law, and each lesson has one or two topics (themselves Zipf-distributed) that recur in it.
     Kinds: 60% micro-lessons, 15% concept, 15% required, 10% self-study. Audience: 30% all
     stages, 45% whole stages, 25% particular grades; one or two topics each.
  3. inserts them as live pages under the section with computed treebeard paths, table by
     table in multi-row INSERTs (Page, LessonPage, the kind's table; the same inserts
     Model.save_base makes, batched), then the M2M rows; the section's numchild is fixed.
     Adding 20,000 pages through treebeard's add_child would take far too long.
  4. for each backend, ours ("search.backends.database": search/backends/sqlite.py or
     postgres.py by vendor) and stock modelsearch ("modelsearch.backends.database", which
     Wagtail 8's "wagtail.search.backends.database" re-exports): empties the index and times
     backend.add_bulk(model, chunk) over every lesson in chunks of 1000, kind by kind, as
     rebuild_modelsearch_index does. Loading the chunks (get_indexed_objects, topics
     prefetched) is timed separately and not included. On PostgreSQL the index table is then
     VACUUM ANALYZEd, as autovacuum would soon do (so are the page tables after the inserts);
     SQLite gets no ANALYZE (the site runs none).
  5. runs the queries against that backend's index (ours first, then stock). The list is
     drawn with a fixed seed from ~110 queries: two-character words, four-character phrases,
     whole colloquial questions (孩子不爱写作业怎么办), rare and very common terms (家长 and
     孩子 are always among them), traditional characters, synonyms; about a third with a
     grade filter (search.service.Filters through lesson_queryset, as the search page).
       ours:  what search.service.search_lessons does before rendering: analyse(text), the
              strict query on lesson_queryset(filters) through the default backend, .count(),
              the relaxed query when nothing matched (with the shares of lessons that have
              each word, counted on first use and then cached for an hour, in a LocMemCache
              here: the first queries with a new word pay the counts), then the first page
              of ten results.
       stock: the raw text to the stock backend: backend.search(text, queryset), [:10] and
              .count(), on the same querysets.
     Each query is timed as a whole (time.perf_counter, analysis included). Stock is slow
     with Chinese at this size (tens of seconds for a common word on SQLite), so it runs a
     --stock-queries sample of the same list: 家长 and 孩子 first, one grade-filtered query
     (stock refuses the grade filter's Exists(), so it is shown once and not timed), then
     evenly spaced unfiltered ones, within a --stock-budget in seconds for the run and a
     --stock-timeout per query (interrupted and counted at the timeout: a lower bound). Ours
     is also reported on the queries stock completed, so the two compare query for query.
     A few queries per backend are run once first, untimed, to load the dictionary and the
     caches.

Printed: set-up times, index time and lessons/s, query latency p50/p95/p99 and the worst query
per backend and vendor, ours' latency by how many lessons a query finds, hit counts (how many lessons each finds: stock finds much less in
Chinese, as it does not segment words), and PASS/FAIL for our targets on each vendor: p95
<= 50 ms and worst < 500 ms. The exit status is 1 when a target is missed (or a vendor
could not run). Wall-clock timings: run it on an otherwise idle machine.
"""

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# bench/search.py must not shadow the project's `search` app.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
TARGET_P95_MS = 50.0
TARGET_WORST_MS = 500.0
SEED = 20260501
INDEX_CHUNK = 1000
INSERT_BATCH = 500
VENDORS = ("sqlite", "postgresql")

# --- vocabulary -----------------------------------------------------------------------------

# Words in order of how often lesson texts use them (a Zipf law over this order): the common
# ones first, then the topic words.
COMMON_WORDS = (
    "孩子 家长 学习 教育 父母 沟通 老师 学校 家庭 成长 习惯 作业 方法 问题 时间 情绪 生活 同学 "
    "鼓励 陪伴 规则 兴趣 能力 心理 表扬 压力 考试 成绩 阅读 睡眠 运动 手机 游戏 安全 健康 自信 "
    "责任 尊重 倾听 理解 耐心 榜样 独立 关系 朋友 环境 目标 计划 表达 感受 专注 家务 玩具 电视 "
    "课堂 兴趣班 校园 同伴 体育 艺术 营养 早餐 作息 零食 礼貌 分享 合作 坚持 好奇心 想象力"
).split()
TOPIC_WORDS = (
    "近视 网瘾 幼小衔接 青春期 厌学 叛逆 拖延 注意力 专注力 情绪管理 时间管理 亲子沟通 亲子关系 "
    "心理健康 隔代教养 留守儿童 二孩 劳动教育 生命教育 家风 双减 小初衔接 中考 高考 早恋 "
    "校园欺凌 分离焦虑 挑食 手机依赖 短视频 零花钱 性教育 防溺水 网络安全 亲子阅读 书写 口算 "
    "英语启蒙 体育锻炼 肥胖 脊柱侧弯 用眼卫生 志愿填报 抑郁 入园 午睡 错题本 家校共育"
).split()
VOCABULARY = COMMON_WORDS + TOPIC_WORDS
BEHAVIOURS = (
    "写作业拖拉 不爱写作业 沉迷手机 玩游戏停不下来 不愿意上学 早上起不来 挑食 爱发脾气 不爱说话 "
    "上课注意力不集中 顶嘴 撒谎 胆小 磨蹭 丢三落四 偏科 考试紧张 不爱运动 熬夜 乱花钱"
).split()
GOALS = (
    "养成阅读习惯 管理情绪 度过青春期 做好幼小衔接 预防近视 远离网瘾 提高专注力 学会时间管理 "
    "建立自信 独立完成作业 爱上运动 交到朋友 适应新学校 面对考试压力 整理书包"
).split()
STAGE_WORDS = "幼儿园 小学 初中 高中 一年级 三年级 六年级 初一 初三 高一 高三".split()
NUMBERS = "三 四 五 六 七 八 十".split()

TITLES = (
    "孩子{b}怎么办",
    "如何帮助孩子{g}",
    "{t}：家长需要知道的{n}件事",
    "{s}家长课堂：{t}",
    "和孩子谈{t}",
    "{t}的{n}个误区",
    "孩子{b}，家长的{w}是关键",
    "{s}孩子的{t}问题",
    "从{w}开始，帮孩子{g}",
    "{t}与{w}：{s}家长必读",
)
SENTENCES = (
    "很多家长发现，孩子在{t}方面需要更多的{w}和{v}。",
    "专家建议，家长要先了解孩子的{w}，再和孩子一起讨论{t}的问题。",
    "{t}不是一天形成的，背后往往有{w}和{v}的原因。",
    "家长可以每天留出十五分钟，和孩子聊聊{w}。",
    "面对{t}，父母不要急于批评，要学会倾听孩子的想法。",
    "老师提醒，{w}和{v}都会影响孩子的学习状态。",
    "在家庭教育中，{w}往往比{v}更重要。",
    "孩子遇到{w}的困难时，家长的态度决定了孩子如何看待{v}。",
    "我们整理了{n}个关于{t}的常见问题，供家长参考。",
    "有的孩子{b}，家长往往很着急，其实这和{w}有关。",
    "一位妈妈说：“我家孩子{b}，我该怎么办？”",
    "建立规则的时候，要让孩子参与，一起商量{w}的具体安排。",
    "{s}阶段的孩子，{w}发展很快，家长要特别注意{t}。",
    "学校和家庭要形成合力，共同关注孩子的{w}和{v}。",
    "研究表明，充足的睡眠和适量的运动有助于{w}。",
    "如果发现孩子{b}，可以先了解原因，不要简单地给孩子贴标签。",
    "家校社协同育人，需要家长、老师和社区共同关心孩子的{w}。",
    "请家长和孩子一起完成下面的{w}小练习，并记录孩子的感受。",
    "父母是孩子的第一任老师，{w}的榜样作用不可忽视。",
    "关于{t}，班主任建议家长多观察、多沟通、少说教。",
    "给孩子一些选择的空间，孩子会更愿意为{w}负责。",
    "当孩子{b}时，先处理情绪，再处理{w}的问题。",
    "{w}、{v}和{u}，是这一课反复提到的三个关键词。",
    "很多{s}家长关心{t}，也关心孩子的{w}。",
)

# Queries parents type. 家长 and 孩子 (very common) are always run, with and without a grade.
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
TOPICS = (
    "家庭教育", "心理健康", "幼小衔接", "青春期", "亲子沟通", "学习习惯", "安全教育", "劳动教育",
    "生命教育", "家校共育", "体育与健康", "阅读",
)  # fmt: skip
SYNONYMS = ("网瘾、沉迷网络游戏、游戏成瘾", "手机依赖、手机成瘾、沉迷手机", "厌学、不想上学")


class Zipf:
    """Draws items by rank with weight 1/rank^s."""

    def __init__(self, items, s, rng):
        self.items = list(items)
        self.rng = rng
        weights = [1 / (rank**s) for rank in range(1, len(self.items) + 1)]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def draw(self):
        return self.rng.choices(self.items, cum_weights=self.cumulative)[0]


class TextMaker:
    def __init__(self, rng):
        self.rng = rng
        self.words = Zipf(VOCABULARY, 1.0, rng)
        self.topics = Zipf(TOPIC_WORDS, 0.8, rng)

    def lesson(self):
        """(topics, title, sentences) of one lesson: text around one or two topic words."""
        topics = [self.topics.draw() for _ in range(self.rng.choice((1, 1, 2)))]
        title = self._fill(self.rng.choice(TITLES), topics)
        return topics, title

    def _fill(self, template, topics):
        rng = self.rng
        return template.format(
            t=rng.choice(topics),
            w=self.words.draw(),
            v=self.words.draw(),
            u=self.words.draw(),
            b=rng.choice(BEHAVIOURS),
            g=rng.choice(GOALS),
            s=rng.choice(STAGE_WORDS),
            n=rng.choice(NUMBERS),
        )

    def sentences(self, topics, chars):
        out, length = [], 0
        while length < chars:
            sentence = self._fill(self.rng.choice(SENTENCES), topics)
            out.append(sentence)
            length += len(sentence)
        return out


# --- worker: one vendor, one clean Django ---------------------------------------------------


def configure_django(database_url: str) -> None:
    import dj_database_url
    import django
    from django.conf import settings

    from cms.settings import dev

    values = {name: getattr(dev, name) for name in dir(dev) if name.isupper()}
    values.update(
        DEBUG=False,  # DEBUG keeps every SQL statement in memory
        DATABASES={"default": dj_database_url.parse(database_url)},
        WAGTAILSEARCH_BACKENDS={
            "default": {"BACKEND": "search.backends.database", "AUTO_UPDATE": False},
            "stock": {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False},
        },
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        LOGGING={"version": 1, "disable_existing_loggers": False},
    )
    settings.configure(**values)
    django.setup()


def say(text: str) -> None:
    print(f"  {text}", flush=True)


def _stream(items):
    return json.dumps([{"type": "item", "value": v, "id": str(uuid.uuid4())} for v in items])


def _body(blocks):
    return json.dumps(
        [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]
    )


def build_lessons(count: int, section, rng):
    """Unsaved lesson instances with tree positions, plus their audience and topics."""
    from django.utils import timezone
    from wagtail.models import Page

    from lessons.models import ConceptLesson, MicroLesson, RequiredLesson, SelfStudySeries
    from lessons.taxonomy import STAGES

    maker = TextMaker(rng)
    kinds = [MicroLesson] * 12 + [ConceptLesson] * 3 + [RequiredLesson] * 3 + [SelfStudySeries] * 2
    last = section.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    now = timezone.now()
    lessons, audiences, lengths = [], [], []
    for i in range(count):
        model = rng.choice(kinds)
        topics, title = maker.lesson()
        total = rng.randint(300, 1500)
        summary = "".join(maker.sentences(topics, rng.randint(40, 120)))[:300]
        sentences = maker.sentences(topics, max(total - len(summary) - len(title), 0))
        lengths.append(len(title) + len(summary) + sum(len(s) for s in sentences))
        audience = _audience(rng, STAGES)
        fields = {}
        if model is MicroLesson:
            cut = len(sentences) * 2 // 5
            spoken, sentences = sentences[cut:], sentences[:cut]
            fields["transcript"] = "".join(spoken)
            fields["key_points"] = _stream(s.rstrip("。") for s in spoken[:3])
        elif model is RequiredLesson:
            steps, sentences = sentences[:8], sentences[8:]
            fields["lead_in_intro"] = f"<p>{''.join(steps[:2])}</p>"
            fields["discussion_questions"] = _stream(steps[2:4])
            fields["summary_points"] = _stream(steps[4:6])
            fields["practice_exercises"] = _stream(steps[6:8])
            fields["consolidation"] = "[]"
        elif model is ConceptLesson:
            fields["speaker"] = rng.choice(("王教授", "李老师", "张校长", "陈医生"))
            fields["speaker_title"] = "家庭教育专家"
        blocks = []
        for start in range(0, len(sentences), 4):
            if start and rng.random() < 0.3:
                blocks.append(("heading", maker._fill("{t}：{w}", topics)))
            blocks.append(("paragraph", "<p>" + "".join(sentences[start : start + 4]) + "</p>"))
        slug = f"bench-lesson-{i + 1}"
        page = model(
            title=title,
            draft_title=title,
            slug=slug,
            path=section._get_path(section.path, section.depth + 1, first_step + i),
            depth=section.depth + 1,
            numchild=0,
            url_path=f"{section.url_path}{slug}/",
            locale_id=section.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            summary=summary,
            organisation_id=section.organisation_id,
            all_stages=audience[0],
            body=_body(blocks),
            **fields,
        )
        lessons.append(page)
        audiences.append(audience)
    return lessons, audiences, lengths


def _audience(rng, stages):
    roll = rng.random()
    if roll < 0.30:
        return True, [], []
    stage = rng.choice(stages)
    if roll < 0.75:
        chosen = [stage.code]
        if rng.random() < 0.3:
            chosen.append(rng.choice(stages).code)
        return False, sorted(set(chosen)), []
    grades = rng.sample(stage.grade_codes, rng.choice((1, 1, 2)))
    return False, [stage.code], grades


def insert_lessons(section, lessons, audiences, topic_ids, rng) -> None:
    """Multi-row INSERTs table by table (what save_base does per object), M2M rows after."""
    from django.db import transaction
    from wagtail.models import Page

    from lessons.models import LessonPage

    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    stage_rows, grade_rows, topic_rows = [], [], []
    StageLink = LessonPage.stages.through  # noqa: N806
    GradeLink = LessonPage.grades.through  # noqa: N806
    TopicLink = LessonPage.topics.through  # noqa: N806
    with transaction.atomic():
        for start in range(0, len(lessons), INSERT_BATCH):
            batch = lessons[start : start + INSERT_BATCH]
            returned = Page._base_manager._insert(
                batch, fields=page_fields, returning_fields=[Page._meta.pk], using="default"
            )
            by_kind = {}
            for obj, (pk,) in zip(batch, returned, strict=True):
                obj.id = pk
                for model in obj._meta.get_parent_list():
                    if model is not Page:
                        setattr(obj, model._meta.pk.attname, pk)
                setattr(obj, obj._meta.pk.attname, pk)
                by_kind.setdefault(type(obj), []).append(obj)
            LessonPage._base_manager._insert(
                batch, fields=LessonPage._meta.local_concrete_fields, using="default"
            )
            for model, objs in by_kind.items():
                model._base_manager._insert(
                    objs, fields=model._meta.local_concrete_fields, using="default"
                )
        for obj, (_all_stages, stages, grades) in zip(lessons, audiences, strict=True):
            stage_rows += [StageLink(lessonpage_id=obj.id, stage_id=s) for s in stages]
            grade_rows += [GradeLink(lessonpage_id=obj.id, grade_id=g) for g in grades]
            for topic in rng.sample(topic_ids, rng.choice((1, 1, 2))):
                topic_rows.append(TopicLink(lessonpage_id=obj.id, topic_id=topic))
        for model, rows in (
            (StageLink, stage_rows),
            (GradeLink, grade_rows),
            (TopicLink, topic_rows),
        ):
            model.objects.bulk_create(rows, batch_size=2000)
        Page.objects.filter(pk=section.pk).update(numchild=section.numchild + len(lessons))


def setup_site():
    from lessons.access import provision_organisation
    from lessons.models import Organisation, SectionPage, Topic
    from search.models import SynonymGroup

    city = Organisation.objects.create(name="示范市教育局", code="city", kind="city")
    provision_organisation(city)
    section = SectionPage.objects.get(organisation=city)
    topic_ids = [Topic.objects.create(name=name).pk for name in TOPICS]
    for terms in SYNONYMS:
        SynonymGroup.objects.create(terms=terms)
    return section, topic_ids


def lesson_models():
    from lessons.models import KINDS

    return list(KINDS.values())


def index_all(backend, label: str) -> dict:
    """Empty the index, then time add_bulk over every lesson in chunks."""
    from django.db import connection

    backend.reset_indexes()
    added = 0
    load_seconds = index_seconds = 0.0
    chunk_seconds = []
    for model in lesson_models():
        pks = list(model.get_indexed_objects().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), INDEX_CHUNK):
            t = time.perf_counter()
            chunk = list(
                model.get_indexed_objects().filter(pk__in=pks[start : start + INDEX_CHUNK])
            )
            load_seconds += time.perf_counter() - t
            t = time.perf_counter()
            backend.add_bulk(model, chunk)
            elapsed = time.perf_counter() - t
            index_seconds += elapsed
            chunk_seconds.append(elapsed)
            added += len(chunk)
    vacuum = 0.0
    if connection.vendor == "postgresql":
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {_index_entry()._meta.db_table}")
        vacuum = time.perf_counter() - t
    entries = _count_entries()
    say(
        f"index {label:<6}{added} lessons in {index_seconds:.1f} s ({added / index_seconds:.0f}/s; "
        f"{len(chunk_seconds)} chunks of <= {INDEX_CHUNK}: median "
        f"{statistics.median(chunk_seconds):.2f} s, slowest {max(chunk_seconds):.2f} s)"
        f"; loading the chunks {load_seconds:.1f} s, not included"
        + (f"; VACUUM ANALYZE {vacuum:.1f} s" if vacuum else "")
        + f"; {entries} index entries"
    )
    return {
        "lessons": added,
        "seconds": index_seconds,
        "load_seconds": load_seconds,
        "chunks": chunk_seconds,
        "entries": entries,
    }


def _index_entry():
    """modelsearch's IndexEntry (the wagtailsearch app's table under Wagtail)."""
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")


def _count_entries() -> int:
    return _index_entry().objects.count()


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


def run_ours(text: str, grade: str) -> dict:
    """search.service.find and the first page of ids, as search_lessons does (no rendering)."""
    from search.service import PER_PAGE, Filters, find

    t = time.perf_counter()
    matched = find(text, Filters(grade=grade))
    count, ids, relaxed = 0, [], False
    if matched is not None:
        found, count, _terms, relaxed = matched
        if count:
            ids = [page.pk for page in found[:PER_PAGE]]
    ms = (time.perf_counter() - t) * 1000
    return {"ms": ms, "hits": count, "page": len(ids), "relaxed": relaxed}


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


def worker(options) -> int:
    configure_django(options.database_url)

    from django.core.management import call_command
    from django.db import connection
    from modelsearch.backends import get_search_backend

    from search.analysis import preload

    result = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            result["version"] = "SQLite " + cursor.fetchone()[0]
        else:
            cursor.execute("SHOW server_version")
            result["version"] = "PostgreSQL " + cursor.fetchone()[0].split()[0]
    say(result["version"])

    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result["migrate_seconds"] = time.perf_counter() - t

    rng = random.Random(SEED)
    section, topic_ids = setup_site()
    t = time.perf_counter()
    lessons, audiences, lengths = build_lessons(options.lessons, section, rng)
    result["generate_seconds"] = time.perf_counter() - t
    t = time.perf_counter()
    insert_lessons(section, lessons, audiences, topic_ids, rng)
    result["insert_seconds"] = time.perf_counter() - t
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Autovacuum vacuums a table after many inserts (PostgreSQL 13+): without it the
            # visibility map is empty and index-only scans read every heap row.
            cursor.execute("VACUUM ANALYZE")
    del lessons

    from lessons.models import LessonPage
    from search.service import Filters, lesson_queryset

    live = lesson_queryset(Filters()).count()
    say(
        f"migrate {result['migrate_seconds']:.1f} s; generate {options.lessons} lessons "
        f"{result['generate_seconds']:.1f} s; insert {result['insert_seconds']:.1f} s "
        f"({options.lessons / result['insert_seconds']:.0f}/s); {live} live lessons "
        f"({LessonPage.objects.filter(all_stages=True).count()} for all stages); text "
        f"{min(lengths)}–{max(lengths)} chars, median {statistics.median(lengths):.0f}"
    )
    if live != options.lessons:
        raise SystemExit(f"expected {options.lessons} live lessons, found {live}")

    preload()
    specs = query_specs(options.queries, random.Random(SEED + 1))
    sample = stock_sample(specs, options.stock_queries)
    result["specs"] = specs
    result["sample"] = sample
    result["index"], result["queries"] = {}, {}

    ours = get_search_backend("default")
    result["backend_ours"] = f"{type(ours).__module__}.{type(ours).__name__}"
    result["index"]["ours"] = index_all(ours, "ours")
    for text in ("家风", "近视", "孩子不爱写作业怎么办"):  # warm-up, untimed
        run_ours(text, "")
    result["queries"]["ours"] = run_queries("ours", specs, range(len(specs)), run_ours)

    if not options.skip_stock:
        stock = get_search_backend("stock")
        result["backend_stock"] = f"{type(stock).__module__}.{type(stock).__name__}"
        result["index"]["stock"] = index_all(stock, "stock")
        run_stock(stock, "近视", "", options.stock_timeout)  # warm-up, untimed
        say(
            f"stock: {len(sample)} of the {len(specs)} queries, budget {options.stock_budget:.0f}"
            f" s, {options.stock_timeout:.0f} s per query at most"
        )
        result["queries"]["stock"] = run_queries(
            "stock",
            specs,
            sample,
            lambda text, grade: run_stock(stock, text, grade, options.stock_timeout),
            budget=options.stock_budget,
        )
    Path(options.result).write_text(json.dumps(result, ensure_ascii=False))
    return 0


# --- parent: one worker per vendor, then the comparison -------------------------------------


def run_vendor(vendor: str, options, tmp: Path) -> dict | None:
    result_path = tmp / f"{vendor}.json"
    dropdb = None
    if vendor == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        import psycopg

        name = f"bench_search_{os.getpid()}"
        try:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as pg:
                pg.execute(f"DROP DATABASE IF EXISTS {name}")
                pg.execute(f"CREATE DATABASE {name}")
        except psycopg.Error as error:
            print(f"  cannot create the PostgreSQL database: {error}")
            return None
        url = f"{PG_SERVER}/{name}"

        def dropdb():
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as pg:
                pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    command = [
        sys.executable, __file__, "--worker", "--database-url", url, "--result", str(result_path),
        "--lessons", str(options.lessons), "--queries", str(options.queries),
        "--stock-queries", str(options.stock_queries),
        "--stock-budget", str(options.stock_budget), "--stock-timeout", str(options.stock_timeout),
    ] + (["--skip-stock"] if options.skip_stock else [])  # fmt: skip
    try:
        status = subprocess.run(command, cwd=ROOT).returncode
    finally:
        if dropdb is not None:
            dropdb()
    if status != 0 or not result_path.exists():
        print(f"  the {vendor} worker failed (exit status {status})")
        return None
    return json.loads(result_path.read_text())


def _stats(results) -> dict | None:
    timed = [r for r in results if "error" not in r]
    if not timed:
        return None
    values = [r["ms"] for r in timed]
    worst = max(timed, key=lambda r: r["ms"])
    return {
        "n": len(timed),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "worst": worst,
        "timeouts": sum(1 for r in timed if r.get("timeout")),
        "found": sum(1 for r in timed if r.get("hits")),
        "errors": len(results) - len(timed),
    }


def _query_label(result) -> str:
    return result["text"] + (f" [{result['grade']}]" if result["grade"] else "")


def report(results: dict, options) -> int:
    print()
    print("== summary ==")
    header = (
        f"{'vendor':<11}{'backend':<14}{'index s':>8}{'/s':>6}{'queries':>9}{'p50 ms':>9}"
        f"{'p95 ms':>9}{'p99 ms':>9}{'worst ms':>10}{'with hits':>11}  worst query"
    )
    print(header)
    verdicts = []
    for vendor, result in results.items():
        if result is None:
            print(f"{vendor:<11}did not run")
            verdicts.append((f"{vendor}: ran", False, "the worker failed"))
            continue
        ours_all = result["queries"]["ours"]
        rows = [("ours", result["index"]["ours"], ours_all)]
        if "stock" in result["queries"]:
            stock = result["queries"]["stock"]
            done = {r["index"] for r in stock if "error" not in r}
            rows.append(("ours, sample", None, [r for r in ours_all if r["index"] in done]))
            rows.append(("stock, sample", result["index"]["stock"], stock))
        for label, index, queries in rows:
            stats = _stats(queries)
            index_text = (
                f"{index['seconds']:>8.1f}{index['lessons'] / index['seconds']:>6.0f}"
                if index
                else f"{'':>8}{'':>6}"
            )
            if stats is None:
                print(f"{vendor:<11}{label:<14}{index_text}   no query ran")
                continue
            worst = stats["worst"]
            more = []
            if stats["timeouts"]:
                more.append(f"{stats['timeouts']} timed out at {options.stock_timeout:.0f} s")
            if stats["errors"]:
                more.append(f"{stats['errors']} refused")
            print(
                f"{vendor:<11}{label:<14}{index_text}{stats['n']:>9}{stats['p50']:>9.1f}"
                f"{stats['p95']:>9.1f}{stats['p99']:>9.1f}{worst['ms']:>10.1f}"
                f"{stats['found']:>6}/{stats['n']:<4}  {_query_label(worst)}"
                + (f"  ({'; '.join(more)})" if more else "")
            )
        stats = _stats(ours_all)
        verdicts.append(
            (f"{vendor} ours p95 {stats['p95']:.1f} ms", stats["p95"] <= TARGET_P95_MS,
             f"target <= {TARGET_P95_MS:.0f} ms")
        )  # fmt: skip
        verdicts.append(
            (f"{vendor} ours worst {stats['worst']['ms']:.1f} ms",
             stats["worst"]["ms"] < TARGET_WORST_MS, f"target < {TARGET_WORST_MS:.0f} ms")
        )  # fmt: skip

    ran = {vendor: r for vendor, r in results.items() if r is not None}
    if ran:
        _print_by_hits(ran)
        _print_slowest(ran)
        _print_hits(ran)
        _print_refusals(ran)
    print()
    for label, passed, target in verdicts:
        print(f"{label:<40}{target:<20}{'PASS' if passed else 'FAIL'}")
    return 0 if all(passed for _, passed, _ in verdicts) else 1


HIT_BUCKETS = ((0, 99), (100, 999), (1000, 4999), (5000, None))


def _print_by_hits(results) -> None:
    """Ours' latency by how many lessons the query finds (ranking cost grows with it)."""
    print()
    print("ours by lessons found:   " + "".join(
        f"{f'{low}+' if high is None else f'{low}-{high}':>24}" for low, high in HIT_BUCKETS
    ))  # fmt: skip
    print(f"{'':<25}" + f"{'n   p50   p95    max':>24}" * len(HIT_BUCKETS))
    for vendor, result in results.items():
        cells = []
        for low, high in HIT_BUCKETS:
            values = [
                r["ms"]
                for r in result["queries"]["ours"]
                if r["hits"] >= low and (high is None or r["hits"] <= high)
            ]
            if values:
                cells.append(
                    f"{len(values):>4}{percentile(values, 50):>6.0f}{percentile(values, 95):>6.0f}"
                    f"{max(values):>7.0f}"
                )
            else:
                cells.append(f"{'0':>4}{'':>19}")
        print(f"  {vendor:<23}" + "".join(f"{c:>24}" for c in cells))


def _print_slowest(results) -> None:
    print()
    print("slowest of ours (ms, hits):")
    for vendor, result in results.items():
        slowest = sorted(result["queries"]["ours"], key=lambda r: -r["ms"])[:5]
        print(
            f"  {vendor:<11}"
            + "; ".join(f"{_query_label(r)} {r['ms']:.0f} ({r['hits']})" for r in slowest)
        )


def _print_hits(results) -> None:
    """Lessons found per query (first run of each text and filter), ours against stock."""
    columns = []
    for vendor, result in results.items():
        for backend in ("ours", "stock"):
            if backend in result["queries"]:
                found = {}
                for r in result["queries"][backend]:
                    found.setdefault((r["text"], r["grade"]), r)
                columns.append((f"{vendor[:6]} {backend}", found))
    stock_keys = [key for label, found in columns if label.endswith("stock") for key in found]
    keys = list(dict.fromkeys(stock_keys)) or list(columns[0][1])[:20]
    print()
    print("lessons found per query (the count the search page shows; '-' not run):")
    print(f"  {'query':<34}" + "".join(f"{label:>15}" for label, _ in columns))
    for key in keys:
        label = key[0] + (f" [{key[1]}]" if key[1] else "")
        cells = []
        for _, found in columns:
            r = found.get(key)
            if r is None:
                cells.append("-")
            elif "error" in r:
                cells.append("refused")
            elif r.get("timeout"):
                cells.append("timeout")
            else:
                cells.append(str(r["hits"]) + (" relaxed" if r.get("relaxed") else ""))
        width = 34 - sum(1 for c in label if ord(c) > 0x2E80)  # CJK is two columns wide
        print(f"  {label:<{max(width, 1)}}" + "".join(f"{c:>15}" for c in cells))


def _print_refusals(results) -> None:
    for vendor, result in results.items():
        errors = {r["error"] for r in result["queries"].get("stock", []) if "error" in r}
        for error in sorted(errors):
            print(f"  {vendor} stock refused a query: {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lessons", type=int, default=20000, help="lessons to generate")
    parser.add_argument("--queries", type=int, default=500, help="queries to run on ours")
    parser.add_argument(
        "--vendors", default=",".join(VENDORS), help="comma-separated: sqlite,postgresql"
    )
    parser.add_argument("--skip-stock", action="store_true", help="only our backend")
    parser.add_argument(
        "--stock-queries", type=int, default=50, help="sample of the queries run on stock (50)"
    )
    parser.add_argument(
        "--stock-budget", type=float, default=600, help="seconds for stock's queries per vendor"
    )
    parser.add_argument(
        "--stock-timeout", type=float, default=30, help="seconds for one stock query at most"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        return worker(options)

    vendors = [v.strip() for v in options.vendors.split(",") if v.strip()]
    unknown = set(vendors) - set(VENDORS)
    if unknown:
        parser.error(f"unknown vendor(s): {', '.join(sorted(unknown))}")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    stock = (
        "stock skipped"
        if options.skip_stock
        else f"stock: a {options.stock_queries}-query sample, {options.stock_budget:.0f} s budget"
    )
    print(
        f"search benchmark: {options.lessons} lessons, {options.queries} queries ({stock})"
        f"   CPUs {os.cpu_count()}   load {load}"
    )
    results = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        for vendor in vendors:
            print(f"\n== {vendor} ==", flush=True)
            results[vendor] = run_vendor(vendor, options, Path(tmp))
    status = report(results, options)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"total {time.perf_counter() - started:.0f} s; load at the end: {load}")
    return status


if __name__ == "__main__":
    sys.exit(main())
