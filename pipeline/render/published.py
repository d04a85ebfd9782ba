"""Local files published under a name of their own.

A local file goes into the site by its name alone: ``audio/a/x.opus`` and
``audio/b/x.opus`` are both ``audio/x.opus`` there, ``afl.wav`` once encoded and
``afl.mp3`` both ``audio/afl.mp3``, ``static/x/art.png`` and ``static/y/art.png`` both
``media/art.png``. One would stand in for the other without a word (an episode's chapter
art showing another episode's cover), so every such pair is an error naming both files.

So are two episodes with one audio file (one enclosure URL): apps take an enclosure for
the episode it belongs to, and show or download one of the two, or refuse the feed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.errors import ContentError, Problem
from pipeline.models import Content, Episode, Show
from pipeline.paths import asset_path, audio_path, rel
from pipeline.render.chapters import alternate_path


@dataclass(frozen=True)
class _Use:
    """A field naming a local file: where it is written and what it names."""

    where: str
    line: int | None
    field: str
    name: str


def check_published_names(content: Content, later: Sequence[Episode] = ()) -> None:
    """ContentError listing every local file published under another file's site name, and
    every audio file of two episodes; ``later``: the episodes not due yet, checked now,
    not on the night they come due with nobody watching."""
    show = content.show
    episodes = (*content.episodes, *later)
    config = rel(show.source, content.root)
    uses = [  # (site path, use), in the order a reader meets them
        (site_path, _Use(config, show.lines.get(field), field, name))
        for site_path, field, name in _show_files(show)
    ]
    for episode in episodes:
        where = rel(episode.source, content.root)
        uses.extend(
            (site_path, _Use(where, episode.lines.get(field), field, name))
            for site_path, field, name in _episode_files(episode)
        )
    problems = _clashes(uses) + _shared_audio(content, episodes)
    if problems:
        raise ContentError(problems)


def _show_files(show: Show) -> Iterator[tuple[str, str, str]]:
    """(site path, field, local name) of each local file the show's settings publish."""
    if "://" not in show.artwork:
        yield asset_path(show.artwork), "artwork", show.artwork
    for image in show.images:
        if "://" not in image.url:
            yield asset_path(image.url), "images", image.url


def _episode_files(episode: Episode) -> Iterator[tuple[str, str, str]]:
    """(site path, field, local name) of each local file an episode publishes."""
    if episode.is_local_audio and episode.audio:
        yield audio_path(episode), "audio", episode.audio
    for alternate in episode.alternates:
        if alternate.is_local:
            yield alternate_path(alternate), "alternates", alternate.source
    if episode.image and "://" not in episode.image:
        yield asset_path(episode.image), "image", episode.image
    for image in episode.images:
        if "://" not in image.url:
            yield asset_path(image.url), "images", image.url
    for chapter in episode.chapters:
        if chapter.img and "://" not in chapter.img:
            yield asset_path(chapter.img), "chapters", chapter.img


def _clashes(uses: list[tuple[str, _Use]]) -> list[Problem]:
    first: dict[str, _Use] = {}
    problems = []
    for site_path, use in uses:
        other = first.setdefault(site_path, use)
        if os.path.normpath(other.name) == os.path.normpath(use.name):
            continue  # one file, named twice (the show's artwork as a chapter's image)
        what = "audio" if site_path.startswith("audio/") else "an image"
        problems.append(
            Problem(
                use.where,
                use.line,
                use.field,
                repr(use.name),
                f"{what} published under a name of its own ({other.where}'s {other.name!r}"
                f" is published as {site_path} too; rename one)",
            )
        )
    return problems


def _shared_audio(content: Content, episodes: Sequence[Episode]) -> list[Problem]:
    first: dict[str, str] = {}
    problems = []
    for episode in episodes:
        if not episode.audio:
            continue
        # One local file by any spelling (a/x.mp3, ./a/x.mp3); two files published under
        # one name are _clashes'.
        key = os.path.normpath(episode.audio) if episode.is_local_audio else episode.audio
        where = rel(episode.source, content.root)
        other = first.setdefault(key, where)
        if other == where:
            continue
        also = f"an audio file no other episode has ({other} has it too)"
        if "audio" in episode.lines or episode.soundcloud is None:
            field, value = "audio", episode.audio
        else:  # SoundCloud's stream of the track the episode links: name the link written
            field, value = "soundcloud", episode.soundcloud.raw
            also = f"a SoundCloud track no other episode has ({other} has it too)"
        problems.append(Problem(where, episode.lines.get(field), field, repr(value), also))
    return problems
