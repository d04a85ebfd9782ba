"""Title, author, date and tags found in an article's text; each found line is listed.

Title: the first heading or line. Author: a byline ("Door NAME"), a bold name opening the
first paragraph ("**NAME** -- ..."), or a signature at the end (a name and "Juli, 2023").
Date: a month-year signature. Tags: a "Tags: a, b" line. Every line taken out of the text
is returned as :class:`Removed` so the report keeps it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pipeline.imports.cleanup import Removed

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb"),
            ("maart", "march", "mrt", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("augustus", "august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_YEAR = re.compile(rf"^(?:(\d{{1,2}})\s+)?({_MONTH})\.?,?\s+(\d{{4}})$", re.IGNORECASE)
_NAME = (
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:van|de|der|den|het|ten|ter|la|le|von|[A-ZÀ-ÖØ-Þ][\w'’.-]+)){1,4}"
)
NAME = re.compile(rf"^{_NAME}$")
BYLINE = re.compile(rf"^(?:door|by|geschreven door|written by|auteur:)\s+({_NAME})\s*$", re.I)
BOLD_OPENING = re.compile(r"^\*\*([^*]{3,60}?)\*\*\s*(?:--|—|–|-|:|\|)\s*")
SIGNED = re.compile(rf"^({_NAME}),?\s+((?:\d{{1,2}}\s+)?(?:{_MONTH})\.?,?\s+\d{{4}})$", re.I)
TAGS = re.compile(r"^(?:tags|trefwoorden|labels|categorie(?:ën)?)\s*:\s*(.+)$", re.IGNORECASE)


@dataclass
class Found:
    title: str | None = None
    title_how: str = ""
    author: str | None = None
    author_how: str = ""
    date: date | None = None
    date_how: str = ""
    tags: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


def unfancy(text: str) -> str:
    """Plain letters for "fancy" Unicode used as formatting (𝐁𝐨𝐥𝐝, ｗｉｄｅ, Ⓒircled)."""
    out = []
    for char in text:
        cp = ord(char)
        if 0x1D400 <= cp <= 0x1D7FF or 0xFF01 <= cp <= 0xFF5E or 0x24B6 <= cp <= 0x24E9:
            out.append(unicodedata.normalize("NFKC", char))
        else:
            out.append(char)
    return "".join(out)


def plain_title(line: str) -> str:
    text = unfancy(line).strip()
    text = re.sub(r"^#{1,6}\s+", "", text)
    text = re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text)
    return re.sub(r"\s+", " ", text).strip(" *_#")


def _same(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"[\W_]+", " ", plain_title(s)).strip().casefold()

    return key(a) == key(b)


def _name(text: str) -> str:
    text = text.strip()
    return text.title() if text.isupper() else text


def extract(lines: list[str], numbers: list[int], title: str | None) -> tuple[list[str], Found]:
    """Take metadata lines out of ``lines`` (``numbers`` gives each one's input line)."""
    found = Found()
    keep = [True] * len(lines)

    def take(index: int, kind: str) -> None:
        keep[index] = False
        found.removed.append(Removed(numbers[index], kind, lines[index].strip()))

    filled = [i for i, line in enumerate(lines) if line.strip()]
    if title:
        found.title, found.title_how = title, "front matter"
    elif filled:
        first = filled[0]
        found.title = plain_title(lines[first])
        found.title_how = "first heading" if lines[first].lstrip().startswith("#") else "first line"
        take(first, "title (moved to front matter)")
    if found.title:  # the title repeated on the first lines
        for index in filled[:4]:
            if keep[index] and _same(lines[index], found.title):
                take(index, "repeated title")
    _authors(lines, numbers, filled, keep, take, found)
    for index in filled:
        m = TAGS.match(lines[index].strip())
        if keep[index] and m:
            found.tags = [t.strip(" #") for t in re.split(r"[,;]", m[1]) if t.strip(" #")]
            take(index, "tags (moved to front matter)")
    body = [line for line, k in zip(lines, keep, strict=True) if k]
    return body, found


def _authors(
    lines: list[str],
    numbers: list[int],
    filled: list[int],
    keep: list[bool],
    take: Callable[[int, str], None],
    found: Found,
) -> None:
    live = [i for i in filled if keep[i]]
    for index in live:  # "Door NAME" anywhere; a bare NAME line just before it goes too
        m = BYLINE.match(lines[index].strip())
        if m:
            found.author, found.author_how = _name(m[1]), f"byline {lines[index].strip()!r}"
            take(index, "byline (author moved to front matter)")
            prev = [i for i in live if i < index]
            if prev and lines[prev[-1]].strip() == m[1].strip():
                take(prev[-1], "author name above the byline")
            break
    tail = [i for i in filled if keep[i]][-2:]
    if len(tail) == 2 and NAME.match(lines[tail[0]].strip()):
        m = MONTH_YEAR.match(lines[tail[1]].strip())
        if m:
            _signature(found, lines[tail[0]].strip(), m, lines[tail[1]].strip())
            take(tail[0], "signature (author)")
            take(tail[1], "signature (date)")
    elif tail:
        m = SIGNED.match(lines[tail[-1]].strip())
        if m:
            d = MONTH_YEAR.match(m[2])
            if d:
                _signature(found, m[1], d, lines[tail[-1]].strip())
                take(tail[-1], "signature (author and date)")
    live = [i for i in filled if keep[i]]
    if live and found.author is None:
        m = BOLD_OPENING.match(lines[live[0]].lstrip())
        if m and NAME.match(_name(m[1])):
            found.author, found.author_how = _name(m[1]), f"bold name {m[0].strip()!r}"
            found.removed.append(
                Removed(numbers[live[0]], "bold author name opening the text", m[0].strip())
            )
            lines[live[0]] = lines[live[0]].lstrip()[m.end() :]


def _signature(found: Found, name: str, m: re.Match[str], shown: str) -> None:
    if found.author is None:
        found.author, found.author_how = _name(name), f"signature {shown!r}"
    day = int(m[1]) if m[1] else 1
    found.date = date(int(m[3]), MONTHS[m[2].lower()], day)
    found.date_how = f"signature {shown!r}"
