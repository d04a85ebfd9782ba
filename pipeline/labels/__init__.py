"""The words the pipeline prints around a show's content, per show language: one typed
table for the show notes, the site, related links' explanations and the "Lees ook" block.

A language is one :class:`Labels` in its own module (``nl.py``, ``en.py``), registered in
:data:`LANGUAGES`; every field is required, so a forgotten word is a type error, not a
blank on a page. A show whose ``language`` has no entry gets English; a regional code
(``nl-BE``) uses its base language. Templates read them as ``labels.<field>``; the player
and search scripts get theirs from ``data-`` attributes the templates write, so no word is
hard-coded in JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    code: str  # the language these words are in: "nl", "en"
    months: tuple[str, ...]  # January..December, for dates on pages
    points: str  # show notes: heading of the key points (the post's section headings)
    links: str  # show notes: links mentioned in the post
    full_article: str  # show notes: link text to the whole blog article
    subscribe_feed: str  # show notes: link text to the feed
    website: str  # show notes: link text to the episode page
    skip: str
    home: str
    episodes: str
    posts: str
    archive: str
    tags: str
    latest_episodes: str
    newest: str
    latest_posts: str
    about: str
    all: str
    subscribe: str
    subscribe_intro: str
    subscribe_more: str
    apps: str
    feed_url: str
    copy: str
    copied: str
    copy_failed: str
    apple_devices: str
    ios_devices: str
    other_feeds: str
    rss: str
    posts_feed: str
    tag_feed: str
    feed_page_title: str
    feed_page_text: str
    chapters: str  # show notes and pages
    jump: str
    play_from: str
    transcript: str
    follow: str
    guests: str  # show notes and pages
    hosts: str  # show notes and pages
    host: str
    guest: str
    people: str
    related: str  # show notes and pages: related articles and episodes
    article: str  # pages: heading of the paired article
    read_article: str
    listen: str
    episode: str
    season: str
    duration: str
    by: str
    draft: str
    tag: str
    player: str
    artwork: str
    not_found: str
    not_found_text: str
    no_audio: str
    play: str
    pause: str
    play_episode: str
    back: str
    forward: str
    speed: str
    position: str
    of: str
    captions: str
    chapter: str
    now_playing: str
    close: str
    search: str
    search_label: str
    search_button: str
    search_nojs: str
    search_none: str
    search_one: str
    search_many: str
    search_error: str
    podroll: str  # pages: podcast:podroll, the shows the makers recommend
    podroll_feed: str
    why_about: str  # related links' explanations: shared words (link/related.py)
    why_tags: str  # related links' explanations: shared tags
    why_guest: str  # related links' explanations: a shared guest
    why_post: str  # related links' explanations: the episode's own post
    why_episode: str  # related links' explanations: the post's own episode
    read_also: str  # the heading of `pipeline link --write`'s block in a post
    funding: str  # the feed: podcast:funding's text when [[funding]] gives none

    def date(self, day: int, month: int, year: int) -> str:
        """A date as people of this language write it: ``4 maart 2026``, ``March 4, 2026``."""
        name = self.months[month - 1]
        return f"{name} {day}, {year}" if self.code == "en" else f"{day} {name} {year}"


def labels_for(language: str) -> Labels:
    """Labels for a show language: exact code, then its base language, then English."""
    code = language.strip().lower().replace("_", "-")
    return LANGUAGES.get(code) or LANGUAGES.get(code.split("-")[0]) or LANGUAGES[FALLBACK]


# Each language module builds its Labels from the class above, so they come after it.
from pipeline.labels.en import EN  # noqa: E402
from pipeline.labels.nl import NL  # noqa: E402

LANGUAGES: dict[str, Labels] = {"nl": NL, "en": EN}
FALLBACK = "en"
