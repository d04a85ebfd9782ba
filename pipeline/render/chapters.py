"""Episode side files the Podcasting 2.0 tags point at: chapters JSON and transcripts.

Chapters are written in the namespace's JSON chapters format (version 1.2.0) as
``chapters/<slug>.json``, from the episode's ``chapters:`` or else the timestamp lines of its
post (the chapters the show notes and the episode page list); transcripts (SRT or WebVTT,
named in the episode file) are copied as ``transcripts/<slug>.srt|.vtt``. Both paths and
URLs are decided here only, so the feed and the files always agree.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from pipeline.feed_models import Alternate
from pipeline.models import Chapter, Episode, Linked, Show
from pipeline.paths import absolute, artwork_url, asset_path, published_name
from pipeline.render import Output
from pipeline.render.shownotes import RenderedNotes
from pipeline.spec.podcasting20 import CHAPTERS_TYPE, TRANSCRIPT_TYPES, transcript_type

CHAPTERS_VERSION = "1.2.0"
# Content types a static host should send for these files (GitHub Pages does, by suffix).
SITE_MEDIA_TYPES = {".json": "application/json", **TRANSCRIPT_TYPES}


def chapters_path(episode: Episode) -> str:
    return f"chapters/{episode.slug}.json"


def transcript_path(episode: Episode) -> str | None:
    if not episode.transcript:
        return None
    return f"transcripts/{episode.slug}{PurePosixPath(episode.transcript).suffix.lower()}"


def episode_chapters(episode: Episode, notes: RenderedNotes) -> tuple[Chapter, ...]:
    """The episode's ``chapters:``, else the timestamp lines of its post."""
    if episode.chapters:
        return episode.chapters
    data = notes[episode.slug].data
    if data is None:
        return ()
    return tuple(Chapter(c.start, c.title, c.url) for c in data.chapters)


def chapters_url(show: Show, episode: Episode, notes: RenderedNotes) -> str | None:
    if not episode_chapters(episode, notes):
        return None
    return absolute(show, chapters_path(episode))


def transcript_url(show: Show, episode: Episode) -> str | None:
    path = transcript_path(episode)
    return absolute(show, path) if path else None


def alternate_path(alternate: Alternate) -> str:
    """Site path of a local alternate encoding (served beside the episode's audio)."""
    return f"audio/{published_name(alternate.source)}"


def alternate_url(show: Show, alternate: Alternate) -> str:
    if not alternate.is_local:
        return alternate.source
    return absolute(show, alternate_path(alternate))


def chapters_json(chapters: tuple[Chapter, ...], show: Show | None = None) -> bytes:
    """Chapters in the JSON chapters format, stable bytes for equal input. A chapter's
    local ``img`` becomes its URL in the site (``show`` gives the base URL)."""
    items: list[dict[str, object]] = []
    for chapter in chapters:
        item: dict[str, object] = {"startTime": _seconds(chapter.start), "title": chapter.title}
        if chapter.img:
            item["img"] = artwork_url(show, chapter.img) if show else chapter.img
        if chapter.url:
            item["url"] = chapter.url
        if not chapter.toc:
            item["toc"] = False  # a silent marker: apps list it nowhere
        items.append(item)
    document = {"version": CHAPTERS_VERSION, "chapters": items}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _seconds(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


def render_side_files(
    linked: Linked, episodes: tuple[Episode, ...], notes: RenderedNotes
) -> Output:
    """Chapters JSON and transcript copies for the given (due) episodes, and the local
    files other tags point at: alternate encodings, podcast:images, chapter art."""
    content = linked.content
    show = content.show
    files: Output = {}
    local_images = {i.url for i in show.images if "://" not in i.url}
    for episode in episodes:
        chapters = episode_chapters(episode, notes)
        if chapters:
            files[chapters_path(episode)] = chapters_json(chapters, show)
        path = transcript_path(episode)
        if path and episode.transcript and transcript_type(episode.transcript):
            files[path] = content.root / episode.transcript
        for alternate in episode.alternates:
            if alternate.is_local:
                files[alternate_path(alternate)] = content.root / alternate.source
        local_images |= {i.url for i in episode.images if "://" not in i.url}
        local_images |= {c.img for c in episode.chapters if c.img and "://" not in c.img}
    for image in sorted(local_images):
        files[asset_path(image)] = content.root / image
    return files


__all__ = [
    "CHAPTERS_TYPE",
    "SITE_MEDIA_TYPES",
    "alternate_path",
    "alternate_url",
    "chapters_json",
    "chapters_path",
    "chapters_url",
    "episode_chapters",
    "render_side_files",
    "transcript_path",
    "transcript_url",
]
