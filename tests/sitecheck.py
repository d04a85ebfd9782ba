"""A link checker and a strict HTML checker for built sites (used by the site tests).

``check_site`` walks every HTML page, checks that it is well-formed (every element closed
in order, one ``h1``, headings without skipped levels, ``lang``, ``alt`` on images, unique
ids) and that every internal link and asset resolves to a file of the build.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                   ("source", "src"), ("audio", "src"), ("iframe", "src"), ("track", "src"),
                   ("*", "data-src"), ("*", "data-page"), ("*", "data-artwork"),
                   ("*", "data-chapters"), ("*", "data-captions"), ("*", "data-bundle"),
                   ("*", "data-root"))  # fmt: skip


class StrictParser(HTMLParser):
    """Records structural problems: unclosed or mis-nested elements, heading order, ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if tag == "img" and "alt" not in found:  # alt="": decorative (the text says it all)
            self.problems.append(f"<img src={found.get('src')!r}> without alt text")
        if tag == "button" and found.get("type") not in ("button", "submit"):
            self.problems.append("<button> without type=button (or submit)")
        if (ident := found.get("id")) is not None:
            if ident in self.ids:
                self.problems.append(f"duplicate id {ident!r}")
            self.ids.add(ident)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                del self.stack[self.stack.index(tag) :]
            return
        self.stack.pop()


def page_problems(data: bytes) -> list[str]:
    """Everything wrong with one page's HTML."""
    parser = StrictParser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    problems = list(parser.problems)
    if parser.stack:
        problems.append(f"unclosed elements {parser.stack}")
    if not parser.doctype:
        problems.append("no <!doctype html>")
    if not parser.lang:
        problems.append("<html> without lang")
    if parser.headings.count(1) != 1:
        problems.append(f"{parser.headings.count(1)} h1 elements, expected one")
    for before, after in zip(parser.headings, parser.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading h{after} follows h{before}")
    if parser.headings and parser.headings[0] != 1:
        problems.append(f"first heading is h{parser.headings[0]}")
    return problems


def links(data: bytes) -> list[str]:
    tree = lxml_html.fromstring(data)
    found = []
    for tag, attribute in LINK_ATTRIBUTES:
        found += [str(v) for v in tree.xpath(f"//{tag}/@{attribute}")]
    found += [str(v) for v in tree.xpath("//meta[@property='og:image']/@content")]
    for srcset in tree.xpath("//img/@srcset"):
        found += [part.split()[0] for part in str(srcset).split(",") if part.strip()]
    return found


def resolve(site: Path, base_url: str, page: str, href: str) -> Path | None:
    """The file an internal link points to (None for external links)."""
    url = urljoin(base_url + page, href)
    if not url.startswith(base_url):
        return None
    path = urlsplit(url).path[len(urlsplit(base_url).path) :]
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def check_site(
    site: Path, base_url: str, elsewhere: frozenset[str] = frozenset()
) -> tuple[list[str], int]:
    """(problems, number of internal links checked) for a whole built site.

    ``elsewhere``: absolute URLs under the base URL that the user wrote and that live
    outside the build (a hand-made "about" page); they are not checked.
    """
    problems: list[str] = []
    checked = 0
    ids: dict[str, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    fragments: list[tuple[str, Path, str]] = []
    for path in pages:
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        problems += [f"{name}: {p}" for p in page_problems(data)]
        ids[path.as_posix()] = {str(i) for i in lxml_html.fromstring(data).xpath("//@id")}
        for href in links(data):
            target = resolve(site, base_url, name, href)
            if target is None or href in elsewhere:
                continue
            checked += 1
            if not target.is_file():
                problems.append(f"{name}: link {href!r} -> missing {target.relative_to(site)}")
            elif "#" in href and target.suffix == ".html":
                fragments.append((name, target, href.split("#", 1)[1]))
    for name, target, fragment in fragments:
        if fragment not in ids.get(target.as_posix(), set()):
            problems.append(f"{name}: link to #{fragment}, which {target.name} lacks")
    return problems, checked
