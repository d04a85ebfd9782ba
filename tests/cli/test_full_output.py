"""Output that cannot be written (stdout on a full disk, ``> /dev/full``): the command says
so on stderr in one ``Error:`` line and exits 1, never a traceback, whichever command
printed and whatever it printed (a report, JSON, a diff, help)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ShowMaker, episode

NOW = "2026-06-01T12:00+02:00"

COMMANDS = {
    "check": ["check", "--now", NOW],
    "check-json": ["check", "--now", NOW, "--format", "json"],
    "status": ["status", "--now", NOW],
    "status-json": ["status", "--now", NOW, "--format", "json"],
    "publish-dry-run": ["publish", "--now", NOW, "--dry-run", "--first-publication", "--offline"],
    "link": ["link", "--now", NOW],
    "link-dry-run": ["link", "--now", NOW, "--dry-run"],
    "ping-help": ["ping", "--help"],
    "help": ["--help"],
}


def run_full(*args: str) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [sys.executable, "-m", "pipeline", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_full_disk_on_stdout_is_an_error_line(make_show: ShowMaker, name: str) -> None:
    post = "---\ntitle: Een\ndate: 2026-03-01 09:00\n---\nTekst over de kassa.\n"
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={"2026-03-01-een": post, "2026-03-02-twee": post.replace("Een", "Twee")},
    )
    args = COMMANDS[name]
    done = run_full(*args, *(["--root", str(root)] if args[0] != "--help" else []))
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "Error: cannot write the output (No space left on device)"
    )
