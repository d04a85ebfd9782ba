"""Golden copies of the sample show's text outputs.

``make golden`` (``python -m tests.golden``) rebuilds the sample show and copies the files
matched by GOLDEN_PATTERNS into ``tests/golden/``; review the change with ``git diff``.
``tests/build/test_golden.py`` fails when a build no longer matches them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
# Text outputs whose every byte matters to subscribers and listeners.
GOLDEN_PATTERNS = ("feed.xml", "posts.atom", "related.json", "shownotes/*", "chapters/*")


def golden_files(site: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for pattern in GOLDEN_PATTERNS:
        for path in sorted(site.glob(pattern)):
            if path.is_file():
                found[path.relative_to(site).as_posix()] = path.read_bytes()
    return found


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    from tests.sample import build_sample

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_sample(site)
        files = golden_files(site)
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, data in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"Wrote {len(files)} golden files to {GOLDEN}; review them with git diff.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
