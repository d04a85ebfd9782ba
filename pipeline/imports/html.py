"""Scraped article HTML -> Markdown lines, the page's own metadata, and what was left out.

The page's metadata (``<meta property="article:published_time">``, JSON-LD
``datePublished``/``author``/``headline``, ``<time datetime>``, ``<meta name="author">``)
is read by well-kept extractors: htmldate for the publication date (never guessed from
the text), trafilatura for title and author. The article itself is our own job: the page's
chrome (navigation, header, footer, asides, forms, cookie banners, share widgets) is
dropped element by element, each listed with its source line, and the article element is
converted with markdownify. Every Markdown line keeps the source line it came from.
"""

from __future__ import annotations

import html as html_lib
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime

import lxml.html
import markdownify

from pipeline.imports.cleanup import TAG, Numbered, Removed

_CHROME = ("nav", "header", "footer", "aside", "script", "style", "form", "noscript")
_WIDGET = re.compile(r"cookie|consent|gdpr|\bshare\b|sharing|social-share|share-buttons", re.I)


@dataclass(frozen=True)
class PageMeta:
    """What the page says about itself; ``how`` names where each value came from."""

    title: str | None = None
    author: str | None = None
    published: datetime | date | None = None
    how: str = "page metadata"


def page_metadata(page: str) -> PageMeta:
    """Title, author and publication date from the page's metadata (none guessed)."""
    import htmldate  # heavy imports, only for HTML inputs
    import trafilatura

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            meta = trafilatura.extract_metadata(page)
            found = htmldate.find_date(
                page,
                original_date=True,  # published, not modified
                extensive_search=False,  # from markup only: a year in the text is no date
                outputformat="%Y-%m-%dT%H:%M:%S%z",
            )
    except Exception:  # metadata is a bonus: a page the extractors choke on still imports
        return PageMeta()
    published: datetime | date | None = None
    if found:
        moment = datetime.strptime(
            found, "%Y-%m-%dT%H:%M:%S%z" if found[19:] else "%Y-%m-%dT%H:%M:%S"
        )
        # A date without time or zone is a day, not midnight somewhere.
        published = moment if moment.tzinfo is not None else moment.date()
    title = meta.title.strip() if meta is not None and meta.title else None
    author = meta.author.strip() if meta is not None and meta.author else None
    return PageMeta(title or None, author or None, published)


def to_markdown(page: str, first_line: int, removed: list[Removed]) -> list[Numbered]:
    """The article as Markdown lines, each with the page line it came from."""
    doc = lxml.html.document_fromstring(page)
    for element in list(doc.iter(*_CHROME)):
        _drop(element, f"page {element.tag}", first_line, removed)
    for element in list(doc.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        marks = f"{element.get('id', '')} {element.get('class', '')}"
        if _WIDGET.search(marks):
            kind = (
                "cookie notice"
                if re.search("cookie|consent|gdpr", marks, re.I)
                else "share buttons"
            )
            _drop(element, f"page {kind}", first_line, removed)
    main = next(iter(doc.iter("article")), None)
    if main is None:
        main = next(iter(doc.iter("main")), None)
    if main is None:
        main = doc.body if doc.find("body") is not None else doc
    text = _markdown(main)
    if not list(main.iter("h1")):
        page_title = doc.findtext(".//title")
        if page_title and page_title.strip():
            text = f"# {page_title.strip()}\n\n" + text
    start = (main.sourceline or 1) - 1 if main is not doc else 0
    return _numbered(text.split("\n"), page, first_line, start)


def _drop(
    element: lxml.html.HtmlElement, kind: str, first_line: int, removed: list[Removed]
) -> None:
    words = " ".join(element.text_content().split())
    if words and element.tag not in ("script", "style"):
        line = first_line + (element.sourceline or 1) - 1
        removed.append(Removed(line, kind, words))
    element.drop_tree()


def _markdown(element: lxml.html.HtmlElement) -> str:
    source = lxml.html.tostring(element, encoding="unicode")
    text: str = markdownify.markdownify(source, heading_style="ATX", bullets="-")
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _numbered(lines: list[str], page: str, first_line: int, start: int) -> list[Numbered]:
    """Each Markdown line with the first page line (from the last one found) holding its text."""
    source = [_plain(html_lib.unescape(TAG.sub(" ", raw))) for raw in page.split("\n")]
    out: list[Numbered] = []
    cursor = start
    for line in lines:
        key = _plain(re.sub(r"[#*_>`\[\]()]|^\s*(?:[-+]|\d+[.)])\s", " ", line))[:40]
        if key:
            for i in range(cursor, len(source)):
                if key in source[i]:
                    cursor = i
                    break
        out.append((first_line + cursor, line))
    return out


def _plain(text: str) -> str:
    return " ".join(text.split())
