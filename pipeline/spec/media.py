"""Media types by file suffix, for enclosures, the site's side files and the preview server.

Apple lists ``audio/x-m4a`` for M4A; it is the type every podcast app knows for it.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipeline.spec.podcasting20 import TRANSCRIPT_TYPES

AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".opus": "audio/opus",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
}

# What a web server should answer for the files of a built site (nginx, the preview).
SITE_TYPES = {
    **TRANSCRIPT_TYPES,
    ".json": "application/json",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    **AUDIO_TYPES,
}


@dataclass(frozen=True)
class Encoding:
    """An alternate encoding ``pipeline audio`` can make (``[audio] alternates``)."""

    suffix: str
    type: str  # the enclosure's media type
    codecs: str  # RFC 6381, for podcast:alternateEnclosure codecs=
    bitrate: int  # bits per second
    encoder: tuple[str, ...]  # ffmpeg's output options
    title: str  # what a listener's app shows to choose it


# Opus at 48 kbit/s (Ogg) and AAC-LC at 64 kbit/s (M4A): each about half the MP3's size at
# a speech podcast's quality, for apps that prefer them.
ENCODINGS = {
    "opus": Encoding(
        "opus", "audio/opus", "opus", 48_000,
        ("-c:a", "libopus", "-b:a", "48k", "-vbr", "on", "-f", "ogg"), "Opus 48 kbit/s",
    ),
    "aac": Encoding(
        "m4a", "audio/mp4", "mp4a.40.2", 64_000,
        ("-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", "-f", "ipod"), "AAC 64 kbit/s",
    ),
}  # fmt: skip


def media_type(name: str) -> str | None:
    """The media type of a file or URL by its suffix (query strings ignored)."""
    suffix = PurePosixPath(name.split("?")[0]).suffix.lower()
    return SITE_TYPES.get(suffix) or mimetypes.guess_type(name.split("?")[0])[0]


def audio_type(name: str) -> str | None:
    """The enclosure type of an audio file or URL, by its suffix."""
    suffix = PurePosixPath(name.split("?")[0]).suffix.lower()
    return AUDIO_TYPES.get(suffix) or mimetypes.guess_type(name)[0]
