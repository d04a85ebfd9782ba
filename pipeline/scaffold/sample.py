"""The sample show shipped in the pipeline's repository, recognised file by file.

A fork of the repository used as a template starts with the sample show in it. `pipeline
init --replace-sample` removes exactly those files: each is recognised by its content hash
in ``sample.json`` (regenerated with ``make golden`` when the sample changes), and the
project README by its marker line. A sample file the user has changed is theirs now: it is
never removed, and init refuses to write over it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST = Path(__file__).with_name("sample.json")
PATTERNS = (
    "podcast.toml",
    "episodes/*",
    "posts/*",
    "static/*",
    "transcripts/*",
    ".github/workflows/publish.yml",
)
README = "README.md"
README_MARKER = "<!-- podcast-pipeline: the project's README (pipeline init --replace-sample) -->"


@dataclass(frozen=True)
class SampleFile:
    path: str  # relative to the show folder, with /
    changed: bool  # differs from the sample: the user's own now


def digest(path: Path) -> str:
    """SHA-256 of the file, line endings as git stores them (a Windows checkout has CRLF)."""
    data = path.read_bytes()
    if b"\0" not in data:  # text, not an image
        data = data.replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()


def manifest_of(root: Path) -> dict[str, str]:
    """Path -> SHA-256 of every sample file under ``root`` (for ``sample.json``)."""
    found: dict[str, str] = {}
    for pattern in PATTERNS:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                found[path.relative_to(root).as_posix()] = digest(path)
    return dict(sorted(found.items()))


def manifest_text(root: Path) -> str:
    return json.dumps(manifest_of(root), indent=1) + "\n"


def known() -> dict[str, str]:
    data: dict[str, str] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return data


def sample_files(root: Path) -> list[SampleFile]:
    """The sample show's files present in ``root``, each marked changed or not.

    Empty unless at least one is still exactly the sample's: a show of one's own may well
    have a podcast.toml of its own."""
    found: list[SampleFile] = []
    for name, sha in known().items():
        path = root / name
        if path.is_file():
            found.append(SampleFile(name, digest(path) != sha))
    readme = root / README
    if readme.is_file() and README_MARKER in readme.read_text(encoding="utf-8", errors="replace"):
        found.append(SampleFile(README, False))
    if all(f.changed for f in found):
        return []  # files that merely share a name with the sample's: no sample here
    return sorted(found, key=lambda f: f.path)
