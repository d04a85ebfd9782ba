"""`pipeline new` writes an episode file with everything derivable filled in."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import Problems
from pipeline.load import load_episode
from pipeline.text.dates import zone
from tests.conftest import ShowMaker, episode


def test_new_episode_next_number_and_soundcloud_guid(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1), "002-b": episode(2)})
    result = CliRunner().invoke(
        main,
        [
            "new",
            "Afl. 3: Koffie & kassa",
            "--root",
            str(root),
            "--soundcloud",
            "https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/987",
            "--post",
            "2026-03-03-koffie",
            "--date",
            "2026-03-03 07:00",
        ],
    )
    assert result.exit_code == 0, result.output
    path = root / "episodes" / "003-afl-3-koffie-kassa.yaml"
    assert f"Created {path}:" in result.output
    problems = Problems()
    ep = load_episode(path, root, zone("Europe/Amsterdam"), problems)
    assert not problems, problems.items
    assert ep is not None
    assert ep.number == 3
    assert ep.title == "Afl. 3: Koffie & kassa"
    assert ep.feed_guid == "tag:soundcloud,2010:tracks/987"
    assert ep.post == "2026-03-03-koffie"
    assert ep.date.isoformat() == "2026-03-03T07:00:00+01:00"


def test_new_episode_without_track_gets_a_uuid_and_never_overwrites(make_show: ShowMaker) -> None:
    root = make_show()
    runner = CliRunner()
    first = runner.invoke(main, ["new", "Eerste", "--root", str(root), "--date", "2026-01-05"])
    assert first.exit_code == 0, first.output
    path = root / "episodes" / "001-eerste.yaml"
    text = path.read_text()
    assert "guid: urn:uuid:" in text
    again = runner.invoke(main, ["new", "Eerste", "--root", str(root), "--number", "1"])
    assert again.exit_code == 1
    assert again.stderr.startswith(f"Error: {path} already exists")
    assert path.read_text() == text


def test_help_texts(tmp_path: Path) -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        first_line = (command.help or "").split("\n")[0]
        assert first_line, f"{name} has no help text"
        assert " ".join(first_line.split()) in " ".join(result.output.split())
