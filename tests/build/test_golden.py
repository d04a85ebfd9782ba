"""The sample show's outputs match the reviewed golden copies (regenerate: `make golden`)."""

from __future__ import annotations

from pathlib import Path

from tests.golden import GOLDEN, golden_files


def test_sample_outputs_match_golden(sample_site: Path) -> None:
    built = golden_files(sample_site)
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()
    }
    assert "feed.xml" in expected
    assert sorted(built) == sorted(expected), "run `make golden` and review the diff"
    for name, data in expected.items():
        assert built[name] == data, f"{name} differs from tests/golden/{name}; run `make golden`"
