"""The README's commands are the ones that work: a new user's first minutes, kept honest."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import feedparser

from pipeline.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def commands(block: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in block.splitlines())
    return [line for line in lines if line]


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
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            names |= {f"{name} {sub}" for sub in command.list_commands(ctx)}
        else:
            names.add(name)
    table = set(re.findall(r"^\| `pipeline ([a-z]+(?: [a-z]+)?)", README, flags=re.MULTILINE))
    documented = {n if n in names else n.split()[0] for n in table}
    assert names == documented


def test_start_a_show_of_your_own_recipe_works(tmp_path: Path) -> None:
    """Run the README's recipe line by line, as a user would (all but the preview server)."""
    recipe = next(b for b in code_blocks(README) if "~/mijnshow" in b)
    home = tmp_path / "home"
    (home / "Opnames").mkdir(parents=True)
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=3",
            "-b:a",
            "64k",
            str(home / "Opnames" / "afl-1.mp3"),
        ],
        check=True,
    )
    env = {
        **os.environ,
        "HOME": str(home),
        "PATH": f"{REPO / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
    }
    for line in commands(recipe):
        if line.startswith("pipeline serve"):
            continue
        result = subprocess.run(
            ["bash", "-c", line], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, (line, result.stdout, result.stderr)
    feed = feedparser.parse((home / "mijnshow" / "site" / "feed.xml").read_bytes())
    (entry,) = feed.entries
    assert entry.title == "Afl. 1: Hallo"
    assert entry.enclosures[0].href.endswith("/audio/afl-1.mp3")
    assert int(entry.itunes_duration) == 3
