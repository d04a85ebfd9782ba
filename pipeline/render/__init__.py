"""Renderers turn linked content into ``{relative_path: bytes}``; they never touch the disk."""

from __future__ import annotations

from pathlib import Path

# A rendered output: file bytes, or a source file to copy as it is (audio, artwork).
Output = dict[str, bytes | Path]
