"""Related links: quality against Hugo's related content, and speed/memory at scale.

Quality: a topic-labelled corpus of our own (``bench/_related_corpus.py``: ten shop
subjects, inflected Dutch words, noisy tags). precision@5 is the share of suggested links
whose post has the same subject, over all suggestions (micro average); coverage is the
share of posts that get at least one link. Hugo (Debian's ``hugo``) builds the same posts
(title, date, tags, body) with its documented default related configuration (indices
keywords 100, date 10, tags 80; threshold 80; includeNewer false) and a layout that prints
``.Site.RegularPages.Related . | first 5``; a second Hugo run with includeNewer = true gives
it the benefit of the doubt.

Scale: related links for 10,000 and 100,000 generated posts in a fresh process each
(targets: < 5 s and < 2 min, peak RSS < 4 GiB). Wall and CPU time are both reported,
since other work on the machine inflates wall time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._related_corpus import Doc, quality_corpus
from pipeline.link.related import Item, related_items
from pipeline.settings import RelatedSettings

TOP = 5

HUGO_CONFIG = """\
baseURL = "https://bench.example/"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404", "robotsTXT"]

[related]
  includeNewer = {newer}
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "keywords"
    weight = 100
  [[related.indices]]
    name = "date"
    weight = 10
  [[related.indices]]
    name = "tags"
    weight = 80
"""
HUGO_LAYOUT = (
    "{{ range .Site.RegularPages.Related . | first 5 }}{{ .File.ContentBaseName }}\n{{ end }}"
)


def ours(docs: list[Doc]) -> tuple[list[list[int]], float]:
    items = [Item(d.slug, d.title, d.body, d.tags, (), d.date) for d in docs]
    started = time.perf_counter()
    found = related_items(items, "nl", RelatedSettings(top=TOP))
    return [[m.index for m in row] for row in found], time.perf_counter() - started


def hugo(docs: list[Doc], include_newer: bool) -> tuple[list[list[int]], float]:
    index = {d.slug: k for k, d in enumerate(docs)}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        (site / "hugo.toml").write_text(
            HUGO_CONFIG.format(newer=str(include_newer).lower()), "utf-8"
        )
        (site / "layouts" / "_default").mkdir(parents=True)
        (site / "layouts" / "_default" / "single.html").write_text(HUGO_LAYOUT, "utf-8")
        (site / "layouts" / "index.html").write_text("", "utf-8")
        posts = site / "content" / "posts"
        posts.mkdir(parents=True)
        for d in docs:
            tags = ", ".join(f'"{t}"' for t in d.tags)
            (posts / f"{d.slug}.md").write_text(
                f'---\ntitle: "{d.title}"\ndate: {d.date.isoformat()}\ntags: [{tags}]\n---\n\n'
                f"{d.body}\n",
                "utf-8",
            )
        started = time.perf_counter()
        subprocess.run(
            ["hugo", "--quiet", "-s", str(site), "-d", str(site / "public")],
            check=True,
            capture_output=True,
        )
        elapsed = time.perf_counter() - started
        found = []
        for d in docs:
            page = site / "public" / "posts" / d.slug / "index.html"
            # Hugo writes no file for an empty page: no related posts.
            text = page.read_text("utf-8") if page.exists() else ""
            found.append([index[s] for s in text.split() if s in index])
    return found, elapsed


def quality(docs: list[Doc], found: list[list[int]]) -> tuple[float, float, float]:
    """(precision@5, coverage, mean links per post)."""
    suggested = sum(len(row) for row in found)
    right = sum(docs[j].topic == docs[i].topic for i, row in enumerate(found) for j in row)
    covered = sum(bool(row) for row in found)
    return right / max(suggested, 1), covered / len(docs), suggested / len(docs)


def scale(n: int, repeats: int) -> tuple[float, float, float]:
    """(median wall s, median CPU s, max peak RSS MiB) of related links for n posts."""
    walls, cpus, peaks = [], [], []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for _ in range(repeats):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench._peak",
                sys.executable,
                "-m",
                "bench._related_scale",
                str(n),
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        result, peak = proc.stdout.strip().splitlines()[-2:]
        wall, cpu, *_ = result.split()
        walls.append(float(wall))
        cpus.append(float(cpu))
        peaks.append(float(peak))
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def run(args: argparse.Namespace) -> list[str]:
    quick = getattr(args, "quick", False)
    docs = quality_corpus(per_topic=15 if quick else 40)
    lines = [f"quality corpus: {len(docs)} posts on 10 subjects (own generator, noisy tags)"]
    mine, took = ours(docs)
    p, cov, mean = quality(docs, mine)
    lines.append(
        f"pipeline: precision@5 {p:.3f}, coverage {cov:.0%}, {mean:.2f} links/post ({took:.2f} s)"
    )
    if shutil.which("hugo") is None:
        lines.append("hugo: not installed (make system-test installs it); no comparison")
    else:
        for newer in (False, True):
            found, took = hugo(docs, newer)
            hp, hcov, hmean = quality(docs, found)
            label = "hugo defaults" if not newer else "hugo + includeNewer"
            lines.append(
                f"{label}: precision@5 {hp:.3f}, coverage {hcov:.0%}, {hmean:.2f} links/post "
                f"({took:.2f} s build); pipeline/hugo precision ratio {p / max(hp, 1e-9):.2f}"
            )
    for n, repeats, limit in ((10_000, 1 if quick else 3, 5.0), (100_000, 1, 120.0)):
        if quick and n > 10_000:
            continue
        wall, cpu, peak = scale(n, repeats)
        verdict = "ok" if wall < limit and peak < 4096 else "OVER TARGET"
        lines.append(
            f"scale {n:,} posts: median {wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MiB "
            f"(target < {limit:.0f} s, < 4096 MiB: {verdict}; load avg {os.getloadavg()[0]:.1f})"
        )
    return lines
