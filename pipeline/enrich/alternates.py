"""Alternate encodings of an episode (``podcast:alternateEnclosure``): facts measured
from the files themselves, never trusted from what was written.

- :func:`measure_alternates` completes the ``alternates:`` an episode file names: for a
  local file its byte length and its SRI hash (``podcast:integrity``, sha384 in base64,
  the form W3C Subresource Integrity uses), its type from the name and its bitrate from
  the file when not written.
- :func:`with_encodings` is the hook for ``pipeline audio``: given the files it produced
  next to the MP3 (Opus, AAC in M4A...), it returns the episode with them as alternates,
  measured the same way. The MP3 stays the ``enclosure``; these are offered beside it.
  The files are served from the site as ``audio/<file name>``, so the audio job names
  them after the episode's audio (``afl-1.opus``), in a folder of its own cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import mutagen

from pipeline.errors import Problems
from pipeline.feed_models import Alternate
from pipeline.models import Episode
from pipeline.paths import rel
from pipeline.spec.media import audio_type
from pipeline.spec.podcasting20_tags import sri_of


@dataclass(frozen=True)
class EncodedFile:
    """One file ``pipeline audio`` produced beside the episode's MP3."""

    path: Path  # absolute, inside the show folder (its cache)
    type: str | None = None  # media type; from the suffix when None (audio/opus...)
    bitrate: int | None = None  # bits per second; read from the file when None
    title: str | None = None  # what apps show to choose it: "Opus 48k"
    codecs: str | None = None  # RFC 6381: "opus", "mp4a.40.2"


def measure_alternates(episode: Episode, root: Path, problems: Problems) -> Episode:
    """The episode with each local alternate's length, SRI hash, type and bitrate."""
    if not episode.alternates:
        return episode
    measured = []
    for alternate in episode.alternates:
        if not alternate.is_local or alternate.integrity is not None:
            measured.append(alternate)  # a URL; or made by `pipeline audio`, measured then
            continue
        path = root / alternate.source
        try:
            measured.append(_measured(alternate, path))
        except OSError as exc:
            problems.add(
                rel(episode.source, root),
                alternate.line or episode.lines.get("alternates"),
                "alternates.audio",
                alternate.source,
                f"a readable audio file ({exc.strerror or exc})",
            )
    return replace(episode, alternates=tuple(measured))


def with_encodings(episode: Episode, root: Path, files: Sequence[EncodedFile]) -> Episode:
    """The hook for ``pipeline audio``: ``episode`` with ``files`` as alternate enclosures
    after the ones its file names (a produced file replaces a named one of the same
    type and bitrate), each with its real length and SRI hash."""
    produced = [
        _measured(
            Alternate(
                source=rel(f.path, root),
                type=f.type,
                bitrate=f.bitrate,
                title=f.title,
                codecs=f.codecs,
            ),
            f.path,
        )
        for f in files
    ]
    keys = {(a.type, a.bitrate) for a in produced}
    kept = [a for a in episode.alternates if (a.type, a.bitrate) not in keys]
    return replace(episode, alternates=(*kept, *produced))


def _measured(alternate: Alternate, path: Path) -> Alternate:
    size = path.stat().st_size
    return replace(
        alternate,
        length=size,
        integrity=sri_of(path),
        type=alternate.type or audio_type(path.name),
        bitrate=alternate.bitrate or _bitrate(path),
    )


def _bitrate(path: Path) -> int | None:
    """The average bitrate the file declares (mutagen reads headers, not audio)."""
    try:
        info = mutagen.File(path)
    except Exception:  # mutagen raises many types for files it cannot read
        return None
    rate = getattr(getattr(info, "info", None), "bitrate", None)
    return int(rate) if isinstance(rate, int | float) and rate > 0 else None
