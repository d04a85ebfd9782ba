"""The scheduled publish workflow: valid YAML, hourly, and every command it calls exists."""

from __future__ import annotations

import re
import shlex
from typing import Any

import click
import pytest
import yaml

from pipeline.cli import main
from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _run_lines(workflow: dict[str, Any]) -> list[str]:
    text = "\n".join(step.get("run", "") for step in _steps(workflow))
    return [line.strip() for line in text.replace("\\\n", " ").splitlines() if line.strip()]


def test_triggers_hourly_and_by_hand(workflow: dict[str, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    (schedule,) = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert minute.isdigit() and 0 <= int(minute) < 60
    assert (hour, rest) == ("*", ["*", "*", "*"])
    assert "allow_change" in triggers["workflow_dispatch"]["inputs"]


def test_deploys_site_to_pages(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [step["uses"].split("@")[0] for step in _steps(workflow) if "uses" in step]
    assert uses[-2:] == ["actions/upload-pages-artifact", "actions/deploy-pages"]
    upload = next(s for s in _steps(workflow) if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    assert all(re.search(r"@v\d+$", s["uses"]) for s in _steps(workflow) if "uses" in s)


def test_make_targets_exist_and_install_is_the_readmes_command(workflow: dict[str, Any]) -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.MULTILINE))
    calls = [line.split()[1] for line in _run_lines(workflow) if line.startswith("make ")]
    assert calls == ["install"]
    assert set(calls) <= targets
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make install\b", readme, re.MULTILINE)


def test_pipeline_commands_and_options_exist(workflow: dict[str, Any]) -> None:
    calls = [line for line in _run_lines(workflow) if line.startswith(".venv/bin/pipeline ")]
    assert [shlex.split(c)[1] for c in calls] == ["publish", "ping"]
    ctx = click.Context(main)
    for line in calls:
        words = shlex.split(line.split("|")[0])
        command = main.get_command(ctx, words[1])
        assert command is not None, line
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        options = [w for w in words[2:] if w.startswith("--")]
        assert set(options) <= known, (line, set(options) - known)
    # The conditional override expands to a real option too.
    assert "--allow-change" in (WORKFLOW.read_text(encoding="utf-8"))
