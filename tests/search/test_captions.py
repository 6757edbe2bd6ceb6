from media_pipeline.captions import vtt_text

VTT = """WEBVTT

NOTE made by hand

1
00:00:01.000 --> 00:00:03.000
<v 主讲>家长朋友们好

00:00:03.500 --> 00:00:06.000 line:90%
今天聊聊孩子的睡眠
"""


def test_only_the_spoken_text_of_captions_is_kept():
    assert vtt_text(VTT) == "家长朋友们好\n今天聊聊孩子的睡眠"
