"""The words show notes print around the content, per show language.

To add a language, add one ``Labels(...)`` entry to :data:`LABELS` under its ISO 639-1
code; every field is required, so a forgotten label is a type error, not a blank. A show
whose ``language`` has no entry (``fr``) gets English; a regional code (``nl-BE``) uses its
base language. Templates in the show's ``templates/shownotes/`` can replace any wording too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    points: str  # heading of the key points (the post's section headings)
    chapters: str
    hosts: str
    guests: str
    links: str  # links mentioned in the post
    related: str  # related articles and episodes
    article: str  # link text to the full blog article
    subscribe: str  # link text to the feed
    website: str  # link text to the episode page


LABELS: dict[str, Labels] = {
    "nl": Labels(
        points="In deze aflevering",
        chapters="Hoofdstukken",
        hosts="Presentatie",
        guests="Te gast",
        links="Links uit deze aflevering",
        related="Lees en luister ook",
        article="Lees het hele artikel",
        subscribe="Abonneer je op de podcast",
        website="Deze aflevering op de website",
    ),
    "en": Labels(
        points="In this episode",
        chapters="Chapters",
        hosts="Hosts",
        guests="Guests",
        links="Links from this episode",
        related="Read and listen next",
        article="Read the full article",
        subscribe="Subscribe to the podcast",
        website="This episode on the website",
    ),
}
FALLBACK = "en"


def labels_for(language: str) -> Labels:
    """Labels for a show language: exact code, then its base language, then English."""
    code = language.strip().lower().replace("_", "-")
    return LABELS.get(code) or LABELS.get(code.split("-")[0]) or LABELS[FALLBACK]
