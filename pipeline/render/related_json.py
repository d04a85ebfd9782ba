"""``related.json``: the whole link graph, for a Jekyll (``_data/``) or Hugo (``data/``) site.

Shape (keys sorted, so the file only changes when a link does)::

    {"version": 1, "language": "nl",
     "items": {"post:<slug>": {"type": "post", "slug": ..., "title": ..., "url": ...,
                               "related": [{"target": "episode:<slug>", "type": ...,
                                            "slug": ..., "title": ..., "url": ...,
                                            "kind": "pair" | "related", "score": 0.23,
                                            "reason": ..., "terms": [...], "tags": [...],
                                            "guests": [...]}]}},
     "pointers": [{"source": "post:<slug>", "line": 31, "text": ..., "target": ... | null,
                   "how": ...}]}

In Jekyll: ``site.data.related.items["post:" | append: page.slug]``; in Hugo:
``index site.Data.related.items (printf "post:%s" .File.ContentBaseName)``.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.models import Linked
from pipeline.paths import absolute, episode_path, post_path
from pipeline.render import Output

RELATED_FILE = "related.json"


def _describe(linked: Linked, key: str) -> dict[str, Any]:
    content = linked.content
    kind, _, slug = key.partition(":")
    if kind == "post":
        post = content.posts_by_slug.get(slug)
        title = post.title if post else slug
        url = absolute(content.show, post_path(post)) if post else None
    else:
        episode = content.episodes_by_slug.get(slug)
        title = episode.title if episode else slug
        url = absolute(content.show, episode_path(episode)) if episode else None
    return {"type": kind, "slug": slug, "title": title, "url": url}


def related_document(linked: Linked) -> dict[str, Any]:
    """The link graph as plain data (what ``related.json`` holds)."""
    items: dict[str, Any] = {}
    for key in sorted(linked.related):
        entry = _describe(linked, key)
        entry["related"] = [
            {
                "target": link.target,
                **_describe(linked, link.target),
                "kind": link.kind,
                "score": link.score,
                "reason": link.reason,
                "terms": list(link.terms),
                "tags": list(link.tags),
                "guests": list(link.guests),
            }
            for link in linked.related[key]
        ]
        items[key] = entry
    pointers = [
        {
            "source": p.source,
            "line": p.line,
            "text": p.text,
            "target": p.target,
            "how": p.how,
        }
        for p in linked.pointers
    ]
    return {
        "version": 1,
        "language": linked.content.show.language,
        "items": items,
        "pointers": pointers,
    }


def render_related_json(linked: Linked) -> Output:
    text = json.dumps(related_document(linked), ensure_ascii=False, indent=1, sort_keys=True)
    return {RELATED_FILE: (text + "\n").encode("utf-8")}
