"""The podcast RSS feed, built with feedgen (with ``podcast_ns.py``, our Podcasting 2.0
extension for it; ``atom.py`` uses feedgen for the posts' Atom feed; nothing else does).

Apple Podcasts' requirements are met here: every required channel and item tag,
``itunes:explicit`` as ``true``/``false`` (feedgen's podcast extension only knows yes/no,
so our own extension writes it), enclosures with url/length/type, RFC 2822 dates,
``itunes:duration`` in seconds and a description within 4000 bytes.

Entries are added newest first in an explicit order and appended (feedgen's default is to
prepend, which silently reverses a list).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from pipeline import __version__
from pipeline.models import Episode, Linked, Show
from pipeline.paths import absolute, artwork_url, episode_path, feed_uri
from pipeline.render import Output
from pipeline.render.chapters import chapters_url, transcript_url
from pipeline.render.feed_tags import channel_tags, download_url, item_tags
from pipeline.render.fit import description_html
from pipeline.render.podcast_ns import PodcastEntryExtension, PodcastExtension, Transcript
from pipeline.render.shownotes import RenderedNotes, ShowNotes
from pipeline.spec.apple import ITUNES_NS
from pipeline.spec.podcasting20 import show_guid, transcript_type
from pipeline.text.dates import written_moment
from pipeline.text.markup import has_markup
from pipeline.text.titles import number_prefix
from pipeline.text.xml import xml_safe, xml_text

# The stylesheet browsers show feed.xml through (a page with the URL to copy; the site renders
# it). Podcast apps ignore the processing instruction.
FEED_STYLESHEET = "feed.xsl"


class ExplicitExtension(BaseExtension):  # type: ignore[misc]
    """Apple's tags as Apple now wants them: ``itunes:explicit`` ``true``/``false``
    (feedgen writes yes/no); ``itunes:block`` and ``itunes:complete`` ``Yes`` (any other
    value has no effect, so nothing is written unless set); ``itunes:new-feed-url``."""

    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.block = self.complete = False
        self.new_feed_url: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS}

    def extend_rss(self, rss_feed: object) -> object:
        channel = rss_feed[0]  # type: ignore[index]
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = _bool(self.explicit)
        if self.block:
            xml_elem(f"{{{ITUNES_NS}}}block", channel).text = "Yes"
        if self.complete:
            xml_elem(f"{{{ITUNES_NS}}}complete", channel).text = "Yes"
        if self.new_feed_url:
            xml_elem(f"{{{ITUNES_NS}}}new-feed-url", channel).text = self.new_feed_url
        return rss_feed


class ExplicitEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.block = False

    def extend_rss(self, entry: object) -> object:
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", entry).text = _bool(self.explicit)
        if self.block:
            xml_elem(f"{{{ITUNES_NS}}}block", entry).text = "Yes"
        return entry


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _itunes_image(podcast: BaseExtension | BaseEntryExtension, url: str) -> None:
    """Set ``itunes:image`` on feedgen's podcast extension (channel or entry).

    feedgen keeps only URLs ending in lower-case ``.jpg``/``.png``: the channel's setter
    drops any other without a word (no ``itunes:image``, which Apple requires), the
    entry's raises. Load accepts what Apple takes: ``.jpeg``, any case, a query string
    (``art.jpg?v=2``), so the value is stored past that check, where feedgen writes it.
    """
    if url.endswith((".jpg", ".png")):
        podcast.itunes_image(url)
        return
    setattr(podcast, f"_{type(podcast).__name__}__itunes_image", url)
    assert podcast.itunes_image() == url, "feedgen's itunes:image attribute moved"


def show_description(show: Show) -> str:
    """The show's description as episode notes are given: apps render it as HTML, so
    markup in it is reduced to Apple's tags (``<svg onload=...>`` never reaches a feed
    alive); plain text stays as written."""
    if not has_markup(show.description):
        return show.description
    return description_html(show.description)


def _item_summary(notes: ShowNotes) -> str:
    """``itunes:summary``: the notes' plain text, unless a tag is written in it (a summary,
    chapter title or guest's name holding ``<script>`` or ``<img onerror=...>``): apps
    render this element as HTML, where such text would run. Then it is the description,
    whose HTML carries that text escaped, as :func:`show_description` does for the show."""
    if not has_markup(notes.summary):
        return notes.summary
    return notes.description_html


def apple_title(episode: Episode) -> str:
    """``itunes:title``: the title without a leading episode number.

    Apple asks for the number in ``itunes:episode`` only ("Afl. 6: Prijzen" would show as
    "Aflevering 6 · Afl. 6: Prijzen"); ``<title>`` keeps it for every other app.
    """
    if not episode.number:  # no itunes:episode to carry it
        return episode.title
    found = number_prefix(episode.title)
    if (
        found is None
        or found.number != episode.number
        or (found.season is not None and found.season != episode.season)
        or not found.rest.strip()
    ):
        return episode.title
    return found.rest


# SoundCloud's oEmbed names the 500 px rendition of a track's artwork; its own feeds use
# the 3000 px one, which meets Apple's 1400-3000 px rule for episode artwork.
_SOUNDCLOUD_SMALL_ART = re.compile(
    r"^(https://i\d*\.sndcdn\.com/artworks-[^/?#]+)-(?:t500x500|large|crop|t300x300)(\.(?:jpg|png))$"
)


def apple_artwork(url: str) -> str:
    """The artwork URL for ``itunes:image``: SoundCloud's largest rendition where known."""
    return _SOUNDCLOUD_SMALL_ART.sub(r"\1-t3000x3000\2", url)


def feed_order(episodes: Sequence[Episode]) -> list[Episode]:
    """Newest first; same moment: higher number first; then file name, for a stable order."""
    return sorted(
        episodes,
        key=lambda e: (e.date, e.season or 0, e.number if e.number is not None else -1, e.slug),
        reverse=True,
    )


def render_feed(linked: Linked, episodes: Sequence[Episode], notes: RenderedNotes) -> Output:
    """Render ``feed.xml`` for the given (already due and enriched) episodes."""
    show = xml_safe(linked.content.show)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension(
        "explicit", ExplicitExtension, ExplicitEntryExtension, rss=True, atom=False
    )
    fg.register_extension(
        "podcasting20", PodcastExtension, PodcastEntryExtension, rss=True, atom=False
    )
    fg.title(show.title)
    # feedgen keeps the last link as RSS <link>: self first, then the site.
    fg.link(href=feed_uri(show.feed_url), rel="self", type="application/rss+xml")
    fg.link(href=feed_uri(show.base_url), rel="alternate")
    fg.description(show_description(show))
    fg.language(show.language)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.generator("podcast-pipeline", version=__version__)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.owner_name, email=show.owner_email)
    _itunes_image(fg.podcast, feed_uri(artwork_url(show)))
    fg.podcast.itunes_summary(show_description(show))
    fg.podcast.itunes_type(show.type)
    categories = dict.fromkeys(show.categories)  # one written twice: one itunes:category
    fg.podcast.itunes_category(
        [{"cat": c.name, "sub": c.sub} if c.sub else {"cat": c.name} for c in categories]
    )
    fg.explicit.explicit = show.explicit
    fg.explicit.block, fg.explicit.complete = show.block, show.complete
    fg.explicit.new_feed_url = show.new_feed_url and feed_uri(show.new_feed_url)
    p20 = fg.podcasting20
    p20.guid = show_guid(show.guid, show.feed_url)
    p20.locked, p20.locked_owner = show.locked, show.owner_email
    p20.funding, p20.persons = show.funding, show.hosts
    p20.medium, p20.hub = show.medium, show.websub_hub
    p20.tags = channel_tags(show, episodes)
    fg.image(url=feed_uri(artwork_url(show)), title=show.title, link=feed_uri(show.base_url))

    ordered = feed_order(episodes)
    # A build date from the content, not the clock: unchanged content -> identical bytes.
    if ordered:
        fg.lastBuildDate(written_moment(ordered[0].date))
        fg.pubDate(written_moment(ordered[0].date))
    else:
        _undated(fg)
    for episode in ordered:
        _add_item(fg, show, episode, notes)
    xml: bytes = fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    stylesheet = f'<?xml-stylesheet type="text/xsl" href="{FEED_STYLESHEET}"?>\n'.encode()
    declaration_end = xml.index(b"?>\n") + 3
    return {show.feed_file: xml[:declaration_end] + stylesheet + xml[declaration_end:]}


def _undated(fg: FeedGenerator) -> None:
    """No channel dates, for a feed with nothing due yet (a new show).

    Both are optional in RSS 2.0 and Apple requires neither; the epoch we wrote in their
    place showed as 1 January 1970 in apps and validators, and the clock would make every
    build differ. feedgen writes ``lastBuildDate`` as the clock when none is set and has
    no way to unset it, so its value is cleared where feedgen keeps it (``pubDate`` it
    leaves out by itself)."""
    name = "_FeedGenerator__rss_lastBuildDate"
    if not hasattr(fg, name):  # not an assert: ``python -O`` would let the clock through
        raise RuntimeError(f"feedgen keeps lastBuildDate elsewhere than {name}: update feed.py")
    setattr(fg, name, None)


def _add_item(fg: FeedGenerator, show: Show, episode: Episode, shown: RenderedNotes) -> None:
    notes = shown[episode.slug]
    chapters = chapters_url(show, episode, shown)
    episode = xml_safe(episode)
    entry = fg.add_entry(order="append")
    entry.title(episode.title)
    entry.podcast.itunes_title(apple_title(episode))
    entry.guid(episode.feed_guid, permalink=False)
    entry.link(href=feed_uri(absolute(show, episode_path(episode))))
    entry.pubDate(written_moment(episode.date))
    entry.description(xml_text(notes.description_html))
    entry.content(xml_text(notes.content_html), type="CDATA")
    entry.podcast.itunes_summary(xml_text(_item_summary(notes)))
    entry.enclosure(download_url(show, episode), str(episode.length), episode.mime_type)
    # 0 is "not known" (an import from a feed that said so): apps read <itunes:duration>0
    # as no duration anyway, and without it `check` asks for the real one.
    if episode.duration:
        entry.podcast.itunes_duration(str(episode.duration))
    if episode.number:  # Apple takes 1, 2, 3...; an episode 0 keeps podcast:episode only
        entry.podcast.itunes_episode(episode.number)
    if episode.season is not None:
        entry.podcast.itunes_season(episode.season)
    entry.podcast.itunes_episode_type(episode.episode_type)
    entry.podcast.itunes_author(episode.author or show.author)
    if episode.image:
        _itunes_image(entry.podcast, feed_uri(apple_artwork(artwork_url(show, episode.image))))
    entry.explicit.explicit = show.explicit if episode.explicit is None else episode.explicit
    entry.explicit.block = episode.block
    p20 = entry.podcasting20
    p20.season, p20.episode = episode.season, episode.number
    # Item-level people replace the channel's for that item, so hosts are repeated.
    p20.persons = (*show.hosts, *episode.guests) if episode.guests else ()
    transcript = feed_uri(transcript_url(show, episode) or "")
    kind = transcript_type(episode.transcript or "")
    if transcript and kind:
        p20.transcripts = (Transcript(transcript, kind, show.language),)
    p20.chapters_url = chapters and feed_uri(chapters)
    p20.soundbites = episode.soundbites
    p20.tags = item_tags(show, episode)
