"""Posts and episodes saved with CRLF or a lone CR (classic Mac editors) as line ends load
as the same file with LF: CommonMark and YAML both end a line at any of the three. A
CR-only post was one long line, refused as having no front matter."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.build.test_bad_input import run
from tests.conftest import ShowMaker, episode

POST = """---
title: "Over de kassa"
date: 2026-03-01 09:00
tags: [kassa]
---
De kassa is de laatste plek die een klant ziet.

- een lijst
- met twee regels

Lees ook: Over de kassa
"""


def _site(root: Path) -> dict[str, str]:
    out = root / "site"
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_a_post_and_episode_with_other_line_ends_build_as_with_lf(
    make_show: ShowMaker, tmp_path: Path, end: str
) -> None:
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-kassa": POST})
    assert run(root)[0] == 0
    lf = _site(root)
    for path in [root / "posts" / "2026-03-01-kassa.md", root / "episodes" / "001-a.yaml"]:
        path.write_bytes(path.read_text("utf-8").replace("\n", end).encode("utf-8"))
    code, _, stderr = run(root)
    assert code == 0, stderr
    assert _site(root) == lf
