"""The README's commands are the ones that work: a new user's first minutes, kept honest."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from pipeline.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def commands(block: str) -> list[str]:
    joined = block.replace("\\\n", " ")  # a line continued with a backslash
    lines = (line.split(" #", 1)[0].strip() for line in joined.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_readme_opens_with_the_two_setup_commands() -> None:
    first = code_blocks(README)[0]
    assert README.index("```sh") < README.index("\n## ")
    assert commands(first) == ["make build", "make test"]
    assert (REPO / ".ci" / "run").read_text().count("make test") == 1


def test_every_make_target_named_in_the_readme_exists() -> None:
    makefile = (REPO / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))
    named = set(re.findall(r"(?:^|`)make ([a-z][a-z-]*)", README, flags=re.MULTILINE))
    assert named <= targets, named - targets


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    import click

    names = set()
    ctx = click.Context(main)
    # list_commands, not main.commands: commands are imported on first use, so the dict
    # holds only those an earlier test happened to run
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            names |= {f"{name} {sub}" for sub in command.list_commands(ctx)}
        else:
            names.add(name)
    table = set(re.findall(r"^\| `pipeline ([a-z]+(?: [a-z]+)?)", README, flags=re.MULTILINE))
    documented = {n if n in names else n.split()[0] for n in table}
    assert names == documented


@pytest.mark.slow  # ffmpeg, `pipeline audio`, a build
def test_start_a_show_of_your_own_recipe_works(tmp_path: Path) -> None:
    """Run the README's recipe line by line, as a user would (all but the preview server),
    in a fresh HOME, with the `pipeline` of whichever environment runs the tests."""
    recipe = next(b for b in code_blocks(README) if "~/mijnshow" in b)
    home = tmp_path / "home"
    (home / "Opnames").mkdir(parents=True)
    (home / "Afbeeldingen").mkdir()
    Image.new("RGB", (1400, 1400), (240, 200, 40)).save(home / "Afbeeldingen" / "hoes.png")
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=3",
            "-ac",
            "2",
            str(home / "Opnames" / "afl-1.wav"),
        ],
        check=True,
    )
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "pipeline").is_file(), f"the pipeline is not installed in {bin_dir}"
    env = {
        **os.environ,
        "HOME": str(home),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        # Where the show's workflow installs the pipeline from; a clone from GitHub finds
        # it by itself (its origin remote), a test checkout has none to find.
        "PIPELINE_SPEC": "podcast-pipeline @ git+https://github.com/example/podcast-pipeline@v0.1.0",
    }
    ran = []
    for line in commands(recipe):
        if line.startswith("pipeline serve"):
            continue
        result = subprocess.run(
            ["bash", "-c", line], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, (line, result.stdout, result.stderr)
        ran.append(line.split()[:2])
    assert ["pipeline", "init"] in ran and ["pipeline", "audio"] in ran
    show = home / "mijnshow"
    for name in (
        "podcast.toml",
        ".gitignore",
        "README.md",
        ".github/workflows/publish.yml",
        "static/artwork.png",
    ):
        assert (show / name).is_file(), name
        assert f"`{name}`" in README, f"the README names {name}"
    feed = feedparser.parse((show / "site" / "feed.xml").read_bytes())
    (entry,) = feed.entries
    assert entry.title == "Afl. 1: Hallo"
    (enclosure,) = entry.enclosures
    assert enclosure.href == "https://ann.github.io/mijnshow/audio/afl-1.mp3"
    assert enclosure.type == "audio/mpeg"  # encoded by `pipeline audio`: no WAV in the feed
    assert int(entry.itunes_duration) == 3


def test_readme_names_the_artwork_file_of_a_jpeg(tmp_path: Path) -> None:
    """Before: the README said `pipeline init` always writes static/artwork.png; a JPEG
    cover becomes static/artwork.jpg."""
    from click.testing import CliRunner

    cover = tmp_path / "hoes.jpg"
    Image.new("RGB", (1400, 1400), (20, 80, 40)).save(cover)
    show = tmp_path / "show"
    answers = [
        *("--title", "Het Fietsuur", "--description", "Over fietsen.", "--author", "Joost"),
        *("--owner-email", "joost@example.org", "--language", "nl", "--category", "Leisure"),
        *("--base-url", "https://joost.example/fietsuur/", "--timezone", "Europe/Amsterdam"),
        *("--artwork", str(cover), "--pipeline-spec", "podcast-pipeline==1.0", "--no-input"),
    ]
    result = CliRunner().invoke(main, ["init", str(show), *answers])
    assert result.exit_code == 0, result.output
    assert (show / "static" / "artwork.jpg").is_file()
    assert "`static/artwork.jpg` for a JPEG" in README
