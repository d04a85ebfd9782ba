"""Related links alone for N generated posts, in this (fresh) process.

``python -m bench._related_scale N``: generates the corpus in memory (untimed), then times
``relate()`` on every core, and prints one JSON line: wall and CPU seconds of ``relate()``
(its worker processes' CPU included), the resident memory before it (the corpus itself),
this process's peak RSS in MiB, and precision@5 against the corpus's topics. Run it under
``_measure.py`` for the peak of it and its workers together (``build.related_alone``):
a sampling thread here would make ``relate()`` fork a process with threads.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time

from bench._corpus import generate
from bench._quality import quality
from bench._sites import content
from pipeline.link.related import relate
from pipeline.parallel import default_jobs


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main(n: int) -> dict[str, float]:
    posts = generate(n)
    loaded, pairs = content(posts)
    keys = {f"post:{p.slug}": p.index for p in posts}
    keys.update({f"episode:{p.episode.stem}": p.index for p in posts if p.episode})
    gc.collect()
    before = rss_mib()
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.perf_counter(), time.process_time()
    related = relate(loaded, pairs, jobs=default_jobs())
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (after.ru_utime - workers.ru_utime) + (after.ru_stime - workers.ru_stime)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = [
        [keys[link.target] for link in related[f"post:{p.slug}"] if link.kind == "related"]
        for p in posts
    ]
    q = quality(posts, found)
    return {
        "n": n,
        "wall": wall,
        "cpu": cpu,
        "corpus_mib": before,
        "peak_mib": peak,
        "precision": q.precision,
        "coverage": q.coverage,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
