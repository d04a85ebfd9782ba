# mypy: disable-error-code="no-untyped-call"
"""ID3v2 tags for the produced MP3, written with mutagen (pydub cannot write chapters).

Frames: TIT2 title, TALB show, TPE1/TPE2 author, TRCK episode number, TPOS season,
TDRC date, TCON "Podcast", COMM and TDES description, PCST/TGID/WFED podcast frames,
APIC front cover, and the ID3v2 Chapter addendum's CTOC (one ordered, top-level table) with
one CHAP per chapter, each ending where the next starts (the last at the end of the file).
ID3v2.3 is written, which the widest range of players reads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    PCST,
    TALB,
    TCON,
    TDES,
    TDRC,
    TGID,
    TIT2,
    TLAN,
    TPE1,
    TPE2,
    TPOS,
    TRCK,
    WFED,
    WXXX,
    CTOCFlags,
)

NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets: "not used, go by time"


@dataclass(frozen=True)
class ChapterTag:
    start_ms: int
    title: str
    url: str | None = None


@dataclass(frozen=True)
class TagSet:
    """Everything that goes into the file's tags; its digest decides whether to re-tag."""

    title: str
    show: str
    author: str
    number: int | None
    season: int | None
    date: str  # ISO 8601
    description: str
    language: str
    guid: str | None
    feed_url: str
    artwork: str | None  # absolute path of a local image
    chapters: tuple[ChapterTag, ...] = ()

    def digest(self) -> str:
        data = asdict(self)
        if self.artwork:
            data["artwork_hash"] = hashlib.sha256(Path(self.artwork).read_bytes()).hexdigest()
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def write_tags(path: Path, tags: TagSet, duration_ms: int) -> None:
    """Replace every tag in the MP3 at ``path`` with ``tags``."""
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=[tags.title]))
    id3.add(TALB(encoding=3, text=[tags.show]))
    id3.add(TPE1(encoding=3, text=[tags.author]))
    id3.add(TPE2(encoding=3, text=[tags.author]))
    if tags.number is not None:
        id3.add(TRCK(encoding=3, text=[str(tags.number)]))
    if tags.season is not None:
        id3.add(TPOS(encoding=3, text=[str(tags.season)]))
    id3.add(TDRC(encoding=3, text=[tags.date]))
    id3.add(TCON(encoding=3, text=["Podcast"]))
    id3.add(TLAN(encoding=3, text=[tags.language]))
    if tags.description:
        id3.add(COMM(encoding=3, lang="XXX", desc="", text=[tags.description]))
        id3.add(TDES(encoding=3, text=[tags.description]))
    id3.add(PCST(value=1))
    if tags.guid:
        id3.add(TGID(encoding=3, text=[tags.guid]))
    id3.add(WFED(encoding=3, url=tags.feed_url))
    if tags.artwork:
        image = Path(tags.artwork)
        mime = "image/png" if image.suffix.lower() == ".png" else "image/jpeg"
        id3.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=image.read_bytes()))
    if tags.chapters:
        ids = [f"chp{i}" for i in range(len(tags.chapters))]
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=["Chapters"])],
            )
        )
        for i, chapter in enumerate(tags.chapters):
            end = tags.chapters[i + 1].start_ms if i + 1 < len(tags.chapters) else duration_ms
            sub: list[object] = [TIT2(encoding=3, text=[chapter.title])]
            if chapter.url:
                sub.append(WXXX(encoding=3, desc="", url=chapter.url))
            id3.add(
                CHAP(
                    element_id=ids[i],
                    start_time=chapter.start_ms,
                    end_time=max(end, chapter.start_ms),
                    start_offset=NO_OFFSET,
                    end_offset=NO_OFFSET,
                    sub_frames=sub,
                )
            )
    id3.save(path, v2_version=3)
