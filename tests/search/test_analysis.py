from search.analysis import document_text, normalise, query_tokens


def test_traditional_characters_become_simplified():
    assert normalise("孩子焦慮怎麼辦") == "孩子焦虑怎么办"


def test_full_width_letters_and_digits_become_half_width_lower_case():
    assert normalise("ＡＤＨＤ　１２") == "adhd 12"


def test_a_two_character_word_is_a_token_of_a_longer_title():
    assert "焦虑" in document_text("孩子焦虑怎么办").split()


def test_documents_also_carry_the_parts_of_long_words():
    assert {"网络", "游戏", "网络游戏"} <= set(document_text("沉迷网络游戏").split())


def test_domain_words_stay_whole():
    assert "幼小衔接" in query_tokens("幼小衔接怎么准备")


def test_punctuation_and_emoji_are_not_tokens():
    assert query_tokens("！？…😀") == []


def test_html_tags_are_not_indexed():
    assert document_text("<p>阅读</p>").split() == ["阅读"]


def test_a_grade_stays_whole_after_a_verb():
    assert "一年级" in query_tokens("孩子上一年级前要准备什么")
    assert "一年级" in document_text("孩子上一年级前要准备什么").split()


def test_accents_are_folded():
    assert query_tokens("Café") == query_tokens("cafe") == ["cafe"]
    assert document_text("Éducation NAÏVE") == "education naive"


def test_accent_folding_leaves_other_combining_marks():
    assert normalise("が") == "が"  # a kana with its dakuten stays itself


def test_grade_and_home_school_words_stay_whole():
    assert query_tokens("九年级家校沟通") == ["九年级", "家校沟通"]
