"""Demo 家长开学第一课: the five stage lessons and year transitions covering every other
grade, for the school year pinned today (in the first-lesson window), else the current one."""

from django.utils import timezone

from lessons.models import FirstLesson, FirstLessonProgramme, Grade
from lessons.school_year import pinned_first_lesson_year, school_year_of

from .programmes import city_programme

# (transition, grades, title, summary, paragraphs)
FIRST_LESSONS = [
    ("all", [], "新学年，和孩子一起出发", "写给所有家长的开学第一课：调整作息、稳住情绪、和老师做朋友。",
     ["开学前一周，把作息慢慢调回来：每天提前一刻钟睡觉，按时吃早饭。",
      "孩子紧张时，先接纳情绪，再一起想办法；不要把自己的焦虑传给孩子。",
      "主动认识班主任，留好联系方式，有事及时沟通，家校一起帮孩子适应新学期。"]),
    ("k1", ["k1"], "宝宝要上幼儿园了", "写给小班新生家长：分离焦虑怎么办，入园前要做哪些准备。",
     ["提前带孩子熟悉幼儿园的环境，讲讲幼儿园里有趣的事。",
      "送园时温和而坚定地告别，说好什么时候来接，并且准时出现。",
      "在家练习自己吃饭、喝水、如厕，孩子会更有信心。"]),
    ("p1", ["p1"], "从幼儿园到小学：一年级家长第一课", "写给一年级新生家长：做好幼小衔接，重在生活和学习习惯。",
     ["幼小衔接不是提前学知识，而是让孩子学会整理书包、按时作息、专心听讲。",
      "每天花十分钟听孩子讲学校的事，少问“考了多少”，多问“今天有什么开心的事”。",
      "和孩子一起约定写作业、玩耍和睡觉的时间，坚持下来。"]),
    ("j1", ["j1"], "迈进初中：初一家长第一课", "写给初一新生家长：科目多了、节奏快了，家长怎样帮孩子适应。",
     ["初中科目增多，帮助孩子学会制订计划、管理时间。",
      "青春期开始萌动，多倾听、少说教，尊重孩子的隐私和自主。",
      "关注孩子的交友和情绪，发现异常及时和班主任、心理老师沟通。"]),
    ("s1", ["s1"], "走进高中：高一家长第一课", "写给高一新生家长：新高考下的选科和生涯规划，家长如何陪伴。",
     ["新高考选科关系到未来的专业方向，帮助孩子了解自己的兴趣和优势。",
      "高中学习强度大，家庭要成为孩子休息和充电的地方。",
      "和孩子一起了解大学专业和职业，做好生涯规划的第一步。"]),
    ("year", ["k2", "k3"], "中班、大班家长：新学年的成长小目标", "在游戏和生活中培养孩子的自理能力和规则意识。",
     ["和孩子一起定一个小目标，比如自己穿衣、收拾玩具。", "大班下学期开始，逐步做好入学准备。"]),
    ("year", ["p2", "p3", "p4", "p5", "p6"], "小学中高年级家长：新学年，好习惯再出发", "巩固学习习惯，关注视力、睡眠和运动，合理使用电子产品。",
     ["“双减”之后，帮助孩子安排好课后时间：运动、阅读、家务。",
      "和孩子约定使用手机和平板的规则，家长带头做到。"]),
    ("year", ["j2", "j3"], "初二、初三家长：稳住节奏，迎接挑战", "初二分化、初三备考，家长怎样做孩子的“稳定器”。",
     ["关注孩子的学习节奏和情绪变化，少比较、多鼓励。", "初三家长要帮孩子保持规律作息，正确看待中考。"]),
    ("year", ["s2", "s3"], "高二、高三家长：陪孩子走好关键一程", "高二夯实基础，高三冲刺备考，家庭支持从稳定情绪开始。",
     ["保证孩子的睡眠和营养，家里少谈分数、多谈生活。", "遇到孩子焦虑、失眠，及时寻求学校心理老师的帮助。"]),
]  # fmt: skip


def programme() -> FirstLessonProgramme:
    return city_programme(
        FirstLessonProgramme,
        title="家长开学第一课", slug="first-lessons",
        intro="每个新学年开学前，为各学段家长准备的第一课。",
    )  # fmt: skip


def create_demo_first_lessons() -> list[str]:
    parent = programme()
    today = timezone.localdate()
    year = pinned_first_lesson_year(today) or school_year_of(today)
    if FirstLesson.objects.filter(school_year=year).exists():
        return []
    grades = {g.pk: g for g in Grade.objects.select_related("stage")}
    for number, (transition, codes, title, summary, paragraphs) in enumerate(FIRST_LESSONS):
        lesson = FirstLesson(
            title=title, slug=f"{year}-{number + 1:02d}", summary=summary, school_year=year,
            transition=transition, all_stages=transition == "all",
            body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
        )  # fmt: skip
        lesson.grades.set([grades[c] for c in codes])
        lesson.stages.set(sorted({grades[c].stage for c in codes}, key=lambda s: s.order))
        parent.add_child(instance=lesson)
        lesson.save_revision().publish()
    return [f"first lessons for {year}–{year + 1}: {len(FIRST_LESSONS)}"]
