"""Related links alone for N generated posts, in this (fresh) process.

``python -m bench._related_scale N``: generates the corpus in memory (untimed), then times
``relate()`` as ``pipeline build`` calls it (on every core), and prints one JSON line: wall
and CPU seconds of ``relate()`` (its worker processes' CPU included), the resident memory
before it (the corpus itself), the peak in MiB (the larger of this process's peak RSS and
the peak PSS of it and its workers together, sampled as ``_measure.py`` does), and
precision@5 against the corpus's topics.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import threading
import time

from bench._corpus import generate
from bench._measure import SAMPLE_SECONDS, tree_pss
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
    peak_pss = sampling = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss, sampling
        while not done.wait(SAMPLE_SECONDS):
            peak_pss = max(peak_pss, tree_pss(os.getpid()))
        sampling = time.thread_time()  # the sampler's own CPU, not relate()'s

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.perf_counter(), time.process_time()
    related = relate(loaded, pairs, jobs=default_jobs())
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (after.ru_utime - workers.ru_utime) + (after.ru_stime - workers.ru_stime) - sampling
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, peak_pss)
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
