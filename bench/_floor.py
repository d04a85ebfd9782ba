"""The Python floor: what any Python build of a show must at least do, and nothing more.

``python -m bench._floor ROOT OUT`` reads every input (``podcast.toml``, ``posts/``,
``episodes/``) and writes every page: one file per post and per episode (its input bytes
as they are) and an index, in a new ``OUT``. ``python -m bench._floor --hash ROOT`` reads
and hashes every input and writes nothing: the floor of a rebuild that finds nothing
changed.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def inputs(root: Path) -> list[Path]:
    files = [root / "podcast.toml"]
    for folder in ("posts", "episodes"):
        files += sorted(p for p in (root / folder).iterdir() if p.is_file())
    return files


def write_pages(root: Path, out: Path) -> int:
    names = []
    for path in inputs(root):
        data = path.read_bytes()
        page = out / path.parent.name / path.stem / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(data)
        names.append(f"{path.parent.name}/{path.stem}/")
    (out / "index.html").write_text("\n".join(names), encoding="utf-8")
    return len(names) + 1


def hash_inputs(root: Path) -> str:
    digest = hashlib.blake2b()
    for path in inputs(root):
        digest.update(hashlib.blake2b(path.read_bytes()).digest())
    return digest.hexdigest()


if __name__ == "__main__":
    if sys.argv[1] == "--hash":
        print(hash_inputs(Path(sys.argv[2])))
    else:
        print(write_pages(Path(sys.argv[1]), Path(sys.argv[2])), "files")
