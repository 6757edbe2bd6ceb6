import pytest
from modelsearch.query import And, Or, PlainText

from search.models import SynonymGroup
from search.query import QueryError, analyse, analysed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_thesaurus")]


def test_question_words_and_single_characters_are_dropped():
    assert analyse("孩子不爱写作业怎么办").parts == ((("孩子",),), (("作业",),))


def test_a_query_of_only_question_words_still_searches_them():
    assert analyse("怎么办").parts == ((("怎么办",),),)


def test_nothing_searchable_gives_none():
    assert analyse("？！😀") is None


def test_an_over_long_query_is_refused_in_chinese():
    with pytest.raises(QueryError, match="字"):
        analyse("孩" * 201)


def test_words_are_combined_with_and():
    assert isinstance(analyse("孩子 焦虑").strict, And)


def test_a_synonym_group_expands_the_word_into_an_or():
    SynonymGroup.objects.create(terms="网瘾、沉迷网络游戏")
    query = analyse("网瘾").strict
    assert isinstance(query, Or)
    assert {leaf.tokens for leaf in query.subqueries} == {("网瘾",), ("沉迷", "网络游戏")}


def test_a_multi_word_synonym_in_the_query_is_recognised():
    SynonymGroup.objects.create(terms="近视、视力下降")
    assert analyse("孩子视力下降").parts[1] == (("视力", "下降"), ("近视",))


def test_editing_a_synonym_group_takes_effect_at_once():
    group = SynonymGroup.objects.create(terms="厌学、不想上学")
    analyse("厌学")
    group.terms = "厌学、逃学"
    group.save()
    assert analyse("厌学").parts == ((("厌学",), ("逃学",)),)


def _words(query) -> list[tuple[str, ...]]:
    leaves = query.subqueries if isinstance(query, Or) else [query]
    return [leaf.tokens for leaf in leaves]


def test_the_relaxed_query_leaves_out_a_word_most_lessons_have():
    query = analyse("孩子 网瘾 严重")
    child, addiction, serious = query.parts
    first, _last = query.relaxed({child: 0.9, addiction: 0.1, serious: 0.0})
    assert _words(first) == [("网瘾",), ("严重",)]


def test_the_last_relaxed_query_has_every_word():
    query = analyse("孩子 网瘾")
    child, addiction = query.parts
    _first, last = query.relaxed({child: 0.9, addiction: 0.1})
    assert _words(last) == [("孩子",), ("网瘾",)]


def test_the_relaxed_query_keeps_every_word_when_the_rarer_ones_are_in_no_lesson():
    query = analyse("孩子 欺负")
    child, bullied = query.parts
    assert [_words(q) for q in query.relaxed({child: 0.9, bullied: 0.0})] == [
        [("孩子",), ("欺负",)]
    ]


def test_letters_and_the_character_after_them_are_kept():
    assert analyse("孩子做B超").parts == ((("孩子",),), (("b",),), (("超",),))


def test_a_lone_letter_after_a_word_is_kept():
    assert analyse("补充维生素D").parts == ((("补充",),), (("维生素",),), (("d",),))


def test_a_number_and_its_unit_are_kept():
    assert analyse("3岁孩子不爱吃饭").parts == (
        (("3",),), (("岁",),), (("孩子",),), (("吃饭",),),
    )  # fmt: skip


def test_or_combines_the_words_with_or():
    query = analysed(PlainText("孩子 焦虑", operator="or"))
    assert isinstance(query, Or)
    assert [leaf.tokens for leaf in query.subqueries] == [("孩子",), ("焦虑",)]


def test_autocomplete_keeps_every_token_of_plain_text():
    query = analysed(PlainText("家长学", operator="and"), autocomplete=True)
    assert query.tokens == ("家长", "学")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("考试焦绿", "焦虑"),
        ("怎么提高孩子专住力", "专注力"),
        ("判逆期", "叛逆期"),
        ("孩子发稍", "发烧"),
    ],
)
def test_a_pinyin_typo_is_read_as_the_synonym_word_it_sounds_like(typed, meant):
    """The typo is not in the dictionary and falls apart into single characters, which
    sound like a word of a synonym group."""
    SynonymGroup.objects.create(terms=f"{meant}、某某某某")
    terms = {"".join(alternative) for part in analyse(typed).parts for alternative in part}
    assert meant in terms


def test_single_characters_that_sound_like_no_term_are_left_alone():
    SynonymGroup.objects.create(terms="作业、功课")
    assert analyse("孩子不爱写作业").parts == ((("孩子",),), (("作业",), ("功课",)))
