"""Read a SoundCloud podcast feed: every page (``atom:link rel="next"``), every item parsed
with lxml (never regexes). An item without a GUID, title, date or enclosure is a
:class:`Broken` entry, not a guess; so is a second, different item under a GUID an earlier
item has (a feed reader shows only one of them: dropping it unsaid would lose an episode).
Everything wrong with the feed is collected in one read, so one run reports it all."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html
import requests
from lxml import etree

from pipeline.enrich.http import describe_status
from pipeline.errors import FetchError, Problem, show_value
from pipeline.load.fields import FILE_SIZE_MAX, INT32_MAX
from pipeline.models import SoundCloudLink
from pipeline.spec.apple import ITUNES_NS, is_feed_image
from pipeline.spec.rss import ATOM_NS
from pipeline.text.clock import parse_clock
from pipeline.text.dates import feed_moment
from pipeline.text.markup import has_markup
from pipeline.text.soundcloud import parse_link
from pipeline.text.urls import is_web_url, resolved

MAX_PAGES = 500  # a loop of "next" links must end somewhere


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    date: datetime
    audio: str
    length: int | None
    mime_type: str | None
    duration: int | None
    image: str | None
    description: str | None
    link: SoundCloudLink | None
    season: int | None
    number: int | None
    episode_type: str | None
    explicit: bool | None
    # "page URL, item N": where a problem with it is reported. Not part of what the item
    # is: the same item on two pages (they shift while being read) is still one item.
    where: str = field(compare=False)

    @property
    def label(self) -> str:
        """The item as problems name it: ``page URL, item N (title)``."""
        return item_label(self.where, self.title)


@dataclass(frozen=True)
class Broken:
    """Something of the feed that cannot be imported, as ``field: got reason, expected ...``."""

    where: str  # "page URL, item N"
    title: str | None
    reason: str  # what was found: "no <enclosure url>"
    field: str = "item"
    expected: str = "a complete item"
    whole_feed: bool = False  # the feed cannot be read whole: never skipped

    @property
    def label(self) -> str:
        """The item as problems name it: ``page URL, item N (title)``."""
        return item_label(self.where, self.title)

    def problem(self) -> Problem:
        return Problem(self.label, None, self.field, self.reason, self.expected)

    def describe(self) -> str:
        """What is wrong, for a ``Skipped:`` line."""
        if self.field == "item":
            return self.reason
        return f"{self.field}: got {self.reason}, expected {self.expected}"


def one_line(text: str) -> str:
    """Feed text for a message, unquoted but on one line: newlines, control and other
    invisible characters as Python escapes them (``\\n``, ``\\x85``, ``\\u2028``). A title
    with a line break would otherwise split an ``Error:`` line in two."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def item_label(where: str, title: str | None) -> str:
    """``page URL, item N (title)``: how every problem of a feed item names it."""
    return where + (f" ({one_line(title)})" if title else "")


def read_feed(session: requests.Session, url: str) -> tuple[list[FeedItem], list[Broken]]:
    """Every item of every page, and every broken one; raises FetchError when a page cannot
    be read at all."""
    items: list[FeedItem] = []
    broken: list[Broken] = []
    seen: set[str] = set()
    first: dict[str, tuple[str, FeedItem]] = {}  # GUID -> where its first item is, the item
    page: str | None = url
    while page and page not in seen and len(seen) < MAX_PAGES:
        seen.add(page)
        channel = _fetch_channel(session, page)
        fresh = 0
        for index, element in enumerate(channel.iterfind("item"), 1):
            where = one_line(f"{page}, item {index}")
            parsed = _item(element, where)
            if isinstance(parsed, Broken):
                broken.append(parsed)
                fresh += 1
            elif parsed.guid not in first:
                first[parsed.guid] = (where, parsed)
                items.append(parsed)
                fresh += 1
            elif parsed != first[parsed.guid][1]:
                # Another item under a GUID already read: podcast apps would show one of
                # the two, and a second file under that GUID would not build. The first
                # is imported; this one is reported, never dropped unsaid.
                earlier, kept = first[parsed.guid]
                also = f"{earlier}: {one_line(kept.title)}"
                expected = f"a GUID no other item has (also used by {also})"
                got = show_value(parsed.guid)
                broken.append(Broken(where, parsed.title, got, "guid", expected))
            # else the same item again (pages shift when an episode is added while they are
            # read): nothing is lost, the first copy is the one imported.
        if fresh == 0 and len(seen) > 1:
            break  # a "next" page with nothing new: a loop through ever-changing URLs
        nxt = channel.find(f"{{{ATOM_NS}}}link[@rel='next']")
        href = nxt.get("href") if nxt is not None else None
        here, page = page, resolved(page, href) if href else None
        if page is not None and not is_web_url(page):
            # Reported with the items read so far, whose problems are as real.
            expected = "a web address (the pages after it could not be read)"
            link = 'atom:link rel="next"'
            broken.append(Broken(here, None, show_value(page), link, expected, whole_feed=True))
            break
    return items, broken


def _fetch_channel(session: requests.Session, url: str) -> etree._Element:
    response = session.get(url)
    if response.status_code != 200:
        shown = one_line(url)  # a "next" link is the feed's text
        raise FetchError(f"{shown}: {describe_status(response)}, expected a podcast feed")
    # The HTTP charset wins over the XML declaration (RFC 7303): a Latin-1 feed served as
    # such reads right even without a declaration.
    charset = _charset(response.headers.get("Content-Type", ""))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, encoding=charset
    )
    try:
        root = etree.fromstring(response.content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FetchError(f"{one_line(url)}: not a readable RSS feed ({exc.msg})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FetchError(f"{one_line(url)}: got a <{root.tag}> document, expected an RSS feed")
    return channel


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type, when it names an encoding we know."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip('"').lower()
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def _item(element: etree._Element, where: str) -> FeedItem | Broken:
    def text(tag: str) -> str | None:
        value = element.findtext(tag)
        return value.strip() if value and value.strip() else None

    title = text("title") or text(f"{{{ITUNES_NS}}}title")
    guid = text("guid")
    enclosure = element.find("enclosure")
    audio = enclosure.get("url", "").strip() if enclosure is not None else ""
    problems = []
    if not guid:
        problems.append("no <guid>")
    if not title:
        problems.append("no <title>")
    if not audio:
        problems.append("no <enclosure url>")
    elif not is_web_url(audio):
        # /etc/passwd or file:///... from a feed would become a local file of the show.
        problems.append(f"an <enclosure url> that is not a web address ({show_value(audio)})")
    raw_date = text("pubDate")
    # The one reader of RSS dates: "-0000" is UTC, a 20-digit year no date (OverflowError).
    date = feed_moment(raw_date) if raw_date else None
    if date is None:
        problems.append(f"no readable <pubDate> (got {raw_date!r})")
    if problems or guid is None or title is None or date is None:
        return Broken(where, title, ", ".join(problems))
    duration = None
    if (clock := text(f"{{{ITUNES_NS}}}duration")) is not None:
        try:
            duration = round(parse_clock(clock))
        except ValueError:
            duration = None
    image_el = element.find(f"{{{ITUNES_NS}}}image")
    link = parse_link(text("link") or "")
    explicit = (text(f"{{{ITUNES_NS}}}explicit") or "").lower()
    episode_type = text(f"{{{ITUNES_NS}}}episodeType")
    return FeedItem(
        guid=guid,
        title=title,
        date=date,
        audio=audio,
        length=_positive(enclosure.get("length") if enclosure is not None else None, FILE_SIZE_MAX),
        mime_type=_media_type(enclosure.get("type") if enclosure is not None else None),
        duration=duration,
        image=_image(image_el.get("href") if image_el is not None else None),
        description=_plain(text("description") or text(f"{{{ITUNES_NS}}}summary")),
        link=link if isinstance(link, SoundCloudLink) and link.kind == "track" else None,
        season=_positive(text(f"{{{ITUNES_NS}}}season")),
        number=_positive(text(f"{{{ITUNES_NS}}}episode")),
        episode_type=episode_type if episode_type in ("full", "trailer", "bonus") else None,
        explicit={"yes": True, "true": True, "no": False, "false": False, "clean": False}.get(
            explicit
        ),
        where=where,
    )


# Elements after which a reader sees a new line (br) or a new paragraph (the rest)
_BLOCKS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")


def _plain(description: str | None) -> str | None:
    """An item's description as the plain text an episode's ``summary`` is: many hosts
    write HTML there (``<p>``, ``<br>``, links), which pages then showed as literal tags.
    Its text is kept, paragraph by paragraph; a link's address follows its words."""
    if description is None or not has_markup(description):
        return description
    try:
        fragment = lxml.html.fragment_fromstring(description, create_parent="div")
    except (etree.ParserError, ValueError):
        return description
    etree.strip_elements(fragment, "script", "style", etree.Comment, with_tail=False)
    for element in fragment.iter("a"):
        href = (element.get("href") or "").strip()
        if is_web_url(href) and href != element.text_content().strip():
            element.tail = f" ({href})" + (element.tail or "")
    for element in fragment.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in fragment.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    lines = [" ".join(line.split()) for line in fragment.text_content().split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text or None


def _image(href: str | None) -> str | None:
    """Artwork only as a web address of an image Apple takes; a local path, javascript:
    or a .gif from the network is left out rather than written into an episode file."""
    href = (href or "").strip()
    return href if is_web_url(href) and is_feed_image(href) else None


def _media_type(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value if re.fullmatch(r"(?:audio|video)/[a-z0-9.+-]{1,60}", value) else None


def _positive(value: str | None, maximum: int = INT32_MAX) -> int | None:
    """A whole number the loader takes back (1 to ``maximum``), else None: what an import
    writes must load."""
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and 0 < number <= maximum else None
