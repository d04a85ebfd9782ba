"""Build the repository's sample show once per test session (shared by several test files)."""

from __future__ import annotations

from pathlib import Path

from pipeline.build import BuildOptions, BuildReport, build
from tests.conftest import REPO, SAMPLE_NOW


def build_sample(out: Path, root: Path = REPO) -> BuildReport:
    return build(BuildOptions(root=root, out=out, now=SAMPLE_NOW, offline=True))
