"""A post, an episode file, a transcript or podcast.toml is read whole into memory: one
past ``TEXT_LIMIT`` (``CONFIG_LIMIT``) is a problem line naming its size, never a
MemoryError or a build killed for its memory. A sparse file of gigabytes costs nothing to
make (and reads as NUL bytes)."""

from __future__ import annotations

import os
import resource
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.load import load_content
from pipeline.load.fields import TEXT_LIMIT
from pipeline.show_zone import CONFIG_LIMIT
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.load.test_content import build_errors

HUGE = 5 << 30  # bytes, sparse: no disk is used


@pytest.fixture
def little_memory() -> Iterator[None]:
    """The build gets 2 GB of address space beyond what the tests hold: a 5 GB file read
    whole fails as it would on a CI runner, at once, instead of taking the machine's
    memory. Linux only (the address space in use is read from /proc)."""
    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("needs /proc/self/statm")
    in_use = int(statm.read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (in_use + (2 << 30), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as file:
        file.truncate(size)


@pytest.mark.parametrize(
    "name",
    ["episodes/002-b.yaml", "posts/2026-03-01-groot.md", "transcripts/001-a.vtt"],
    ids=["episode", "post", "transcript"],
)
@pytest.mark.usefixtures("little_memory")
def test_a_file_of_gigabytes_is_a_problem_line(make_show: ShowMaker, name: str) -> None:
    root = make_show(
        episodes={"001-a": episode(1, transcript="transcripts/001-a.vtt")},
        files={"transcripts/001-a.vtt": "WEBVTT\n"},
    )
    _sparse(root / name, HUGE)
    assert build_errors(root) == [
        f"Error: {name}: file: got {HUGE:,} bytes, expected a text file of at most "
        f"{TEXT_LIMIT:,} bytes",
        "Error: 1 problem found; nothing was written.",
    ]


def test_a_file_at_the_limit_is_read(make_show: ShowMaker) -> None:
    text = b"WEBVTT\n\n" + b"x" * (TEXT_LIMIT - 8)
    root = make_show(
        episodes={"001-a": episode(1, transcript="transcripts/001-a.vtt")},
        files={"transcripts/001-a.vtt": text},
    )
    assert os.path.getsize(root / "transcripts" / "001-a.vtt") == TEXT_LIMIT
    assert load_content(root).episodes[0].transcript == "transcripts/001-a.vtt"


@pytest.mark.usefixtures("little_memory")
def test_a_template_of_gigabytes_is_a_problem_line(make_show: ShowMaker) -> None:
    """The render stage reads every file in templates/ whole, to parse it and for the
    pages' digest: a 5 GB one was a MemoryError traceback there, after loading."""
    root = make_show(episodes={"001-a": episode(1)}, files={"templates/post.html": "x"})
    _sparse(root / "templates" / "post.html", HUGE)
    assert build_errors(root) == [
        f"Error: templates/post.html: file: got {HUGE:,} bytes, expected a text file of at "
        f"most {TEXT_LIMIT:,} bytes",
        "Error: 1 problem found; nothing was written.",
    ]


@pytest.mark.usefixtures("little_memory")
def test_a_template_of_gigabytes_in_a_linked_folder_is_a_problem_line(
    make_show: ShowMaker,
) -> None:
    """templates/ follows a folder linked there (inside the show), and so does the check:
    a 5 GB file in it was a MemoryError traceback at render. A link back up is walked
    once, not for ever."""
    root = make_show(episodes={"001-a": episode(1)}, files={"shared/big.bin": "x"})
    _sparse(root / "shared" / "big.bin", HUGE)
    (root / "templates").mkdir()
    (root / "templates" / "parts").symlink_to("../shared", target_is_directory=True)
    (root / "shared" / "up").symlink_to("../templates", target_is_directory=True)
    assert build_errors(root) == [
        f"Error: templates/parts/big.bin: file: got {HUGE:,} bytes, expected a text file of"
        f" at most {TEXT_LIMIT:,} bytes",
        "Error: 1 problem found; nothing was written.",
    ]


@pytest.mark.usefixtures("little_memory")
def test_a_config_of_gigabytes_is_a_problem_line(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    _sparse(root / "podcast.toml", HUGE)
    assert build_errors(root) == [
        f"Error: podcast.toml: file: got {HUGE:,} bytes, expected a TOML file of at most "
        f"{CONFIG_LIMIT:,} bytes",
        "Error: 1 problem found; nothing was written.",
    ]


def test_a_config_at_its_limit_is_read(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG.encode()
    config += b"#" * (CONFIG_LIMIT - len(config) - 1) + b"\n"
    root = make_show(episodes={"001-a": episode(1)}, files={"podcast.toml": config})
    assert os.path.getsize(root / "podcast.toml") == CONFIG_LIMIT
    assert load_content(root).show.title == tomllib.loads(BASIC_CONFIG)["title"]
