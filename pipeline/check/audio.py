"""Audio Apple accepts: the feed's enclosure types now, and scheduled episodes' audio before
their date comes.

An hourly publish that meets an episode without usable audio fails, and with it every post
and episode due the same hour. So ``check`` refuses what Apple would refuse (a WAV, FLAC
or Ogg enclosure) and warns a week ahead about a scheduled episode whose audio is not
ready, naming the command that fixes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline.check.findings import Collector, Described
from pipeline.enrich.produced import produced
from pipeline.models import Content, Episode
from pipeline.paths import rel
from pipeline.settings import AudioSettings
from pipeline.spec.apple import ENCLOSURE_EXPECTED, ENCLOSURE_TYPES
from pipeline.spec.media import audio_type
from pipeline.text.dates import zone

# How far ahead ``check`` looks at scheduled episodes: a weekly show sees next week's.
LOOKAHEAD = timedelta(days=7)


def fix_for(episode: Episode) -> str:
    """The command (or edit) that turns this episode's audio into a type Apple accepts."""
    if episode.is_local_audio:
        return f"run `pipeline audio {episode.slug}` to level and encode it as MP3"
    return "upload an MP3 or M4A and point audio: at it (or set mime_type: if it is one)"


def check_enclosure_type(
    item: Any, episode: Episode | None, where: str, lines: Mapping[str, int], out: Collector
) -> None:
    """An enclosure whose type Apple does not take is an error naming the fix."""
    enclosure = item.find("enclosure")
    if enclosure is None:
        return  # reported by check_item
    kind = enclosure.get("type") or ""
    if kind in ENCLOSURE_TYPES:
        return
    line = lines.get("mime_type") or lines.get("audio")
    fix = fix_for(episode) if episode is not None else "an enclosure Apple accepts"
    out.error(where, line, "enclosure type", kind, f"{ENCLOSURE_EXPECTED}; {fix}")


@dataclass(frozen=True)
class AudioGap:
    """Why a scheduled episode could not go out as it stands: ``field`` at ``line`` holds
    ``got``; ``need`` says what it needs, with the command or edit that provides it."""

    field: str
    line: int | None
    got: object
    need: str


def audio_gap(episode: Episode, root: Path, settings: AudioSettings) -> AudioGap | None:
    """What keeps ``episode``'s audio out of a feed Apple accepts; None when it is ready.

    Read from the files alone (no network): no audio at all, a local file that is missing,
    or a local file of a type Apple refuses with no MP3 made by ``pipeline audio`` for it
    yet (the hourly workflow makes it, but only when the run has ffmpeg and time)."""
    lines = episode.lines
    if not episode.audio:
        if episode.soundcloud is not None:
            return None  # the enclosure comes from SoundCloud when the episode is built
        return AudioGap(
            "audio",
            lines.get("title"),
            None,
            "an audio file or URL, or a SoundCloud link (`pipeline new --audio FILE` "
            "writes one; add audio: to the file)",
        )
    if not episode.is_local_audio:
        kind = episode.mime_type or audio_type(episode.audio)
        if kind is not None and kind not in ENCLOSURE_TYPES:
            line = lines.get("mime_type") or lines.get("audio")
            return AudioGap("audio", line, Described(f"a {kind} URL"), fix_for(episode))
        return None
    path = root / episode.audio
    if not path.is_file():
        return AudioGap(
            "audio",
            lines.get("audio"),
            episode.audio,
            "an existing audio file in the show folder (is the recording in git?)",
        )
    if produced(root, path, settings) is not None:
        return None
    kind = episode.mime_type or audio_type(path.name)
    if kind in ENCLOSURE_TYPES:
        return None
    what = f"{episode.audio!r} ({kind or 'an unknown type'}) with no MP3 made from it"
    return AudioGap("audio", lines.get("audio"), Described(what), fix_for(episode))


def due_text(when: datetime, timezone: str) -> str:
    """A due time as the show's people read it: in the show's timezone, named."""
    local = when.astimezone(zone(timezone))
    return f"{local:%Y-%m-%d %H:%M} ({timezone})"


def until(now: datetime, when: datetime) -> str:
    """``in 3 days``, ``in 5 hours``, ``in 12 minutes``; ``now`` when it is due."""
    seconds = (when - now).total_seconds()
    if seconds <= 0:
        return "now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "in less than a minute"


def check_scheduled(
    scheduled: Iterable[Episode], content: Content, now: datetime, out: Collector
) -> None:
    """A scheduled episode due within :data:`LOOKAHEAD` without audio is a warning that
    names its due time in the show's timezone (today it passes; that hour it fails)."""
    show = content.show
    for episode in sorted(scheduled, key=lambda e: (e.date, e.slug)):
        if not now < episode.date <= now + LOOKAHEAD:
            continue
        gap = audio_gap(episode, content.root, show.audio)
        if gap is None:
            continue
        due = f"due {due_text(episode.date, show.timezone)}, {until(now, episode.date)}"
        where = rel(episode.source, content.root)
        out.warn(where, gap.line, gap.field, gap.got, f"{gap.need} before it is {due}")
