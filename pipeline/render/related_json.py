"""``related.json``: the whole link graph, for a Jekyll (``_data/``) or Hugo (``data/``) site.

Shape (version 2; items sorted by key, one per line, so the file changes only where a link
does and a diff shows which item)::

    {"version": 2, "language": "nl",
     "items": {
      "episode:<slug>": {"type": "episode", "slug": ..., "title": ..., "url": ..., "related": [
        {"to": "post:<slug>", "kind": "pair", "score": 1.0, "reason": "het artikel bij ..."},
        {"to": "post:<slug>", "kind": "related", "score": 0.259, "reason": "over: prijzen"}]},
      "post:<slug>": {...}},
     "pointers": [{"source": "post:<slug>", "line": 31, "text": ..., "target": ... | null,
                   "how": ...}]}

A link names its target by key; the target's title and URL are in its own item (version 1
repeated them, with the shared words, tags and guests as lists, in every link: 39 MB for
10,000 posts, now about 13 MB). Scores have three decimals; ``reason`` is the explanation
in the show's language (``over: prijzen, korting; tags: prijzen; gast: Noor Hendriks``).

In Jekyll: ``{% assign me = site.data.related.items["post:" | append: page.slug] %}`` then
``{% for link in me.related %}{% assign to = site.data.related.items[link.to] %}`` and
``{{ to.url }}``, ``{{ to.title }}``. In Hugo: ``index site.Data.related.items (printf
"post:%s" .File.ContentBaseName)``, then ``index site.Data.related.items .to`` per link.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.models import Linked
from pipeline.paths import absolute, episode_path, post_path
from pipeline.render import Output
from pipeline.render.links import escaped

RELATED_FILE = "related.json"
VERSION = 2


def _describe(linked: Linked, key: str) -> dict[str, Any]:
    content = linked.content
    kind, _, slug = key.partition(":")
    if kind == "post":
        post = content.posts_by_slug.get(slug)
        title = post.title if post else slug
        url = escaped(absolute(content.show, post_path(post))) if post else None
    else:
        episode = content.episodes_by_slug.get(slug)
        title = episode.title if episode else slug
        url = escaped(absolute(content.show, episode_path(episode))) if episode else None
    return {"type": kind, "slug": slug, "title": title, "url": url}


def related_document(linked: Linked) -> dict[str, Any]:
    """The link graph as plain data (what ``related.json`` holds)."""
    items: dict[str, Any] = {}
    for key in sorted(linked.related):
        entry = _describe(linked, key)
        entry["related"] = [
            {
                "to": link.target,
                "kind": link.kind,
                "score": round(link.score, 3),
                "reason": link.reason,
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
        "version": VERSION,
        "language": linked.content.show.language,
        "items": items,
        "pointers": pointers,
    }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_related_json(linked: Linked) -> Output:
    document = related_document(linked)
    items = document.pop("items")
    pointers = document.pop("pointers")
    head = ",".join(f"{_compact(k)}:{_compact(v)}" for k, v in document.items())
    lines = [f"{_compact(k)}:{_compact(v)}" for k, v in items.items()]
    text = (
        f'{{{head},\n"items":{{\n'
        + ",\n".join(lines)
        + '\n},\n"pointers":[\n'
        + ",\n".join(_compact(p) for p in pointers)
        + "\n]}\n"
    )
    return {RELATED_FILE: text.encode("utf-8")}
