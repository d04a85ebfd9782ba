"""The architecture, enforced: imports run down the flow, never up it, and no module grows
past the size where it starts doing two jobs.

core (errors, models, settings, spec, text, paths, show_zone, machine, kept_texts, parallel,
labels) <- load <- enrich <- link <- notes <- render <- write <- build <- the verbs (check,
publish, preview, audio, imports, scaffold, status) <- commands <- cli. A stage importing a
later one is a cycle waiting to happen and hides where a thing is made.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "pipeline"
CORE = {
    "errors",
    "models",
    "feed_models",
    "settings",
    "spec",
    "text",
    "paths",
    "show_zone",  # podcast.toml's one key read before anything is loaded
    "machine",  # the code, installed libraries and zone rules that shape an output
    "kept_texts",  # the file format of texts a build keeps by digest
    "parallel",
    "forked",  # a check run beside the record's digest (fingerprint.py)
    "labels",
    "__init__",
}
ORDER = [
    "core",
    "load",
    "enrich",
    "link",
    "notes",
    "render",
    "write",
    "build",
    "verbs",
    "commands",
    "cli",
]
VERBS = {"check", "publish", "preview", "audio", "imports", "scaffold", "status"}
MAX_LINES = 400


def layer(module: str) -> str:
    """The layer of ``pipeline.x.y`` (or ``pipeline.x``)."""
    top = module.split(".")[1] if "." in module else "__init__"
    if top in CORE:
        return "core"
    if top in VERBS:
        return "verbs"
    if top == "__main__":
        return "cli"
    # build.py's record of what it read and wrote, and the answer from it before the
    # command line loads: parts of the orchestrator
    if top in ("fingerprint", "output_listing", "unchanged"):
        return "build"
    return top


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every pipeline module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "pipeline":  # a module of the package, or __version__
                found.update(
                    f"pipeline.{a.name}" if _is_module(a.name) else "pipeline" for a in node.names
                )
            elif node.module.startswith("pipeline."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("pipeline."))
    return found


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name).is_dir()


def test_every_module_has_a_layer() -> None:
    for path in modules():
        assert layer(module_name(path)) in ORDER, path


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_down_the_flow(path: Path) -> None:
    here = module_name(path)
    mine = ORDER.index(layer(here))
    against = sorted(m for m in imported(path) if ORDER.index(layer(m)) > mine)
    assert against == [], f"{here} ({layer(here)}) imports later stages: {against}"


def test_no_module_does_two_jobs() -> None:
    big = {
        str(p.relative_to(REPO)): n
        for p in modules()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert big == {}, f"split along the job line: {big}"


def test_the_check_catches_an_import_against_the_flow(tmp_path: Path) -> None:
    """The rule itself: a load module importing render is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from pipeline.render.feed import render_feed\n", "utf-8")
    assert imported(bad) == {"pipeline.render.feed"}
    assert ORDER.index(layer("pipeline.render.feed")) > ORDER.index(layer("pipeline.load.x"))
