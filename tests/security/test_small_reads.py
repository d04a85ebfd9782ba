"""``paths.read_small_file``: reads what the file holds and no more than its limit, also
from a file whose size says less than it holds (one growing while it is read; Linux's
/proc files say 0 bytes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.paths import read_small_file

LIVE = Path("/proc/self/status")  # a regular file that says it holds 0 bytes


def test_a_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: Kaas\n---\nTekst.\n" * 100)
    assert read_small_file(path, 1 << 20) == path.read_bytes()
    assert read_small_file(path, len(path.read_bytes())) == path.read_bytes()
    with pytest.raises(ValueError, match="more than"):
        read_small_file(path, len(path.read_bytes()) - 1)


@pytest.mark.skipif(not LIVE.is_file(), reason="needs Linux's /proc")
def test_a_file_holding_more_than_its_size_says_is_read_to_its_end_or_its_limit() -> None:
    data = read_small_file(LIVE, 1 << 20)
    assert LIVE.stat().st_size == 0 and b"Name:" in data and len(data) > 100
    with pytest.raises(ValueError, match="more than the 10 bytes"):
        read_small_file(LIVE, 10)
