"""Show notes for every episode of a synthetic show: time per build and per episode.

Notes are computed once per build (the notes stage, then render_notes) and handed to the
feed, the pages and the shownotes/ files; the second figure is writing those files. The
ratio between sizes shows whether the cost grows linearly with the number of episodes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench._corpus import generate
from bench._sites import write_show
from pipeline.link.pairing import pair
from pipeline.load import load_content
from pipeline.models import Linked
from pipeline.notes import notes
from pipeline.render.shownotes import render_notes, render_shownotes

SIZES = (1_000, 10_000)  # posts; a fifth of them are episodes


def run(args: argparse.Namespace) -> list[str]:
    lines = []
    per_episode: dict[int, float] = {}
    sizes = (1_000,) if args.quick else SIZES
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            content = load_content(write_show(Path(tmp) / "show", generate(n)))
            pairs = pair(content).pairs
            first, again = [], []
            for _ in range(1 if args.quick else 3):
                linked = Linked(content=content, pairs=pairs)  # a fresh build each time
                started = time.perf_counter()
                shown = render_notes(linked, notes(linked))
                first.append(time.perf_counter() - started)
                started = time.perf_counter()
                render_shownotes(shown, content.episodes)
                again.append(time.perf_counter() - started)
        episodes = len(content.episodes)
        seconds = statistics.median(first)
        per_episode[n] = seconds / episodes * 1000
        lines.append(
            f"N={n:>6} posts, {episodes} episodes: notes median {seconds:5.2f} s "
            f"({per_episode[n]:.2f} ms/episode); shownotes/ files after that "
            f"{statistics.median(again) * 1000:.0f} ms"
        )
    if len(per_episode) == 2:
        ratio = per_episode[SIZES[1]] / per_episode[SIZES[0]]
        lines.append(f"per-episode cost ratio 10,000 vs 1,000 posts: {ratio:.2f} (1.0 = linear)")
    return lines
