"""Transcoding benchmark, the encoder options: cut out of our own single-pass command, so the
other two ways encode exactly like the pipeline (bench/transcode/__main__.py describes the run)."""

import re
import sys

from django.conf import settings

from media_pipeline.ffmpeg_commands import transcode_command


class Encodes:
    """Per-rung filter chain and encoder arguments, cut out of our own single-pass command.

    Read from the built argument list (not from plan.py's source), so whichever way plan.py
    builds the command, the other two ways encode exactly like the pipeline does.
    """

    def __init__(self, source: str, plan):
        out = "/BENCH-OUT"
        command = transcode_command(settings.FFMPEG_BINARY, source, out, plan)
        self.rungs = [r for r in plan.rungs if not r.remux]
        if not self.rungs or len(self.rungs) != len(plan.rungs):
            sys.exit("the source would be remuxed for some rung; the comparison needs encodes")
        self.audio_map = ["-map", "0:a:0"] if plan.has_audio else []
        graph = _parse_graph(command[command.index("-filter_complex") + 1])
        split = next(outs for _ins, name, outs in graph if name.startswith("split="))
        self.filters, self.codec_args = [], []
        begin = command.index("-filter_complex") + 2
        for i, rung in enumerate(self.rungs):
            target = next(
                n for n, arg in enumerate(command) if f"{out}/{rung.name}.mp4" in arg and n >= begin
            )
            options = command[begin:target]
            if not options or options[0] != "-map" or len(options) % 2:
                sys.exit(f"cannot read the {rung.name} options from {options}")
            pairs = list(zip(options[::2], options[1::2], strict=True))
            mapped = pairs[0][1].strip("[]")  # the first -map is the rung's video
            self.filters.append(_chain(graph, split[i], mapped))
            skip = {("-f", "tee"), ("-flags", "+global_header")}  # the tee muxer's needs
            self.codec_args.append(
                [a for pair in pairs if pair[0] != "-map" and pair not in skip for a in pair]
            )
            begin = target + 1
        # The listening audio (mono AAC): the last output of the command, audio only.
        self.listen_args = []
        if plan.listen:
            target = next(n for n, arg in enumerate(command) if f"{out}/listen.m4a" in arg)
            options = command[begin:target]
            pairs = list(zip(options[::2], options[1::2], strict=True))
            skip = {("-f", "tee"), ("-flags", "+global_header")}
            self.listen_args = [a for pair in pairs if pair[0] != "-map" and pair not in skip
                                for a in pair]  # fmt: skip


def _parse_graph(text: str) -> list[tuple[list[str], str, list[str]]]:
    """'[a][b]f=x[c]' statements as (inputs, filters, outputs)."""
    parsed = []
    for statement in text.split(";"):
        match = re.fullmatch(r"((?:\[[^\]]+\])*)(.*?)((?:\[[^\]]+\])*)", statement)
        ins, body, outs = match.groups()
        parsed.append((re.findall(r"\[([^\]]+)\]", ins), body, re.findall(r"\[([^\]]+)\]", outs)))
    return parsed


def _chain(graph, label: str, until: str) -> str:
    """The filters from a split output to the mapped label, as one -vf chain."""
    filters = []
    while label != until:
        _ins, body, outs = next(s for s in graph if s[0] == [label])
        filters.append(body)
        label = outs[0]
    return ",".join(filters)
