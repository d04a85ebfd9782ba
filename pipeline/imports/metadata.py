"""Title, author, date and tags found in an article's text; each line taken is listed.

Title: the first heading or line. Author and date, from the first and last lines:

- a byline: "Door NAME", "Geplaatst op 12 november 2026 door NAME", "Posted on November 12,
  2026 by NAME", "Door NAME op 12-11-2026", "NAME · 12 nov. 2026", "12 november 2026 | NAME";
- a bold name opening the first paragraph ("**NAME** -- ...");
- a signature at the end: a name and "Juli, 2023", or a name alone on the last line.

Tags: a "Tags: a, b" line. Every line taken out of the text is returned as
:class:`Removed` so the report keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pipeline.imports.cleanup import Numbered, Removed
from pipeline.imports.styled import fold

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
_WEEKDAY = (
    r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|ma|di|wo|do|vr|za|zo|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+"
)
_TIME = r"(?:\s*(?:,|om|at|-|–)?\s*\d{1,2}[:.]\d{2}(?:\s*(?:uur|u|[ap]\.?m\.?))?)?"
# One date in the ways bylines write it; named groups say which parts were seen.
DATE = (
    rf"(?:{_WEEKDAY})?(?:"
    rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})[-/.](?P<n3>\d{{1,2}})[-/.](?P<y3>\d{{4}})"
    rf"|(?P<y4>\d{{4}})-(?P<n4>\d{{2}})-(?P<d4>\d{{2}})"
    rf"){_TIME}"
)
MONTH_YEAR = re.compile(rf"^(?:(\d{{1,2}})\s+)?({_MONTH})\.?,?\s+(\d{{4}})$", re.IGNORECASE)
_NAME = (
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:van|de|der|den|het|ten|ter|la|le|von|[A-ZÀ-ÖØ-Þ][\w'’.-]+)){1,4}"
)
NAME = re.compile(rf"^{_NAME}$")
_NOT_NAMES = frozenset(
    [
        "is",
        "het",
        "een",
        "geen",
        "niet",
        "en",
        "of",
        "voor",
        "met",
        "naar",
        "om",
        "wat",
        "hoe",
        "waarom",
        "the",
        "and",
        "or",
        "for",
        "with",
        "not",
        "of",
        "to",
        "in",
        "on",
        "are",
        "why",
        "how",
        "what",
        "your",
        "je",
        "jouw",
        "mijn",
        "my",
        "veel",
        "tot",
        "dank",
        "bedankt",
        "thanks",
        "groeten",
        "groet",
        "succes",
        "lees",
        "read",
        "meer",
        "more",
        "dit",
        "dat",
        "deze",
        "this",
        "that",
        "ook",
        "also",
        "maar",
        "but",
        "slotgedachte",
        "conclusie",
        "tot",
        "ziens",
    ]
)
_BY = r"(?:door|by|geschreven door|written by|auteur:|author:)"
_POSTED = r"(?:geplaatst|gepubliceerd|gepost|verschenen|posted|published|written|geschreven)"
_SEP = r"\s*(?:·|\||–|-|—|•|,|/)\s*"
BYLINES = [
    re.compile(rf"^{_POSTED}\s+(?:op|on)?\s*{DATE}\s+{_BY}\s+(?P<name>{_NAME})$", re.I),
    re.compile(
        rf"^(?:{_POSTED}\s+)?{_BY}\s+(?P<name>{_NAME})(?:\s+(?:op|on)|{_SEP})\s*{DATE}$", re.I
    ),
    re.compile(rf"^(?P<name>{_NAME}){_SEP}{DATE}$", re.IGNORECASE),
    re.compile(
        rf"^(?:{_POSTED}\s+(?:op|on)?\s*)?{DATE}(?:{_SEP}|\s+){_BY}?\s*(?P<name>{_NAME})$", re.I
    ),
    re.compile(rf"^{_POSTED}\s+(?:op|on)\s+{DATE}$", re.IGNORECASE),
    re.compile(rf"^{_BY}\s+(?P<name>{_NAME})\s*$", re.IGNORECASE),
    # "Door NAME, 14 september": a day without its year names no date, but the author
    re.compile(rf"^{_BY}\s+(?P<name>{_NAME}){_SEP}\d{{1,2}}\s+(?:{_MONTH})\.?$", re.I),
]
BOLD_OPENING = re.compile(r"^\*\*([^*]{3,60}?)\*\*\s*(?:--|—|–|-|:|\|)\s*")
SIGNED = re.compile(rf"^({_NAME}),?\s+((?:\d{{1,2}}\s+)?(?:{_MONTH})\.?,?\s+\d{{4}})$", re.I)
TAGS = re.compile(r"^(?:tags|trefwoorden|labels|categorie(?:ën)?)\s*:\s*(.+)$", re.IGNORECASE)
HEAD_LINES, TAIL_LINES = 8, 4  # bylines are looked for among the first and last lines


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


def plain_title(line: str) -> str:
    text = fold(line).strip()
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


def is_name(text: str) -> bool:
    """A person's name: capitalised words and particles, none a common word."""
    text = text.strip()
    return bool(NAME.match(text)) and not any(w.lower() in _NOT_NAMES for w in text.split())


def parse_date(m: re.Match[str]) -> date | None:
    """The date a :data:`DATE` match names, or None when it is no real day."""
    parts = m.groupdict()
    try:
        if parts.get("y1"):
            return date(int(parts["y1"]), MONTHS[parts["m1"].lower()], int(parts["d1"]))
        if parts.get("y2"):
            return date(int(parts["y2"]), MONTHS[parts["m2"].lower()], int(parts["d2"]))
        if parts.get("y3"):
            return date(int(parts["y3"]), int(parts["n3"]), int(parts["d3"]))
        if parts.get("y4"):
            return date(int(parts["y4"]), int(parts["n4"]), int(parts["d4"]))
    except ValueError:
        return None
    return None


def extract(lines: list[Numbered], title: str | None) -> tuple[list[Numbered], Found]:
    """Take metadata lines out of ``lines`` (each with its input line number)."""
    found = Found()
    texts = [text for _, text in lines]
    keep = [True] * len(lines)

    def take(index: int, kind: str) -> None:
        keep[index] = False
        found.removed.append(Removed(lines[index][0], kind, texts[index].strip()))

    filled = [i for i, text in enumerate(texts) if text.strip()]
    if title:
        found.title, found.title_how = title, "front matter"
    elif filled:
        first = filled[0]
        found.title = plain_title(texts[first])
        found.title_how = "first heading" if texts[first].lstrip().startswith("#") else "first line"
        take(first, "title (moved to front matter)")
    if found.title:  # the title repeated on the first lines
        for index in filled[:4]:
            if keep[index] and _same(texts[index], found.title):
                take(index, "repeated title")
    _bylines(texts, filled, keep, take, found)
    _signatures(texts, filled, keep, take, found)
    if found.author:  # the author's name alone under the title (posts show it there)
        for index in [i for i in filled if keep[i]][:3]:
            if _same(texts[index], found.author):
                take(index, "author name under the title")
    for index in filled:
        m = TAGS.match(texts[index].strip())
        if keep[index] and m:
            found.tags = [t.strip(" #") for t in re.split(r"[,;]", m[1]) if t.strip(" #")]
            take(index, "tags (moved to front matter)")
    _bold_opening(lines, texts, filled, keep, found)
    body = [(n, text) for (n, _), text, k in zip(lines, texts, keep, strict=True) if k]
    return body, found


def _bylines(
    texts: list[str],
    filled: list[int],
    keep: list[bool],
    take: Callable[[int, str], None],
    found: Found,
) -> None:
    """Bylines among the first and last lines; a bare NAME line just above one goes too."""
    places = list(dict.fromkeys(filled[:HEAD_LINES] + filled[-TAIL_LINES:]))
    for index in places:
        text = texts[index].strip().strip("*_").strip()
        for pattern in BYLINES:
            m = pattern.match(text)
            if m and keep[index]:
                break
        else:
            continue
        groups = m.groupdict()
        name = groups.get("name")
        when = parse_date(m)
        if name and not is_name(name):
            continue
        if any(groups.get(k) for k in ("y1", "y2", "y3", "y4")) and when is None:
            continue  # "31 februari": no date, and so no byline we understand
        what = "byline (author moved to front matter)" if name else "byline (date)"
        if name and when:
            what = "byline (author and date moved to front matter)"
        if name and found.author is None:
            found.author, found.author_how = _name(name), f"byline {text!r}"
        if when and found.date is None:
            found.date, found.date_how = when, f"byline {text!r}"
        take(index, what)
        before = [i for i in filled if i < index and keep[i]]
        if name and before and texts[before[-1]].strip() == name.strip():
            take(before[-1], "author name above the byline")


def _signatures(
    texts: list[str],
    filled: list[int],
    keep: list[bool],
    take: Callable[[int, str], None],
    found: Found,
) -> None:
    tail = [i for i in filled if keep[i]][-2:]
    if len(tail) == 2 and is_name(texts[tail[0]]):
        m = MONTH_YEAR.match(texts[tail[1]].strip())
        if m:
            _signature(found, texts[tail[0]].strip(), m, texts[tail[1]].strip())
            take(tail[0], "signature (author)")
            take(tail[1], "signature (date)")
            return
    if tail:
        last = texts[tail[-1]].strip()
        m = SIGNED.match(last)
        d = MONTH_YEAR.match(m[2]) if m else None
        if m and d:
            _signature(found, m[1], d, last)
            take(tail[-1], "signature (author and date)")
            return
        plain = last.strip("*_ ").rstrip(",")
        if is_name(plain) and len(tail) == 2 and not _same(plain, found.title or ""):
            # A name alone on the last line signs the article.
            if found.author is None:
                found.author, found.author_how = _name(plain), f"signature {last!r}"
                take(tail[-1], "signature (author)")
            elif _same(plain, found.author):
                take(tail[-1], "signature (author)")


def _bold_opening(
    lines: list[Numbered], texts: list[str], filled: list[int], keep: list[bool], found: Found
) -> None:
    live = [i for i in filled if keep[i]]
    if not live or found.author is not None:
        return
    m = BOLD_OPENING.match(texts[live[0]].lstrip())
    if m and is_name(_name(m[1])):
        found.author, found.author_how = _name(m[1]), f"bold name {m[0].strip()!r}"
        found.removed.append(
            Removed(lines[live[0]][0], "bold author name opening the text", m[0].strip())
        )
        texts[live[0]] = texts[live[0]].lstrip()[m.end() :]


def _signature(found: Found, name: str, m: re.Match[str], shown: str) -> None:
    if found.author is None:
        found.author, found.author_how = _name(name), f"signature {shown!r}"
    day = int(m[1]) if m[1] else 1
    found.date = date(int(m[3]), MONTHS[m[2].lower()], day)
    found.date_how = f"signature {shown!r}"
