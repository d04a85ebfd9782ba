"""`.ci/install-debs` (make build / make test): only missing Debian packages, without
recommends, and nothing installed when apt-get would upgrade or remove a package."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / ".ci" / "install-debs"


@pytest.fixture
def apt(tmp_path: Path) -> Path:
    """Stand-ins for dpkg-query, apt-get and sudo that log every call."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    scripts = {
        # Only pkg-have is installed.
        "dpkg-query": 'if [ "$3" = pkg-have ]; then printf "ii "; else exit 1; fi',
        # The dry run prints what $SIMULATION says; everything else is logged.
        "apt-get": f'echo "apt-get $*" >> {log}\n'
        'if [ "$1" = -s ]; then printf "%b" "$SIMULATION"; fi',
        "sudo": 'exec "$@"',
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    return bin_dir


def run(apt: Path, *packages: str, simulation: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{apt}{os.pathsep}{os.environ['PATH']}", "SIMULATION": simulation}
    return subprocess.run(["sh", str(SCRIPT), *packages], env=env, capture_output=True, text=True)


def calls(apt: Path) -> list[str]:
    log = apt.parent / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_nothing_to_do_when_every_package_is_there(apt: Path) -> None:
    result = run(apt, "pkg-have", "sh")  # sh: a command, installed some other way
    assert result.returncode == 0, result.stderr
    assert "all there" in result.stdout
    assert calls(apt) == []


def test_installs_only_the_missing_without_recommends(apt: Path) -> None:
    result = run(apt, "pkg-have", "pkg-new", simulation="Inst pkg-new (1.0 Debian:12 [amd64])\n")
    assert result.returncode == 0, result.stderr
    assert calls(apt)[-1] == "apt-get install -y -q --no-install-recommends pkg-new"
    assert "apt-get -s install --no-install-recommends pkg-new" in calls(apt)


def test_refuses_to_upgrade_or_remove_what_is_installed(apt: Path) -> None:
    dry_run = (
        "Inst libsystemd0 [252.19-1] (252.22-1 Debian:12.5 [amd64])\n"
        "Inst pkg-new (1.0 Debian:12 [amd64])\n"
        "Remv old-thing [2.0]\n"
    )
    result = run(apt, "pkg-new", simulation=dry_run)
    assert result.returncode == 1
    assert "Inst libsystemd0 [252.19-1]" in result.stderr and "Remv old-thing" in result.stderr
    assert "Inst pkg-new (1.0" not in result.stderr  # a new package is fine
    assert not [c for c in calls(apt) if c.startswith("apt-get install")]
