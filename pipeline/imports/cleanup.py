"""Boilerplate around pasted and scraped articles, removed line by line and always listed.

Each rule removes only what it recognises (a reading-time marker, share buttons, a
"New Call-to-action", a contact line at the top, an image file name glued to text) and
records the exact text it took away, so the import report loses no word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Removed:
    """Text taken out of an article: 1-based line of the input, why, and the text itself."""

    line: int
    kind: str
    text: str


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
    r"twitter|x|linkedin|whatsapp|pinterest|e-?mail|mail|print|kopieer|link|copy"
)
SHARE = re.compile(rf"^[\W_]*(?:(?:{_SHARE_WORDS})[\W_]*)+$", re.IGNORECASE)
_SHARE_SURE = re.compile(r"share|deel|delen|tweet|facebook|linkedin|whatsapp", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+|00)\d{2}[\s-]?\(?\d[\d\s()-]{7,}\d|\b0\d{1,3}[\s-]?\d[\d\s-]{5,}\d\b")
IMAGE_NAME = re.compile(r"(?<![\w/.(=\"'\[-])[\w-]+\.(?:jpe?g|png|gif|webp)", re.IGNORECASE)
TOP_LINES = 6  # contact lines are only looked for among the first non-empty lines


def clean_lines(lines: list[str], first_line: int = 1) -> tuple[list[str], list[Removed]]:
    """The article's lines without boilerplate, and what was removed (with input lines)."""
    removed: list[Removed] = []
    kept: list[str] = []
    seen_text = 0
    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.replace("\xa0", " ").rstrip()
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        seen_text += 1
        kind = _whole_line_kind(stripped, seen_text)
        if kind:
            removed.append(Removed(number, kind, stripped))
            continue
        names = IMAGE_NAME.findall(line)
        if names:
            for name in names:
                removed.append(Removed(number, "image file name", name))
            line = IMAGE_NAME.sub("", line)
            if not line.strip():
                continue
            line = re.sub(r"(?<=\S) {2,}", " ", line).rstrip()
        kept.append(line)
    return _collapse_blank(kept), removed


def _whole_line_kind(text: str, position: int) -> str | None:
    plain = re.sub(r"<[^>]+>", "", text).strip(" *_")
    if READING_TIME.search(plain) and len(plain.split()) <= 6:
        return "reading time"
    if CALL_TO_ACTION.match(plain):
        return "call to action"
    if DOWNLOAD.search(plain) and len(plain.split()) <= 15:
        return "download prompt"
    if SHARE.match(plain) and _SHARE_SURE.search(plain):
        return "share buttons"
    if (
        position <= TOP_LINES
        and (EMAIL.search(plain) or PHONE.search(plain))
        and len(plain.split()) <= 12
    ):
        return "contact line"
    return None


def _collapse_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out
