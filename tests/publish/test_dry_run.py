"""`pipeline publish --dry-run`: what would go out, change or be refused, writing nothing (no
site, no state file, no ping, no lock), and its counts agree with what the real run does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.write import exclusive_lock
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.loopback import Loopback, answer

NOW = "2026-06-01T12:00+02:00"
POST = """\
---
title: "Over onderwerp {n}"
date: {date}
---
Wat we over onderwerp {n} te zeggen hebben.
"""


def run(root: Path, *args: str, now: str = NOW) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["publish", "--root", str(root), "-q", "--now", now, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def tree(root: Path) -> dict[str, bytes]:
    """Every file in the show folder, bytes included: a dry run must leave all of them."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def show(make_show: ShowMaker) -> Path:
    """Episodes 1 and 2 due, 3 due on 2026-07-01 09:00 with a post the same day."""
    return make_show(
        episodes={
            "001-a": episode(1),
            "002-b": episode(2),
            "003-c": episode(3).replace("2026-03-03 07:00", "2026-07-01 09:00"),
        },
        posts={
            "2026-03-01-een": POST.format(n=1, date="2026-03-01 09:00"),
            "2026-07-01-drie": POST.format(n=3, date="2026-07-01 09:00"),
        },
    )


def test_a_first_dry_run_lists_everything_and_writes_nothing(show: Path) -> None:
    hub_posts: list[str] = []

    def hub(handler: object) -> None:
        hub_posts.append("POST")
        answer(handler, 204)  # type: ignore[arg-type]

    with Loopback({"/hub": hub}) as host:
        config = (show / "podcast.toml").read_text()
        config = config.replace("[owner]", f'websub_hub = "{host.url}/hub"\n\n[owner]')
        (show / "podcast.toml").write_text(config)
        before = tree(show)
        code, stdout, stderr = run(
            show, "--first-publication", "--dry-run"
        )  # pings are on: none may go out
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[:3] == [
        "Would publish: 002-b (Afl. 2: Onderwerp 2, 2026-03-02T07:00:00+01:00)",
        "Would publish: 001-a (Afl. 1: Onderwerp 1, 2026-03-01T07:00:00+01:00)",
        "Would publish post: een (Over onderwerp 1, 2026-03-01T09:00:00+01:00)",
    ]
    assert "Scheduled: 003-c (due 2026-07-01T09:00:00+02:00)" in lines
    assert "Feed items added: 002-b, 001-a" in lines
    assert lines[-3].startswith(f"Would change {lines[-3].split()[2]} files of {show / 'site'}: ")
    assert lines[-2:] == ["published.json: would be updated.", "Dry run: nothing was written."]
    assert tree(show) == before  # no site, no state file, no lock, no pending ping
    assert not (show / "site").exists() and not (show / ".cache").exists()
    assert hub_posts == []


def test_the_counts_are_what_the_real_run_then_does(show: Path) -> None:
    assert run(show, "--first-publication", "--no-ping")[0] == 0
    site_before = {k: v for k, v in tree(show).items() if k.startswith("site/")}
    state_before = (show / "published.json").read_bytes()
    later = "2026-07-01T09:00+02:00"
    code, stdout, _ = run(show, "--no-ping", "--dry-run", now=later)
    assert code == 0
    lines = stdout.splitlines()
    assert lines[:2] == [
        "Would publish: 003-c (Afl. 3: Onderwerp 3, 2026-07-01T09:00:00+02:00)",
        "Would publish post: drie (Over onderwerp 3, 2026-07-01T09:00:00+02:00)",
    ]
    assert "Feed items added: 003-c" in lines
    assert (show / "published.json").read_bytes() == state_before

    assert run(show, "--no-ping", now=later)[0] == 0  # now for real
    site_after = {k: v for k, v in tree(show).items() if k.startswith("site/")}
    new = sorted(set(site_after) - set(site_before))
    changed = sorted(
        k for k in set(site_after) & set(site_before) if site_after[k] != site_before[k]
    )
    gone = sorted(set(site_before) - set(site_after))
    total = len(new) + len(changed) + len(gone)
    assert lines[-3] == (
        f"Would change {total} files of {show / 'site'}: {len(new)} new, {len(changed)} "
        f"changed, {len(gone)} removed."
    )
    assert "site/posts/drie/index.html" in new
    assert [e["slug"] for e in json.loads((show / "published.json").read_text())["episodes"]] == [
        "003-c",
        "002-b",
        "001-a",
    ]


def test_nothing_due_would_change_nothing(show: Path) -> None:
    assert run(show, "--first-publication", "--no-ping")[0] == 0
    code, stdout, _ = run(show, "--no-ping", "--dry-run", now="2026-06-02T12:00+02:00")
    assert code == 0
    assert stdout.splitlines() == [
        "Scheduled: 003-c (due 2026-07-01T09:00:00+02:00)",
        f"Would change no file of {show / 'site'}.",
        "published.json: unchanged.",
        "Dry run: nothing was written.",
    ]


def test_what_would_be_refused_is_listed_at_once_and_nothing_written(show: Path) -> None:
    assert run(show, "--first-publication", "--no-ping")[0] == 0
    path = show / "episodes" / "001-a.yaml"
    path.write_text(path.read_text().replace("000000000001", "00000000000a"))
    path = show / "episodes" / "002-b.yaml"
    path.write_text(path.read_text().replace("/2.mp3", "/2.wav"))
    before = tree(show)
    code, stdout, stderr = run(show, "--no-ping", "--dry-run")
    assert code == 1
    lines = stdout.splitlines()
    # A changed GUID is a new item for apps (and the old one gone): the guard refuses it.
    assert lines[0] == "Would publish: 001-a (Afl. 1: Onderwerp 1, 2026-03-01T07:00:00+01:00)"
    assert lines[2:5] == [
        "Feed items added: 001-a",
        "Feed items changed: 002-b",
        "Feed items removed: 001-a",
    ]
    assert lines[-1] == "Would be refused; nothing would be written:"
    assert [line.split(": got")[0] for line in errors(stderr)] == [
        "Error: episodes/002-b.yaml:5: enclosure type",  # check: Apple takes no WAV
        "Error: episodes/001-a.yaml:4: guid",  # the guard: a published GUID changed
        "Error: episodes/002-b.yaml:5: enclosure url",  # ... and a published audio URL
        "Error: 3 problems found; nothing was written.",
    ]
    assert tree(show) == before


def test_a_dry_run_needs_no_lock_and_leaves_none(show: Path) -> None:
    """A publish holding the lock does not stop a dry run (which writes nothing to race)."""
    lock = show / ".cache" / "publish.lock"
    with exclusive_lock(lock, "busy"):
        code, _, stderr = run(show, "--first-publication", "--no-ping", "--dry-run")
    assert code == 0, stderr
    code, _, stderr = run(show, "--first-publication", "--no-ping")
    assert code == 0, stderr


def test_a_damaged_state_file_is_one_of_the_listed_problems(show: Path) -> None:
    (show / "published.json").write_text("{ half")
    code, _, stderr = run(show, "--no-ping", "--dry-run")
    assert code == 1
    assert errors(stderr)[0].startswith("Error: published.json:1: state: got invalid JSON")


def test_dry_run_against_the_live_feed(make_show: ShowMaker) -> None:
    with Loopback() as host:
        base = host.url + "/"
        root = make_show(
            config=BASIC_CONFIG.replace("https://show.example/", base),
            episodes={"001-a": episode(1), "002-b": episode(2)},
        )
        assert run(root, "--first-publication", "--no-ping")[0] == 0
        feed = (root / "site" / "feed.xml").read_bytes()
        host.routes["/feed.xml"] = lambda h: answer(h, 200, feed, "application/rss+xml")
        (root / "published.json").unlink()  # the live feed alone must be enough
        path = root / "episodes" / "002-b.yaml"
        path.write_text(path.read_text().replace("000000000002", "00000000000b"))
        code, _, stderr = run(root, "--no-ping", "--dry-run", "--previous", "live")
        assert host.hits("/feed.xml") == 1
    assert code == 1
    assert errors(stderr)[0].startswith("Error: episodes/002-b.yaml:4: guid: got ")
    assert not (root / "published.json").exists()
