"""Search benchmark, the corpus: lessons generated from a seeded vocabulary and inserted
table by table (bench/search/__main__.py describes the whole run)."""

import json
import uuid

INSERT_BATCH = 500

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
