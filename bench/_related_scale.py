"""Time related links for a generated corpus of N posts (run in a fresh process)."""

from __future__ import annotations

import sys
import time

from bench._related_corpus import scale_corpus
from pipeline.link.related import Item, related_items
from pipeline.settings import RelatedSettings

if __name__ == "__main__":
    n = int(sys.argv[1])
    docs = scale_corpus(n)
    items = [Item(d.slug, d.title, d.body, d.tags, (), d.date) for d in docs]
    started, cpu = time.perf_counter(), time.process_time()
    found = related_items(items, "nl", RelatedSettings())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    hits = sum(docs[m.index].topic == docs[i].topic for i, ms in enumerate(found) for m in ms)
    total = sum(len(ms) for ms in found)
    print(f"{elapsed:.3f} {cpu:.3f} {total} {hits}")
