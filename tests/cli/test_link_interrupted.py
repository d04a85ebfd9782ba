"""`pipeline link --write` stopped by Ctrl-C between two posts says what it did: it said
"Interrupted; nothing was written" while the posts before had their new block."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.commands.link as link_command
from pipeline.cli import main
from tests.conftest import ShowMaker
from tests.link.test_related import SELLING


def run(root: Path, *args: str) -> tuple[int, str, str]:
    now = ["--now", "2026-06-01T12:00+02:00"]
    result = CliRunner().invoke(main, ["link", "--root", str(root), *now, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("at", [1, 2])
def test_an_interrupt_between_posts_is_reported_as_it_happened(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    root = make_show(posts=SELLING)
    real = link_command.replace_file
    calls: list[Path] = []

    def interrupted(path: Path, data: bytes, through_link: bool = False) -> None:
        calls.append(path)
        if len(calls) == at:
            raise KeyboardInterrupt
        real(path, data, through_link)

    monkeypatch.setattr(link_command, "replace_file", interrupted)
    code, out, err = run(root, "--write")
    assert code == 130
    if at == 1:  # nothing was written: so it says
        assert (out, err) == ("", "Interrupted; nothing was written.\n")
    else:
        assert out == f"Updated posts/{calls[0].name}\n"
        assert err == (
            "Interrupted after updating 1 post (listed above, each whole); run "
            "`pipeline link --write` again to update the rest.\n"
        )
    monkeypatch.setattr(link_command, "replace_file", real)
    code, out, _ = run(root, "--write")  # the second run finishes
    assert code == 0
    if at == 2:
        assert f"Updated posts/{calls[0].name}" not in out  # updated already
    assert run(root, "--write")[1].splitlines()[-1].startswith("0 of ")
