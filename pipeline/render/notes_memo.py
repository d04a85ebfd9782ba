"""The show notes as text, kept for the next build (``.cache/build/notes.bin``).

An episode's notes as text follow from its facts (``pipeline.notes``: plain data), the
show notes' templates (the show's own too), its labels and the code: rendering them was
2.5 s at 10,000 posts on every build, and an edit changes a few episodes' facts. So each
is kept by a digest of all that (``kept_texts.py``, the file's format), and an episode whose
facts are the same is not rendered again. Facts the digest does not know (``site/memo.py``)
are rendered every time.

It is an optimisation only: deleting it changes no output byte; a damaged one is named in
a notice and every episode's notes are rendered; one of other code is passed over quietly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from pipeline.kept_texts import key_of, read_texts, text_chunks
from pipeline.labels import labels_for
from pipeline.models import Linked
from pipeline.notes import Notes, NotesData
from pipeline.paths import NOTES_MEMO
from pipeline.render.shownotes import RenderedNotes, ShowNotes, render_notes
from pipeline.render.site.digests import Fingerprints, Unknown
from pipeline.render.templates import templates_digest

KIND = "notes"
MEMO_LIMIT = 256 << 20  # bytes: 2,000 episodes keep about 30 MB
# ShowNotes' texts, in the order an entry lists them (``thin`` and ``data`` are the facts')
_TEXTS = ("description_html", "content_html", "text", "summary", "markdown", "page_html")


def remembered_notes(
    linked: Linked, facts: Notes, root: Path | None, jobs: int = 1
) -> tuple[RenderedNotes, Iterator[bytes] | None, str | None]:
    """:func:`~pipeline.render.shownotes.render_notes`, taking what the last build kept in
    the show ``root`` (None: read and keep nothing, as the preview); also the file to keep,
    made as it is written, and a notice when the kept one was damaged."""
    if root is None:
        return render_notes(linked, facts, jobs), None, None
    keys = _keys(linked, facts, root)
    found, notice = read_texts(
        root, NOTES_MEMO, KIND, keys.values(), MEMO_LIMIT, "all show notes rendered afresh"
    )
    taken: dict[str, ShowNotes] = {}
    for slug, key in keys.items():
        if key in found and (notes := _notes(found[key], facts[slug])) is not None:
            taken[slug] = notes
    rendered = render_notes(linked, {s: d for s, d in facts.items() if s not in taken}, jobs)
    shown = {slug: taken[slug] if slug in taken else rendered[slug] for slug in sorted(facts)}
    kept = ((keys[s], _text(notes)) for s, notes in shown.items() if s in keys)
    return shown, text_chunks(KIND, kept), notice


def _keys(linked: Linked, facts: Notes, root: Path) -> dict[str, bytes]:
    """Each episode's key; none for facts the digest does not know."""
    fingerprints = Fingerprints()
    try:
        labels = fingerprints.of(labels_for(linked.content.show.language)).hex()
    except (Unknown, RecursionError):
        return {}
    shared = templates_digest(root) + labels
    keys = {}
    for slug, data in facts.items():
        try:
            keys[slug] = key_of(shared, fingerprints.of(data).hex())
        except (Unknown, RecursionError):
            continue
    return keys


def _text(notes: ShowNotes) -> str:
    return json.dumps([getattr(notes, name) for name in _TEXTS], ensure_ascii=False)


def _notes(text: str, data: NotesData) -> ShowNotes | None:
    """The kept notes with their facts; None when the entry is not what ``_text`` writes
    (then they are rendered)."""
    try:
        found = json.loads(text)
    except (ValueError, RecursionError):  # nested deeper than the decoder recurses
        return None
    if not (isinstance(found, list) and len(found) == len(_TEXTS)):
        return None
    if not all(isinstance(value, str) for value in found):
        return None
    values: Mapping[str, str] = dict(zip(_TEXTS, found, strict=True))
    return ShowNotes(thin=data.thin, data=data, **values)
