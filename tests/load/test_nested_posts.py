"""Posts in a subfolder of ``posts/`` (as Jekyll keeps ``_posts/2024/...``) are not read,
and the build says so: a notice for each folder with its count of Markdown files. Before,
they were left out without a word. Hidden folders, folders without Markdown files and
links to folders stay silent; the posts stay unpublished."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.load.nested import nested_items
from tests.conftest import ShowMaker, episode
from tests.security.support import post

NOW = ["--now", "2026-06-01T12:00+02:00"]


def notice(folder: str, files: str) -> str:
    return (
        f"Notice: posts/{folder}: {files} in a subfolder, not published (only posts directly"
        " in posts/ are; move them up to publish them)"
    )


def test_each_subfolder_with_markdown_is_named_with_its_count(make_show: ShowMaker) -> None:
    text = post("Tekst.")
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={"2026-03-01-een": text},
        files={
            "posts/2024/2024-01-01-a.md": text,
            "posts/2024/01/2024-01-02-b.markdown": text,  # deeper down: counted too
            "posts/2024/notes.txt": "geen post",
            "posts/2025/2025-01-01-c.MD": text,
            "posts/2025/.2025-01-02-d.md": text,  # hidden: as everywhere, left out
            "posts/.drafts/2026-01-01-e.md": text,
            "posts/2024/.old/2023-01-01-f.md": text,
            "posts/images/kassa.png": b"\x89PNG",
            "elders/2026-01-01-g.md": text,
        },
    )
    (root / "posts" / "leeg").mkdir()
    os.symlink(root / "elders", root / "posts" / "gelinkt")  # a link: never followed
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 0, result.output
    assert "Built 1 episode and 1 post" in result.stdout  # the others are still not read
    assert [line for line in result.stderr.splitlines() if "subfolder" in line] == [
        notice("2024", "2 Markdown files"),
        notice("2025", "1 Markdown file"),
    ]
    assert not (root / "site" / "posts" / "a").exists()


def test_no_notice_without_such_a_folder_and_none_read_outside(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(posts={"2026-03-01-een": post("Tekst.")})
    assert nested_items(root) == ()
    (root / "posts" / "2026-03-01-een.md").unlink()
    (root / "posts").rmdir()
    assert nested_items(root) == ()  # no posts/ at all
    # posts/ linking out of the show (the loader refuses it): what is there is not listed
    (tmp_path / "elders" / "2024").mkdir(parents=True)
    (tmp_path / "elders" / "2024" / "2024-01-01-a.md").write_text(post("Elders."))
    os.symlink(tmp_path / "elders", root / "posts")
    assert nested_items(root) == ()


def test_strict_counts_them_as_notices(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={"2026-03-01-een": post("Tekst.", episode="1")},
        files={"posts/2024/2024-01-01-a.md": post("Oud.")},
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", "--strict", *NOW])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        notice("2024", "1 Markdown file"),
        "Error: 1 notice with --strict",
    ]


def test_episodes_in_a_subfolder_are_named_too(make_show: ShowMaker) -> None:
    """An episode filed by year (``episodes/2024/001-a.yaml``) was left out of the feed
    without a word: "Built 0 episodes". Named as posts' subfolders are, before them."""
    root = make_show(
        episodes={"002-b": episode(2)},
        posts={"2026-03-01-een": post("Tekst.")},
        files={
            "episodes/2024/001-a.yaml": episode(1),
            "episodes/2024/oud/000-x.YML": episode(3),  # deeper down, any case: counted
            "episodes/2024/notities.txt": "geen aflevering",
            "episodes/.concept/003-c.yaml": episode(3),  # hidden: left out
            "posts/2024/2024-01-01-a.md": post("Oud."),
        },
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 0, result.output
    assert "Built 1 episode and 1 post" in result.stdout
    assert [line for line in result.stderr.splitlines() if "subfolder" in line] == [
        "Notice: episodes/2024: 2 YAML files in a subfolder, not published (only episodes"
        " directly in episodes/ are; move them up to publish them)",
        notice("2024", "1 Markdown file"),
    ]
