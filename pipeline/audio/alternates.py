"""Alternate encodings of a levelled episode (``[audio] alternates = ["opus", "aac"]``).

Made from the produced MP3 (already levelled, limited and checked, so every encoding has
the same loudness) into ``.cache/audio/<key>/<input stem>.<suffix>``, named after the
episode's audio because the site serves them as ``audio/<name>``. Their length, SRI hash
and bitrate are measured once, here, and kept in ``alternates.json`` beside them: the
build reads that instead of hashing every file on every run. A file already there for the
same key is kept (the key covers input and settings).
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.audio.ffmpeg import OnSeconds, run_ffmpeg
from pipeline.audio.probe import Tools
from pipeline.enrich.produced import ALTERNATES_FILE, alternates_folder
from pipeline.errors import AudioError
from pipeline.spec.media import ENCODINGS
from pipeline.spec.podcasting20_tags import sri_of
from pipeline.write import atomic_path, replace_file


def encode_alternates(
    mp3: Path, stem: str, formats: tuple[str, ...], tools: Tools, on_seconds: OnSeconds
) -> list[Path]:
    """Every alternate of ``formats`` for the produced ``mp3``; made only when missing."""
    folder = alternates_folder(mp3)
    facts = _read(folder)
    made: list[Path] = []
    for name in formats:
        encoding = ENCODINGS[name]
        target = folder / f"{stem}.{encoding.suffix}"
        known = facts.get(name)
        if not (known and target.is_file() and target.stat().st_size == known["length"]):
            folder.mkdir(parents=True, exist_ok=True)
            with atomic_path(target) as tmp:
                args = ["-i", str(mp3), "-map", "0:a:0", "-vn", *encoding.encoder, "-y", str(tmp)]
                done = run_ffmpeg(tools, args, on_seconds=on_seconds)
                if done.returncode != 0:
                    raise AudioError(f"could not encode {name} ({done.errors.strip()[-200:]})")
            facts[name] = {
                "file": target.name,
                "type": encoding.type,
                "codecs": encoding.codecs,
                "bitrate": encoding.bitrate,
                "title": encoding.title,
                "length": target.stat().st_size,
                "integrity": sri_of(target),
            }
            replace_file(folder / ALTERNATES_FILE, json.dumps(facts, indent=2).encode() + b"\n")
        made.append(target)
    return made


def _read(folder: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((folder / ALTERNATES_FILE).read_text("utf-8"))
    except (OSError, ValueError, RecursionError):  # deep nesting: recursion, not ValueError
        return {}
    return data if isinstance(data, dict) else {}
