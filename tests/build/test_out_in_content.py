"""An output folder inside a folder the build reads is refused before anything is written
(``--out static/site`` copied the site into itself, one level deeper on every build)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode

NOW = "2026-06-01T12:00+02:00"


@pytest.mark.parametrize("command", ["build", "publish"])
@pytest.mark.parametrize("out", ["static/site", "posts/site", "episodes", "audio/x/y"])
def test_out_inside_a_content_folder_is_refused(
    make_show: ShowMaker, command: str, out: str
) -> None:
    root = make_show(episodes={"001-a": episode(1)}, files={"static/extra.css": "body {}\n"})
    (root / "audio").mkdir(exist_ok=True)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    extra = ["--offline"] + (["--first-publication", "--no-ping"] if command == "publish" else [])
    result = CliRunner().invoke(
        main, [command, "--root", str(root), "--out", str(root / out), "--now", NOW, *extra]
    )
    assert result.exit_code == 1, result.output
    assert f"inside the show's {out.split('/')[0]}/ folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_out_beside_the_content_folders_is_fine(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--out", str(root / "public"), "--now", NOW, "--offline"],
    )
    assert result.exit_code == 0, result.output
    assert (root / "public" / "feed.xml").is_file()
