"""The paired posts' facts, kept for the next build (``.cache/build/facts.bin``).

A post's facts (lead, key points, links, timestamps: ``source.py``) follow from its body,
its first line in the file, its own address and the addresses of the posts its ``.md``
links can name, and from the code: parsing every paired post was 2.8 s at 10,000 posts on
every build, and an edit changes one. So each is kept by a digest of all that
(``kept_texts.py``, the file's format), as JSON, and a post whose inputs are the same is not
parsed again. The episode's own fields and its related items are applied afresh each time.

It is an optimisation only: deleting it changes no output byte; a damaged one is named in
a notice and every post is parsed; one of other code is passed over quietly; an entry that
does not read back as facts is parsed again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from pipeline.kept_texts import exactly, key_of, optional_text, read_texts, text_chunks
from pipeline.models import Linked, Post
from pipeline.notes.facts import Notes, notes, notes_and_facts
from pipeline.notes.source import PostFacts, Segment
from pipeline.paths import FACTS_MEMO, absolute, post_path

KIND = "facts"
MEMO_LIMIT = 256 << 20  # bytes: 2,000 paired posts keep a few MB


def remembered_facts(
    linked: Linked, root: Path | None, jobs: int = 1
) -> tuple[Notes, Iterator[bytes] | None, str | None]:
    """:func:`~pipeline.notes.notes`, taking the paired posts' facts the last build kept in
    the show ``root`` (None: read and keep nothing, as the preview); also the file to keep,
    made as it is written, and a notice when the kept one was damaged."""
    if root is None:
        return notes(linked, jobs=jobs), None, None
    keys = _keys(linked)
    found, notice = read_texts(
        root, FACTS_MEMO, KIND, keys.values(), MEMO_LIMIT, "every post's facts taken afresh"
    )
    known = {}
    for slug, key in keys.items():
        if key in found and (facts := _facts(found[key])) is not None:
            known[slug] = facts
    result, posts = notes_and_facts(linked, jobs=jobs, known=known)
    kept = ((keys[slug], _text(facts)) for slug, facts in posts.items() if slug in keys)
    return result, text_chunks(KIND, kept), notice


def _keys(linked: Linked) -> dict[str, bytes]:
    """Each paired post's key: its body and first line, its address, and every address a
    ``.md`` link can resolve to (as ``facts.resolver`` resolves them)."""
    show = linked.content.show
    posts = linked.content.posts
    by_name: Mapping[str, Post] = {p.stem: p for p in posts} | {p.slug: p for p in posts}
    names = key_of(*(f"{n}\0{absolute(show, post_path(p))}" for n, p in sorted(by_name.items())))
    paired = {p.slug: p for e in linked.content.episodes if (p := linked.post_for(e))}
    return {
        slug: key_of(post.body, str(post.body_line), absolute(show, post_path(post)), names.hex())
        for slug, post in paired.items()
    }


def _text(facts: PostFacts) -> str:
    return json.dumps(
        [
            [[s.text, s.href] for s in facts.lead],
            list(facts.headings),
            [[s.text, s.href] for s in facts.links],
            [list(stamp) for stamp in facts.timestamps],
            [list(bad) for bad in facts.malformed],
        ],
        ensure_ascii=False,
    )


def _facts(text: str) -> PostFacts | None:
    """The facts ``_text`` wrote; None for anything else (then the post is parsed)."""
    try:
        lead, headings, links, stamps, malformed = json.loads(text)
        return PostFacts(
            lead=tuple(_segment(s) for s in lead),
            headings=tuple(exactly(str, h) for h in headings),
            links=tuple(_segment(s) for s in links),
            timestamps=tuple(
                (exactly(int, line), exactly(float, start), exactly(str, title), optional_text(url))
                for line, start, title, url in stamps
            ),
            malformed=tuple((exactly(int, line), exactly(str, bad)) for line, bad in malformed),
        )
    except (ValueError, TypeError, RecursionError):
        return None


def _segment(value: object) -> Segment:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError(value)
    return Segment(exactly(str, value[0]), optional_text(value[1]))
