"""Issue 15's table: `pipeline build` side by side with Hugo and the Python floor.

For each size (1,000 and 10,000 posts; ``--sizes``) the corpus of ``bench/_corpus.py`` is
written as a show and as two Hugo sites (with and without a related-posts list). Then, in
rounds (``--warmup`` uncounted, ``--rounds`` counted), every contender runs once per round,
alternating, each in a fresh process measured by ``bench/_measure.py`` (wall s / CPU s /
peak MiB; medians over the counted rounds):

- ``pipeline build`` cold (a new output folder, the show's .cache/build/ deleted), Hugo with
  and without related posts (new folders), the Python floor writing every page, and the
  floor that only reads and hashes;
- ``pipeline build`` again into the same folder with nothing changed, after editing one
  post's body, and after adding one episode (another post and episode every round).

Precision@5 of related posts is measured on the same corpus for the pipeline (its
``related.json``), Hugo (its pages' related lists) and a plain stemmed TF-IDF. Related links
alone are timed for 100,000 posts (``--related``) in a process of their own. Every figure
is reported with its ratio to Hugo, incremental builds also against the floor, and the
issue's targets are checked: these targets live here, never in timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from bench import _quality
from bench._corpus import EpisodeSpec, PostSpec, generate
from bench._measure import Measured, measured
from bench._report import Result, report
from bench._sites import (
    episode_file,
    hugo_command,
    pipeline_command,
    post_file,
    write_hugo,
    write_show,
)

SIZES = (1_000, 10_000)
RELATED_SIZE = 100_000
REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


@dataclass
class _Show:
    """The show being measured, and the changes made to it round by round."""

    root: Path
    posts: list[PostSpec]

    def edit(self, k: int) -> None:
        """Change one post's body (another post each round)."""
        i = (len(self.posts) // 2 + 7 * k) % len(self.posts)
        post = self.posts[i]
        body = f"Een nieuwe eerste zin, geschreven in ronde {k}. {post.body}"
        self.posts[i] = replace(post, body=body)
        (self.root / "posts" / f"{post.stem}.md").write_text(post_file(self.posts[i]), "utf-8")

    def add_episode(self, k: int) -> None:
        """Add an episode for a post that has none yet (another one each round)."""
        free = [p for p in self.posts if p.episode is None]
        post = free[(len(free) // 3 + 11 * k) % len(free)]
        number = len(self.posts) // 5 + 1 + k
        episode = EpisodeSpec(
            number=number,
            stem=f"{number:05d}-{post.slug}"[:80].rstrip("-"),
            title=f"Afl. {number}: {post.title}",
            date=post.date,
            track_id=950_000_000 + number,
            summary=f"Een extra aflevering bij {post.title}.",
            guests=(),
            chapters=((0, "Intro"), (300, "Het gesprek")),
            duration=1800,
        )
        self.posts[post.index] = replace(post, episode=episode)
        path = self.root / "episodes" / f"{episode.stem}.yaml"
        path.write_text(episode_file(episode, post.stem), "utf-8")


def _python(*args: str) -> list[str]:
    return [sys.executable, "-m", *args]


def measure_size(n: int, rounds: int, warmup: int, work: Path) -> Result:
    """Every contender for a show of ``n`` posts (see the module docstring)."""
    posts = generate(n)
    show = _Show(write_show(work / "show", posts), list(posts))
    hugo_related = write_hugo(work / "hugo-related", posts, related=True)
    hugo_plain = write_hugo(work / "hugo", posts, related=False)
    samples: dict[str, list[Measured]] = {}
    result = Result(n=n, load=[os.getloadavg()[0]])
    for k in range(warmup + rounds):
        out = work / f"site-{k}"

        def run(name: str, command: list[str], k: int = k) -> None:
            figures = measured(command, ENV)
            if k >= warmup:
                samples.setdefault(name, []).append(figures)

        steps = [
            ("cold", pipeline_command(show.root, out)),
            ("hugo_related", hugo_command(hugo_related, work / f"hugo-related-{k}")),
            ("hugo", hugo_command(hugo_plain, work / f"hugo-{k}")),
            ("floor", _python("bench._floor", str(show.root), str(work / f"floor-{k}"))),
            ("again", pipeline_command(show.root, out)),
            ("floor_hash", _python("bench._floor", "--hash", str(show.root))),
        ]
        for name, command in steps:
            if name == "cold":  # nothing from the last round: no record, no cache
                shutil.rmtree(show.root / ".cache" / "build", ignore_errors=True)
            run(name, command)
        if k == warmup:
            # The pipeline and Hugo compute related posts in every build: read them once.
            result.precision = (
                _quality.quality(show.posts, _quality.ours(show.posts, out / "related.json")),
                _quality.quality(posts, _quality.hugo(posts, work / f"hugo-related-{k}")),
                None,
            )
            result.related_json = (out / "related.json").stat().st_size
        show.edit(k)
        run("edit", pipeline_command(show.root, out))
        show.add_episode(k)
        run("episode", pipeline_command(show.root, out))
        # Each round's sites stay until the size is done (about 2 GB a round at 10,000
        # posts): on this VM, creating files right after deleting a few gigabytes cost up to
        # 20x the usual system time for minutes, which landed on the next round's cold
        # build (the first to write) and not on Hugo's.
    ours, hugo, _ = result.precision or (None, None, None)
    result.precision = (ours, hugo, _quality.quality(posts, _quality.tfidf(posts)))
    result.figures = {name: _median(values) for name, values in samples.items()}
    result.load.append(os.getloadavg()[0])
    return result


def _median(values: list[Measured]) -> Measured:
    return Measured(
        statistics.median(v.wall for v in values),
        statistics.median(v.cpu for v in values),
        statistics.median(v.peak for v in values),
    )


def related_alone(n: int, rounds: int) -> dict[str, float]:
    """Related links for ``n`` posts in a fresh process: median wall and CPU of ``relate()``
    alone, peak memory of the whole process and its workers (corpus included, measured by
    ``_measure.py`` from outside), and its precision@5."""
    found: list[dict[str, float]] = []
    for _ in range(rounds):
        proc = subprocess.run(
            _python("bench._measure", *_python("bench._related_scale", str(n))),
            capture_output=True,
            text=True,
            env=ENV,
            check=True,
        )
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        alone, whole = json.loads(lines[-2]), json.loads(lines[-1])
        if whole["returncode"] != 0:
            raise RuntimeError(f"related links alone failed:\n{proc.stderr[-3000:]}")
        alone["peak_mib"] = max(alone["peak_mib"], whole["peak"])
        found.append(alone)
    return {key: statistics.median(f[key] for f in found) for key in found[0]}


def run(args: argparse.Namespace) -> list[str]:
    quick = getattr(args, "quick", False)
    sizes = getattr(args, "sizes", None) or ((1_000,) if quick else SIZES)
    rounds = getattr(args, "rounds", None) or 3
    warmup = getattr(args, "warmup", None)
    warmup = 1 if warmup is None else warmup
    related = getattr(args, "related", None)
    related = (10_000 if quick else RELATED_SIZE) if related is None else related
    results = []
    for n in sizes:
        print(f"  {n:,} posts: {warmup} warm-up + {rounds} counted rounds", flush=True)
        with tempfile.TemporaryDirectory(prefix=f"bench-build-{n}-") as tmp:
            results.append(measure_size(n, rounds, warmup, Path(tmp)))
    alone = None
    if related:
        print(f"  related links alone, {related:,} posts", flush=True)
        alone = (related, related_alone(related, getattr(args, "related_rounds", None) or 1))
    return report(results, alone, rounds, warmup)
