"""Shared fixtures: small show folders written per test, and the sample show."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests never pass or fail by luck: the default profile derandomizes (the same
# examples every run, on every machine, CI included); a counterexample found while
# exploring is pinned with @example in its test. `HYPOTHESIS_PROFILE=explore make test`
# searches with fresh random examples, several times as many, to find new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=1000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
# A fixed clock for the sample show: after every published episode, before the future one.
SAMPLE_NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

BASIC_CONFIG = """\
title = "Testshow"
description = "Een show om mee te testen."
author = "Test Host"
language = "nl"
base_url = "https://show.example/"
artwork = "https://show.example/art.jpg"
categories = ["Business > Marketing"]
explicit = false
timezone = "Europe/Amsterdam"

[owner]
name = "Test Host"
email = "host@show.example"
"""

BASIC_EPISODE = """\
title: "Afl. {n}: Onderwerp {n}"
number: {n}
date: 2026-03-0{n} 07:00
guid: urn:uuid:00000000-0000-4000-8000-00000000000{n}
audio: https://media.show.example/{n}.mp3
length: 1234567
duration: "10:00"
"""


ShowMaker = Callable[..., Path]


@pytest.fixture
def make_show(tmp_path: Path) -> ShowMaker:
    """Write a show folder: ``make_show(episodes={"001-a": "..."}, posts={...}, config=...)``."""

    def make(
        episodes: dict[str, str] | None = None,
        posts: dict[str, str] | None = None,
        config: str = BASIC_CONFIG,
        files: dict[str, str | bytes] | None = None,
    ) -> Path:
        root = tmp_path / "show"
        (root / "episodes").mkdir(parents=True, exist_ok=True)
        (root / "posts").mkdir(parents=True, exist_ok=True)
        (root / "podcast.toml").write_text(config, encoding="utf-8")
        for name, text in (episodes or {}).items():
            (root / "episodes" / f"{name}.yaml").write_text(textwrap.dedent(text), "utf-8")
        for name, text in (posts or {}).items():
            (root / "posts" / f"{name}.md").write_text(textwrap.dedent(text), "utf-8")
        for name, data in (files or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return root

    return make


def episode(n: int, **extra: object) -> str:
    """A valid episode file, numbered n (1-9), with extra fields appended."""
    text = BASIC_EPISODE.format(n=n)
    for key, value in extra.items():
        text += f"{key}: {value}\n"
    return text


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the repository's sample show, safe to modify."""
    root = tmp_path / "sample"
    root.mkdir()
    for name in ("podcast.toml",):
        shutil.copy(REPO / name, root / name)
    for folder in ("episodes", "posts", "static", "transcripts", "audio"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample show built once, at SAMPLE_NOW, offline."""
    from tests.sample import build_sample

    out = tmp_path_factory.mktemp("sample") / "site"
    build_sample(out)
    return out
