"""Structure of pasted text: section headings become Markdown headings, lists stay lists.

Text copied from a page loses its markup. What remains shows the structure anyway:

- a section heading is a short line without final punctuation that stands alone (or opens
  a paragraph) and is followed by prose; "1. Het Is Geen Spel" followed by prose is a
  numbered heading, not a list of one item (which would restart at 1 on the page);
- a numbered list keeps the number it starts with ("3." stays 3), and gets the blank line
  Markdown needs before it when it follows a sentence directly (else it is no list at all).

Only plain text is restructured; Markdown and HTML inputs keep the structure they have.
"""

from __future__ import annotations

import re

from pipeline.imports.cleanup import Numbered, Rewritten
from pipeline.load.posts import POINTER_WORDS

HEADING = "section heading"
LIST_GAP = "blank line before a list"
MAX_WORDS, MAX_CHARS = 12, 90
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")
_LIST_ITEM = re.compile(r"^(?:\d{1,9}[.)]|[-*+•])\s+\S")
_FINAL = tuple(".,;:!?…\"'”’»")
# A "Lees ook: <title>" line is a pointer, whichever of load's words it uses: as a heading
# ("## See also: ...") it would be neither linked nor kept as one.
_NOT_HEADING = re.compile(
    r"^(?:#|>|\||!\[|\[|<|```|" + "|".join(POINTER_WORDS) + ")|://", re.IGNORECASE
)


def is_markdown(lines: list[str]) -> bool:
    """The text already has Markdown structure (headings, fences): leave it as written."""
    return any(re.match(r"^(?:#{1,6}\s|```)", line) for line in lines)


def _prose(text: str) -> bool:
    """A sentence (or more): ends like one, or is too long for a heading."""
    text = text.strip()
    return bool(text) and (text.endswith(_FINAL) or len(text.split()) > MAX_WORDS)


def _heading_like(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > MAX_CHARS or len(text.split()) > MAX_WORDS:
        return False
    if text.endswith(_FINAL) or _NOT_HEADING.search(text):
        return False
    if _LIST_ITEM.match(text) and not _NUMBERED.match(text):
        return False
    return text[0].isupper() or text[0].isdigit()


def structure(lines: list[Numbered]) -> tuple[list[Numbered], list[Rewritten]]:
    """Headings marked and list gaps added in plain text; every change listed."""
    texts = [text for _, text in lines]
    changes: list[Rewritten] = []
    out = list(lines)
    filled = [i for i, t in enumerate(texts) if t.strip()]
    for at, i in enumerate(filled):
        nxt = filled[at + 1] if at + 1 < len(filled) else None
        if nxt is None or not _heading_like(texts[i]):
            continue
        glued = nxt == i + 1  # the paragraph starts on the very next line
        follows = texts[nxt]
        if _NUMBERED.match(texts[i]):
            # "2. Kies" then "3. Betaal" is a list; a numbered line before prose a heading.
            if _LIST_ITEM.match(follows) or (glued and not _prose(follows)):
                continue
            prev = filled[at - 1] if at else None
            if prev is not None and _LIST_ITEM.match(texts[prev]):
                continue  # the last item of a list
        if not _prose(follows) or _LIST_ITEM.match(follows):
            continue
        number, text = lines[i]
        marked = "## " + text.strip()
        out[i] = (number, marked)
        changes.append(Rewritten(number, HEADING, text, marked))
    return _list_gaps(out, changes)


def _list_gaps(
    lines: list[Numbered], changes: list[Rewritten]
) -> tuple[list[Numbered], list[Rewritten]]:
    out: list[Numbered] = []
    for number, text in lines:
        prev = out[-1][1] if out else ""
        starts_list = _LIST_ITEM.match(text) and not text.startswith("## ")
        if (
            starts_list
            and prev.strip()
            and not _LIST_ITEM.match(prev)
            and not prev.startswith("## ")
        ):
            out.append((number, ""))
            changes.append(Rewritten(number, LIST_GAP, text, "\n" + text))
        out.append((number, text))
    return out, changes
