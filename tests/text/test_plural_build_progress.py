"""The progress lines ``pipeline build`` prints count right for one too: ``Loaded 1
episode and 1 post``, as its summary line says ``Built 1 episode and 1 post``."""

from __future__ import annotations

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode
from tests.security.support import post


def test_build_says_it_loaded_one_episode_and_one_post(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-een": post("Tekst.")})
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--now", "2026-06-01T12:00+02:00", "--offline"]
    )
    assert result.exit_code == 0, result.output
    assert "Loaded 1 episode and 1 post\n" in result.stderr
