"""Run a GitHub Actions workflow file here, the way a runner would, for the end-to-end test.

Every `run:` step runs for real (bash -eo pipefail, the step's environment, $GITHUB_OUTPUT,
`if:` conditions and `${{ }}` expressions evaluated as GitHub does). What GitHub's own
actions do is done here on folders: checkout clones the show's repository, cache
restore/save copy folders in and out of a cache store (exact key, then the newest entry
whose key starts with a restore key), upload-pages-artifact and deploy-pages replace the
folder a real web server serves. Anything the file uses that this does not know is an
error, never silently skipped.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Value = str | bool | float | None


@dataclass
class CacheStore:
    """Saved entries, key -> folder snapshot, in the order they were created."""

    root: Path
    keys: list[str] = field(default_factory=list)

    def save(self, key: str, workspace: Path, paths: list[str]) -> bool:
        if key in self.keys:
            return False  # GitHub keeps the first entry of a key and warns
        entry = self._folder(key)
        for name in paths:
            source = workspace / name
            if source.is_dir():
                shutil.copytree(source, entry / name)
            elif source.is_file():
                (entry / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, entry / name)
        entry.mkdir(parents=True, exist_ok=True)
        self.keys.append(key)
        return True

    def find(self, key: str, prefixes: list[str]) -> str | None:
        if key in self.keys:
            return key
        for prefix in prefixes:
            newest = [k for k in reversed(self.keys) if k.startswith(prefix)]
            if newest:
                return newest[0]
        return None

    def restore(self, key: str, workspace: Path) -> None:
        shutil.copytree(self._folder(key), workspace, dirs_exist_ok=True)

    def drop(self, prefix: str) -> None:
        """Evict every entry whose key starts with ``prefix``."""
        for key in [k for k in self.keys if k.startswith(prefix)]:
            shutil.rmtree(self._folder(key))
            self.keys.remove(key)

    def _folder(self, key: str) -> Path:
        return self.root / hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass
class Run:
    """What one workflow run did."""

    ran: list[str] = field(default_factory=list)  # step names, in order
    skipped: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)  # cache keys saved
    restored: dict[str, str] = field(default_factory=dict)  # step id -> key restored
    deployed: int = 0
    failed: str = ""  # the step that failed and ended the job ("" when none did)
    logs: dict[str, str] = field(default_factory=dict)  # step name -> its output
    workspace: Path = Path()


@dataclass
class Runner:
    workflow: dict[str, Any]
    checkout: Callable[[Path], None]  # fills the workspace with the repository
    caches: CacheStore
    site_root: Path  # what the web server serves: deploy-pages replaces it
    base_env: dict[str, str]
    event: dict[str, Any]  # the github context: event_name, event.repository.private...
    vars: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    # Actions that fail in this run (a Pages outage: "actions/deploy-pages"): the job stops
    # there, and the steps after it are skipped, as on GitHub (no step here runs always()).
    failing: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path, **kwargs: Any) -> Runner:
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")), **kwargs)

    def run(self, workdir: Path) -> Run:
        record = Run(workspace=workdir / "workspace")
        temp = workdir / "runner-temp"
        temp.mkdir(parents=True)
        env = {
            k: text_of(self._expand(v, {}, record.workspace))
            for k, v in self.workflow.get("env", {}).items()
        }
        for name, job in self.workflow["jobs"].items():
            if "if" in job and not truthy(self._eval(job["if"], {}, env, record.workspace)):
                record.skipped.append(f"job {name}")
                continue
            self._job(job, {**env}, record, temp)
        return record

    def _job(self, job: dict[str, Any], env: dict[str, str], record: Run, temp: Path) -> None:
        outputs: dict[str, dict[str, str]] = {}
        workspace = record.workspace
        for number, step in enumerate(job["steps"]):
            name = step.get("name") or step.get("uses") or step["run"].split("\n")[0]
            step_id = step.get("id", f"step{number}")
            condition = step.get("if")
            if condition is not None and not truthy(self._eval(condition, outputs, env, workspace)):
                record.skipped.append(name)
                continue
            step_env = {
                k: text_of(self._expand(v, outputs, workspace, env))
                for k, v in step.get("env", {}).items()
            }
            with_ = {
                k: text_of(self._expand(v, outputs, workspace, env))
                for k, v in step.get("with", {}).items()
            }
            if "run" in step:
                outputs[step_id] = self._shell(
                    step["run"], {**env, **step_env}, workspace, temp, record, name
                )
            elif step["uses"].split("@")[0] in self.failing:
                record.failed = name
                record.skipped.extend(
                    s.get("name") or s.get("uses") or s["run"].split("\n")[0]
                    for s in job["steps"][number + 1 :]
                )
                return
            else:
                outputs[step_id] = self._action(step["uses"], with_, workspace, record, step_id)
            record.ran.append(name)

    def _shell(
        self, script: str, env: dict[str, str], workspace: Path, temp: Path, record: Run, name: str
    ) -> dict[str, str]:
        output = temp / "github-output"
        output.write_text("")
        full = {
            **self.base_env,
            **env,
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": str(output),
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_REPOSITORY": "kees/koffie",
            "RUNNER_TEMP": str(temp),
        }
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=workspace,
            env=full,
            capture_output=True,
            text=True,
            timeout=600,
        )
        record.logs[name] = result.stdout + result.stderr
        if result.returncode != 0:
            raise AssertionError(
                f"step {name!r} failed ({result.returncode}):\n{record.logs[name]}"
            )
        pairs = (line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        return {k: v for k, v in pairs}

    def _action(
        self, uses: str, with_: dict[str, str], workspace: Path, record: Run, step_id: str
    ) -> dict[str, str]:
        action = uses.split("@")[0]
        paths = [p.strip() for p in with_.get("path", "").splitlines() if p.strip()]
        if action == "actions/checkout":
            self.checkout(workspace)
        elif action in ("actions/setup-python", "actions/configure-pages"):
            pass  # the test's own Python; nothing to configure for a folder
        elif action == "actions/cache/restore":
            key = with_["key"]
            prefixes = [p.strip() for p in with_.get("restore-keys", "").splitlines() if p.strip()]
            found = self.caches.find(key, prefixes)
            if found is None:
                return {"cache-hit": "", "cache-primary-key": key, "cache-matched-key": ""}
            self.caches.restore(found, workspace)
            record.restored[step_id] = found
            hit = "true" if found == key else "false"
            return {"cache-hit": hit, "cache-primary-key": key, "cache-matched-key": found}
        elif action == "actions/cache/save":
            if self.caches.save(with_["key"], workspace, paths):
                record.saved.append(with_["key"])
        elif action == "actions/upload-pages-artifact":
            artifact = workspace.parent / "artifact"
            shutil.copytree(workspace / with_["path"], artifact)
        elif action == "actions/deploy-pages":
            shutil.rmtree(self.site_root, ignore_errors=True)
            shutil.copytree(workspace.parent / "artifact", self.site_root)
            for folder, _dirs, files in os.walk(self.site_root):  # Pages serves it to anyone
                Path(folder).chmod(0o755)
                for name in files:
                    (Path(folder) / name).chmod(0o644)
            record.deployed += 1
            return {"page_url": "http://pages.invalid/"}
        else:
            raise AssertionError(f"no stand-in for the action {uses}")
        return {}

    # -- expressions ------------------------------------------------------------------------

    def _expand(
        self,
        value: object,
        outputs: Mapping[str, Mapping[str, str]],
        workspace: Path,
        env: Mapping[str, str] | None = None,
    ) -> Value:
        text = str(value)
        whole = re.fullmatch(r"\$\{\{(.*?)\}\}", text.strip(), flags=re.DOTALL)
        if whole:
            return self._eval(whole[1], outputs, env or {}, workspace)
        return re.sub(
            r"\$\{\{(.*?)\}\}",
            lambda m: text_of(self._eval(m[1], outputs, env or {}, workspace)),
            text,
        )

    def _eval(
        self,
        expression: str,
        outputs: Mapping[str, Mapping[str, str]],
        env: Mapping[str, str],
        workspace: Path,
    ) -> Value:
        contexts: dict[str, Any] = {
            "github": {**self.event, "token": "test-token", "sha": "0" * 40},
            "env": env,
            "vars": self.vars,
            "secrets": self.secrets,
            "inputs": self.inputs,
            "steps": {k: {"outputs": v} for k, v in outputs.items()},
        }
        return Expression(expression, contexts, workspace).value()


def truthy(value: Value) -> bool:
    return value not in (None, False, "", 0)


def text_of(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_TOKEN = re.compile(r"\s*(\|\||&&|==|!=|!|\(|\)|,|'(?:[^']|'')*'|[A-Za-z_][\w.-]*|\d+)")


class Expression:
    """GitHub's expression language, as much as workflows here use: literals, contexts,
    ``== != ! && ||`` (returning operands, strings compared case-insensitively), ``hashFiles``."""

    def __init__(self, text: str, contexts: dict[str, Any], workspace: Path):
        text = text.strip().removeprefix("${{").removesuffix("}}")
        self.tokens: list[str] = []
        position = 0
        while position < len(text.rstrip()):
            match = _TOKEN.match(text, position)
            if not match:
                raise AssertionError(f"cannot read expression {text!r} at {position}")
            self.tokens.append(match[1])
            position = match.end()
        self.contexts = contexts
        self.workspace = workspace

    def value(self) -> Value:
        result = self._or()
        if self.tokens:
            raise AssertionError(f"unexpected {self.tokens[0]!r}")
        return result

    def _take(self, token: str) -> bool:
        if self.tokens and self.tokens[0] == token:
            self.tokens.pop(0)
            return True
        return False

    def _or(self) -> Value:
        left = self._and()
        while self._take("||"):
            right = self._and()
            left = left if truthy(left) else right
        return left

    def _and(self) -> Value:
        left = self._not()
        while self._take("&&"):
            right = self._not()
            left = right if truthy(left) else left
        return left

    def _not(self) -> Value:
        if self._take("!"):
            return not truthy(self._not())
        left = self._primary()
        for op in ("==", "!="):
            if self._take(op):
                right = self._primary()
                same = text_of(left).casefold() == text_of(right).casefold()
                return same if op == "==" else not same
        return left

    def _primary(self) -> Value:
        token = self.tokens.pop(0)
        if token == "(":
            inner = self._or()
            assert self._take(")")
            return inner
        if token.startswith("'"):
            return token[1:-1].replace("''", "'")
        if token in ("true", "false"):
            return token == "true"
        if token == "null":
            return None
        if token.isdigit():
            return float(token)
        if token == "hashFiles" and self._take("("):
            patterns: list[str] = []
            while not self._take(")"):
                patterns.append(text_of(self._primary()))
                self._take(",")
            return hash_files(self.workspace, patterns)
        head, *rest = token.split(".")
        if head not in self.contexts:
            raise AssertionError(f"no context {head!r} here")
        value: Any = self.contexts[head]
        for part in rest:
            value = value.get(part) if isinstance(value, Mapping) else None
        return value if isinstance(value, str | bool | float) or value is None else str(value)


def hash_files(workspace: Path, patterns: list[str]) -> str:
    """hashFiles(): one SHA-256 over the matched files' SHA-256s, '' when nothing matched."""
    chosen: set[str] = set()
    for pattern in patterns:
        negate = pattern.startswith("!")
        found = glob.glob(pattern.lstrip("!"), root_dir=workspace, recursive=True)
        files = {f for f in found if (workspace / f).is_file()}
        chosen = chosen - files if negate else chosen | files
    if not chosen:
        return ""
    outer = hashlib.sha256()
    for name in sorted(chosen):
        outer.update(hashlib.sha256((workspace / name).read_bytes()).digest())
    return outer.hexdigest()


def environment(extra_bin: Path) -> dict[str, str]:
    """The runner's environment: this machine's, with the test's tools first on PATH."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    keep["PATH"] = f"{extra_bin}{os.pathsep}{keep.get('PATH', '')}"
    return keep
