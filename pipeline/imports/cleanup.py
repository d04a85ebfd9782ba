"""Boilerplate around pasted and scraped articles, removed line by line and always listed.

Each rule removes only what it recognises (a reading-time marker, share buttons, a
"New Call-to-action", a contact line at the top, an image file name glued to text, and the
site chrome of :mod:`chrome`) and records the exact text it took away with its input line,
so the import report loses no word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.imports.chrome import chrome_kind, cookie_button


@dataclass(frozen=True)
class Removed:
    """Text taken out of an article: 1-based line of the input, why, and the text itself."""

    line: int
    kind: str
    text: str


@dataclass(frozen=True)
class Rewritten:
    """A line the import changed (not an encoding repair): a heading marked, a link resolved."""

    line: int
    kind: str
    before: str
    after: str


Numbered = tuple[int, str]  # (1-based input line, text)

READING_TIME = re.compile(
    r"\b\d+\s*(?:min(?:uten|uut|utes?)?\.?)\s*(?:read|leestijd|lezen|lees)\b"
    r"|\b(?:leestijd|reading time)\s*:?\s*\d+",
    re.IGNORECASE,
)
CALL_TO_ACTION = re.compile(r"^\W*(?:new\s+)?call[\s-]*to[\s-]*action\W*$", re.IGNORECASE)
DOWNLOAD = re.compile(
    r"\bdownload\b.*(?::\s*$|\b(?:whitepaper|e-?book|gratis|hier|free)\b)"
    r"|^\W*download\b",
    re.IGNORECASE,
)
_SHARE_WORDS = (
    r"share|shares|sharing|deel|delen|deze|dit|artikel|op|on|this|article|tweet|facebook|"
    r"twitter|x|linkedin|whatsapp|pinterest|e-?mail|mail|print|kopieer|link|copy|repost|"
    r"reposten|verzenden|send|like|comment|reageren|reactie|vind|ik|leuk|opslaan|save|"
    r"kopiëren|bewaren"
)
SHARE = re.compile(rf"^[\W_]*(?:(?:{_SHARE_WORDS})[\W_]*)+$", re.IGNORECASE)
_SHARE_SURE = re.compile(
    r"share|deel|delen|tweet|facebook|linkedin|whatsapp|repost|verzenden|send", re.IGNORECASE
)
# Linear: an address starts where no address character precedes it, and every run is
# possessive, so a line of 40,000 letters is scanned once, not once per letter.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
# A tag to strip; "<" outside the class, so thousands of "<" are one pass each.
TAG = re.compile(r"<[^<>]+>")
PHONE = re.compile(r"(?:\+|00)\d{2}[\s-]?\(?\d[\d\s()-]{7,}\d|\b0\d{1,3}[\s-]?\d[\d\s-]{5,}\d\b")
IMAGE_NAME = re.compile(r"(?<![\w/.(=\"'\[-])[\w-]+\.(?:jpe?g|png|gif|webp)", re.IGNORECASE)
TOP_LINES = 6  # contact lines are only looked for among the first non-empty lines


def clean_lines(lines: list[Numbered]) -> tuple[list[Numbered], list[Removed]]:
    """The article's lines without boilerplate, and what was removed (with input lines)."""
    texts = [raw.replace("\xa0", " ").rstrip() for _, raw in lines]
    filled = [i for i, text in enumerate(texts) if text.strip()]
    kinds: dict[int, str | None] = {}
    for position, i in enumerate(filled, 1):
        kinds[i] = _whole_line_kind(texts[i].strip(), position)
    for at, i in enumerate(filled):
        # A banner's buttons ("Akkoord", "Weigeren") are chrome only beside its notice.
        near = filled[max(0, at - 2) : at] + filled[at + 1 : at + 3]
        notice = any(kinds[j] == "cookie notice" for j in near)
        if kinds[i] is None and notice and cookie_button(texts[i].strip()):
            kinds[i] = "cookie notice (button)"
    removed: list[Removed] = []
    kept: list[Numbered] = []
    for i, (number, _) in enumerate(lines):
        line = texts[i]
        kind = kinds.get(i)
        if kind:
            removed.append(Removed(number, kind, line.strip()))
            continue
        names = IMAGE_NAME.findall(line)
        if names:
            for name in names:
                removed.append(Removed(number, "image file name", name))
            line = IMAGE_NAME.sub("", line)
            if not line.strip():
                continue
            line = re.sub(r"(?<=\S) {2,}", " ", line).rstrip()
        kept.append((number, line if line.strip() else ""))
    return _collapse_blank(kept), removed


def _whole_line_kind(text: str, position: int) -> str | None:
    plain = TAG.sub("", text).strip(" *_")
    words = len(plain.split())
    if READING_TIME.search(plain) and words <= 6:
        return "reading time"
    if CALL_TO_ACTION.match(plain):
        return "call to action"
    if DOWNLOAD.search(plain) and words <= 15:
        return "download prompt"
    if SHARE.match(plain) and _SHARE_SURE.search(plain):
        return "share buttons"
    if position <= TOP_LINES and (EMAIL.search(plain) or PHONE.search(plain)) and words <= 12:
        return "contact line"
    return chrome_kind(plain, words)


def _collapse_blank(lines: list[Numbered]) -> list[Numbered]:
    out: list[Numbered] = []
    for number, line in lines:
        if not line and (not out or not out[-1][1]):
            continue
        out.append((number, line))
    while out and not out[-1][1]:
        out.pop()
    return out
