"""Worst-case parse time: `pipeline build` of a show whose one episode is paired with a
1 MB post of hostile content (nested quotes, runs of emphasis and bracket characters,
separator lines, deep HTML). Target: each builds or fails (an ``Error:`` line) in under
5 s; a case that hangs is cut off at 60 s and reported as such.

The posts are made here (``hostile_posts``) and reused by tests/security.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE = 1_000_000  # bytes of body per post
LIMIT = 5.0  # seconds, the target per post
CUTOFF = 60.0  # seconds before a run counts as hung

CONFIG = """\
title = "Bench"
description = "Een show."
author = "Bench"
language = "nl"
base_url = "https://bench.example/"
artwork = "https://bench.example/art.jpg"
categories = ["Business > Marketing"]
timezone = "Europe/Amsterdam"

[owner]
name = "Bench"
email = "bench@bench.example"
"""
EPISODE = """\
title: "Afl. 1: Bench"
number: 1
date: 2026-03-01 07:00
guid: urn:uuid:00000000-0000-4000-8000-000000000001
audio: https://media.bench.example/1.mp3
length: 1234567
duration: "10:00"
post: 2026-03-01-bench
"""


def _fill(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def _prose(size: int) -> str:
    """Plain paragraphs of about ``size`` bytes: what a long article is mostly made of."""
    words = [
        "de",
        "winkel",
        "klant",
        "prijs",
        "etalage",
        "kassa",
        "personeel",
        "seizoen",
        "toonbank",
        "verkoop",
    ]
    sentence = " ".join(words[(i * 7) % len(words)] for i in range(14)).capitalize() + ". "
    paragraph = sentence * 6 + "\n\n"
    return paragraph * max(1, size // len(paragraph))


def _at_limit(unit: str, per_unit: int, size: int) -> str:
    """Just under the marker limit in ``unit``s, the rest of ``size`` plain prose."""
    from pipeline.text.nesting import MAX_MARKERS

    marked = unit * ((MAX_MARKERS - 10) // per_unit)
    return marked + "\n\n" + _prose(max(0, size - len(marked)))


def _nested_at_limit(size: int) -> str:
    """Paragraphs nested 100 deep just under the limit of levels summed over a post's
    lines, the rest of ``size`` plain prose."""
    from pipeline.text.nesting import MAX_NESTING

    nested = (">" * 100 + " x\n\n") * (MAX_NESTING // 99)
    return nested + _prose(max(0, size - len(nested)))


def hostile_posts(size: int = SIZE) -> dict[str, str]:
    """Name -> post body of about ``size`` bytes, each aimed at a parser's weak spot."""
    lines = "\n".join(["x" * 60, "_" * 32, "Lees ook: " + "_" * 40] * (size // 140))
    return {
        "quotes-100k-deep": ">" * 100_000 + " x\n",
        "quotes-spaced": _fill("> ", size) + "x\n",
        "lists-one-line": _fill("- ", size) + "x\n",
        "html-divs": _fill("<div>", size),
        "html-ul-li": _fill("<ul><li>", size),
        "emphasis-stars": _fill("*", size // 20) + "x\n",  # 50,000 markers
        "emphasis-mixed": _fill("*a _b ", size),
        "brackets": _fill("[", size // 20) + "x\n",  # 50,000 brackets
        "image-brackets": _fill("![", size),
        "link-openers": _fill("[a](", size),
        "underscore-lines": lines,
        "angle-brackets": _fill("<", size),
        "backticks": _fill("`a", size),
        "entities": _fill("&#", size),
        "autolinks": _fill("<http://", size),
        "timestamps": _fill("12:3", size),
        "soundcloud-ish": _fill("soundcloud.com/", size),
        "iframes": _fill("<iframe ", size),
        "table-5000-cols": "|a" * 5000 + "\n" + "|-" * 5000 + "\n" + ("|x" * 5000 + "\n") * 100,
        # Within the bounds: these must build, in time.
        "prose": _prose(size),
        "limit-emphasis": _at_limit("*a _b ", 2, size),
        "limit-underscores": _at_limit("Lees ook: " + "_" * 40 + "\n", 40, size),
        "limit-entities": _at_limit("&#", 1, size),
        "limit-angles": _at_limit("<", 1, size),
        "limit-backticks": _at_limit("`a", 1, size),
        "limit-table": _at_limit("|x" * 99 + "|\n", 100, size).replace("\n", "\n|-|\n", 1),
        "limit-brackets": "[" * 9_990 + "x\n\n" + _prose(size - 10_000),
        "limit-quotes": ">" * 100 + " x\n\n" + _prose(size),
        "nested-paragraphs": _fill(">" * 100 + " x\n\n", size),
        "lists-in-quotes": _fill("> - " * 50 + "x\n", size),
        "limit-nesting": _nested_at_limit(size),
    }


def build_once(root: Path, body: str, cutoff: float = CUTOFF) -> tuple[float, int, str]:
    """(seconds, exit code, last stderr line) of building the show with this post body."""
    post = root / "posts" / "2026-03-01-bench.md"
    post.write_text('---\ntitle: "Bench"\ndate: 2026-03-01\n---\n' + body, encoding="utf-8")
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "build", "--root", str(root), "-q",
             "--offline", "--now", "2026-06-01T12:00+02:00"],
            capture_output=True, text=True, timeout=cutoff,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return cutoff, -1, "hung"
    elapsed = time.perf_counter() - started
    last = (proc.stderr.strip().splitlines() or [""])[-1]
    return elapsed, proc.returncode, last


def make_show(root: Path) -> Path:
    (root / "episodes").mkdir(parents=True)
    (root / "posts").mkdir()
    (root / "podcast.toml").write_text(CONFIG, encoding="utf-8")
    (root / "episodes" / "001-bench.yaml").write_text(EPISODE, encoding="utf-8")
    return root


def run(args: argparse.Namespace) -> list[str]:
    size = SIZE // 10 if args.quick else SIZE
    lines = []
    worst = ("", 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_show(Path(tmp) / "show")
        for name, body in hostile_posts(size).items():
            seconds, code, last = build_once(root, body)
            outcome = "built" if code == 0 else "hung" if code < 0 else "refused"
            flag = "" if seconds < LIMIT else f"  OVER {LIMIT:g} s"
            lines.append(f"{name:18} {len(body) / 1e6:5.2f} MB  {seconds:6.2f} s  {outcome}{flag}")
            if outcome == "refused":
                lines.append(f"{'':18} {last[:110]}")
            if seconds > worst[1]:
                worst = (name, seconds)
    lines.append(f"worst case: {worst[0]}, {worst[1]:.2f} s (target under {LIMIT:g} s per post)")
    return lines
