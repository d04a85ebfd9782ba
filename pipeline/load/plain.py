"""The names and titles podcast.toml gives apps are plain text: the show's title, author
and copyright, and those of its Podcasting 2.0 tables (hosts, funding links, podroll and
publisher, trailers, location, update frequency, image descriptions, value recipients).

Apps show them as they are, and some render HTML in them: ``<script>`` or ``<svg
onload=...>`` written in a funding link's text or a trailer's title went into the feed as
it was. A text that looks like a tag is refused where it is written, as a title is."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.text.markup import has_markup

# Key paths; a list on the way is walked item by item (hosts[0].name, hosts[1].name...).
PLAIN_PATHS = (
    ("title",),
    ("author",),
    ("copyright",),
    ("hosts", "name"),
    ("funding", "text"),
    ("podroll", "title"),
    ("publisher", "title"),
    ("trailers", "title"),
    ("location", "name"),
    ("update_frequency", "text"),
    ("images", "alt"),
    ("value", "recipients", "name"),
)
PLAIN_EXPECTED = "plain text without HTML tags"


def markup_in(data: dict[str, object]) -> Iterator[tuple[str, str]]:
    """``(key, text)`` of every name or title in ``data`` holding markup, named as
    ``load.schema.key_lines`` names keys (``hosts[1].name``)."""
    for path in PLAIN_PATHS:
        yield from _walk(data.get(path[0]), path[1:], path[0])


def _walk(node: object, rest: tuple[str, ...], key: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, rest, f"{key}[{i}]")
    elif isinstance(node, str):  # the text itself, or a table's short form (location = "...")
        if has_markup(node):
            yield key, node
    elif isinstance(node, dict) and rest and rest[0] in node:
        yield from _walk(node[rest[0]], rest[1:], f"{key}.{rest[0]}")
