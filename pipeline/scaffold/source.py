"""Where a show's workflow installs the pipeline from: one pinned pip requirement.

Found, in order: ``.`` when the show folder is a copy of the pipeline's own repository (a
fork used as a template installs itself); else how this pipeline was installed (pip's
``direct_url.json``): a ``git+`` URL keeps the revision it was installed at, and a local
clone (``make build``) gives its ``origin`` remote at the checked-out tag or commit. A
commit or tag is an exact pin: every hourly run installs the same code until the user
changes it (see the show's README).
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.errors import Problem
from pipeline.scaffold.answers import WHERE

PACKAGE = "podcast-pipeline"
OPTION = "--pipeline-spec"
EXPECTED = (
    f'a pip requirement such as "{PACKAGE} @ git+https://github.com/OWNER/REPO@v1.0" '
    "(where GitHub installs the pipeline from)"
)
# A requirement that is safe inside the workflow's YAML and shell quoting.
_SPEC = re.compile(
    r"^(\.|[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?"
    r"( @ [^\s'\"$`\\]+|\s*(===?|~=|>=|<=|!=)\s*[A-Za-z0-9.*+!_-]+)?)$"
)


def check_spec(spec: str) -> Problem | None:
    if _SPEC.match(spec):
        return None
    return Problem.of(WHERE, None, OPTION, spec, EXPECTED)


def missing_spec(why: str) -> Problem:
    """No requirement given and none to be found (``why``): the workflow needs one."""
    return Problem.of(WHERE, None, OPTION, None, f"{EXPECTED}; none can be found here ({why})")


def is_pipeline_checkout(root: Path) -> bool:
    """The folder is (a copy of) the pipeline's own repository, as a template-made fork is."""
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    name = data.get("project", {}).get("name")
    return name == PACKAGE and (root / "pipeline" / "__init__.py").is_file()


def default_spec(root: Path) -> tuple[str | None, str]:
    """The requirement to pin, and how it was found (or why none was)."""
    if is_pipeline_checkout(root):
        return ".", "the show folder holds the pipeline itself"
    # Every copy on the path: a source folder's *.egg-info (no direct_url.json) may come
    # first when the command runs inside the pipeline's own clone.
    for dist in metadata.distributions(name=PACKAGE):
        text = dist.read_text("direct_url.json")
        if text:
            try:
                data = json.loads(text)
            except (ValueError, RecursionError):
                data = None
            if not isinstance(data, dict):  # pip's record damaged: no place to pin
                return None, "this pipeline's installation record (direct_url.json) is damaged"
            return spec_from_direct_url(data)
    return None, "this pipeline was not installed from a git repository or a clone"


def spec_from_direct_url(data: dict[str, object]) -> tuple[str | None, str]:
    """The pinned requirement for an installation described by pip's ``direct_url.json``."""
    url = str(data.get("url", ""))
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        revision = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"{PACKAGE} @ git+{url}@{revision}", f"installed from {url}"
    if url.startswith("file://"):
        return spec_from_clone(Path(unquote(urlsplit(url).path)))
    return None, f"installed from {url}, not from a git repository"


def spec_from_clone(path: Path) -> tuple[str | None, str]:
    """``origin`` of the clone at ``path`` at its tag (or commit), as a pip requirement."""
    origin = _git(path, "remote", "get-url", "origin")
    if origin is None:
        return None, f"{path} has no git remote 'origin' to install from"
    url = https_url(origin)
    if url is None:
        return None, f"the git remote 'origin' of {path} ({origin}) is not a web address"
    ref = _git(path, "describe", "--tags", "--exact-match", "HEAD") or _git(
        path, "rev-parse", "HEAD"
    )
    if ref is None:
        return None, f"{path} has no commit to pin"
    return f"{PACKAGE} @ git+{url}@{ref}", f"the clone in {path}"


def https_url(remote: str) -> str | None:
    """``git@github.com:o/r.git`` and ``https://github.com/o/r`` -> an https URL pip fetches."""
    scp = re.match(r"^[\w.-]+@([\w.-]+):(.+)$", remote)
    if scp:
        return f"https://{scp[1]}/{scp[2]}"
    if remote.startswith("ssh://"):
        parts = urlsplit(remote)
        return f"https://{parts.hostname}{parts.path}" if parts.hostname else None
    if remote.startswith(("https://", "http://")):
        return remote
    return None


def _git(path: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(path), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = result.stdout.strip()
    return out if result.returncode == 0 and out else None
