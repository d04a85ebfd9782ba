"""Where produced audio lives, named by what it was made from.

``ROOT/.cache/audio/<key>.mp3`` is the produced file and ``<key>.json`` its measured facts,
where ``key`` hashes the input file's bytes, the ``[audio]`` settings and the processing
version. Same input and settings -> same key -> nothing to do. Tags are not in the key:
changing a title re-tags the cached file without re-encoding it. ``pipeline build`` serves
the produced file as ``site/audio/<input stem>.mp3``.

It lives with the enrichers because the build looks a produced file up here (an episode's
audio facts come from it); ``pipeline audio`` (``pipeline/audio/``) makes and saves them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.feed_models import Alternate
from pipeline.settings import AudioSettings

CACHE_DIR = Path(".cache") / "audio"
# Bump when processing changes in a way that should redo every file. 2: measured by
# ffmpeg's ebur128 and levelled inside ffmpeg where the gain alone keeps peaks down.
VERSION = 2


@dataclass(frozen=True)
class Facts:
    """What was measured about one episode's input and produced file (the ``.json``)."""

    input_format: str
    sample_rate: int
    channels: int
    input_duration: float
    before_lufs: float
    before_true_peak: float
    gain_db: float
    after_lufs: float
    after_true_peak: float
    bitrate: str
    duration: float  # of the produced file, seconds
    size: int  # bytes of the produced file (tags included)
    mime_type: str = "audio/mpeg"
    limited_seconds: float = 0.0
    tags_digest: str = ""
    estimated: bool = False  # --report without a produced file: after/size are predictions


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def cache_key(content_hash: str, settings: AudioSettings) -> str:
    recipe = json.dumps(
        {"input": content_hash, "settings": dataclasses.asdict(settings), "version": VERSION},
        sort_keys=True,
    )
    return hashlib.sha256(recipe.encode()).hexdigest()[:32]


def paths(root: Path, key: str) -> tuple[Path, Path]:
    """(produced MP3, facts JSON) for ``key`` under the show folder ``root``."""
    folder = root / CACHE_DIR
    return folder / f"{key}.mp3", folder / f"{key}.json"


def load_facts(path: Path) -> Facts | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Facts(**data)
    # RecursionError: JSON nested deeper than json's decoder recurses, damaged as well.
    except (OSError, ValueError, TypeError, RecursionError):
        return None  # absent, damaged or from an older version: treat as not cached


def produced(root: Path, source: Path, settings: AudioSettings) -> tuple[Path, Facts] | None:
    """The produced file and its facts for this input and settings, when there is one."""
    try:
        key = cache_key(file_hash(source), settings)
    except OSError:
        return None
    mp3, meta = paths(root, key)
    facts = load_facts(meta)
    if facts is None or not mp3.is_file() or mp3.stat().st_size != facts.size:
        return None
    return mp3, facts


ALTERNATES_FILE = "alternates.json"


def alternates_folder(mp3: Path) -> Path:
    """Where the alternate encodings of a produced MP3 live: a folder named by its key."""
    return mp3.with_suffix("")


def produced_alternates(mp3: Path, formats: tuple[str, ...], root: Path) -> tuple[Alternate, ...]:
    """The alternates ``pipeline audio`` made of ``mp3``, in the order of ``formats``, with
    the length and SRI hash measured when they were made; a file whose size no longer
    matches is left out (``pipeline audio`` makes it again)."""
    folder = alternates_folder(mp3)
    try:
        facts = json.loads((folder / ALTERNATES_FILE).read_text("utf-8"))
    except (OSError, ValueError, RecursionError):  # deep nesting: recursion, not ValueError
        return ()
    found: list[Alternate] = []
    for name in formats:
        item = facts.get(name) if isinstance(facts, dict) else None
        if not isinstance(item, dict):
            continue
        path = folder / str(item.get("file", ""))
        try:
            if path.parent != folder or path.stat().st_size != item.get("length"):
                continue
            found.append(
                Alternate(
                    source=path.relative_to(root).as_posix(),
                    type=str(item["type"]),
                    bitrate=int(item["bitrate"]),
                    title=str(item["title"]),
                    codecs=str(item["codecs"]),
                    length=int(item["length"]),
                    integrity=str(item["integrity"]),
                )
            )
        except (OSError, KeyError, ValueError, TypeError):
            continue
    return tuple(found)
