"""`pipeline status` tells published from built: published is what `pipeline publish`
recorded in published.json (its episodes and, since, its posts); the site folder is written
by `pipeline build` too, so an item only a local build put there is "built locally into
site/, not published yet", never live."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_status import BEFORE, NOW, post, rows, run, show, status
from tests.conftest import ShowMaker, episode

__all__ = ["show"]  # the fixture, used below by name

NOTE = "(built locally into site/, not published yet)"
SAMPLE_NOW = "2026-12-02T09:00+01:00"  # episode 7 of the sample show is due 2027-01-13
LATER = "2027-02-01T09:00+01:00"


def notes(stdout: str, name: str) -> list[str]:
    """The lines under the row of ``name`` (its reasons and notes), stripped."""
    lines = stdout.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.split()[-1:] == [name]]
    found = []
    for line in lines[at + 1 :]:
        if not line.startswith("      "):
            break
        found.append(line.strip())
    return found


def test_a_build_of_the_sample_show_is_not_its_publication(sample_copy: Path) -> None:
    """The case seen: `pipeline build` (here with a later --now, as a preview of the next
    season) and then `pipeline status`: episode 7 was reported live, due in 41 days."""
    code, _, stderr = run(sample_copy, "build", "-q", "--offline", now=LATER)
    assert code == 0, stderr
    code, stdout, stderr = status(sample_copy, now=SAMPLE_NOW)
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[1:3] == [
        "Last publication: no published.json in this folder (the hourly workflow keeps it in "
        "its cache); items dated before now count as live.",
        "site/ holds a local build: 1 item in it not published yet (only `pipeline publish` "
        "puts it online).",
    ]
    seven = "007-een-seizoen-achter-de-toonbank"
    assert f"scheduled 2027-01-13 07:00 in 41 days {seven}" in rows(stdout)
    assert notes(stdout, seven) == [NOTE]
    data = json.loads(status(sample_copy, "--format", "json", now=SAMPLE_NOW)[1])
    (row,) = [r for r in data["episodes"] if r["slug"] == seven]
    assert (row["state"], row["published"], row["built_locally"]) == ("scheduled", None, True)
    assert data["record"] is None and data["site"] == "site/"


def test_what_a_build_added_after_a_publication_is_not_live(show: Path) -> None:
    """Published on 2026-05-01; then a post came due and `pipeline build` put it and
    episode 3 into site/. Only `pipeline publish` makes them live."""
    (show / "posts" / "2026-05-15-drie.md").write_text(post("Drie", "2026-05-15 09:00"))
    code, _, stderr = run(show, "build", "-q", "--offline")
    assert code == 0, stderr
    assert (show / "site" / "posts" / "drie" / "index.html").is_file()
    code, stdout, stderr = status(show)
    assert code == 0, stderr
    assert stdout.splitlines()[1:3] == [
        "Last publication: published.json.",
        "site/ holds a local build: 2 items in it not published yet (only `pipeline publish` "
        "puts them online).",
    ]
    assert "due 2026-06-01 09:00 003-c" in rows(stdout)
    assert "due 2026-05-15 09:00 drie" in rows(stdout)  # was: live (its page is in site/)
    assert notes(stdout, "003-c") == notes(stdout, "drie") == [NOTE]
    assert notes(stdout, "002-b") == []  # published: no note
    assert stdout.splitlines()[-1].endswith(": publishes post drie, 003-c.")

    code, _, stderr = run(show, "publish", "-q", "--no-ping")
    assert code == 0, stderr
    code, stdout, _ = status(show)
    assert code == 0
    assert stdout.splitlines()[1:3] == ["Last publication: published.json.", ""]
    assert {"live 2026-06-01 09:00 003-c", "live 2026-05-15 09:00 drie"} <= set(rows(stdout))
    assert NOTE not in stdout


def test_publish_records_its_posts(show: Path) -> None:
    """Newest first, stable bytes: a run with nothing due leaves the file as it was."""
    state = json.loads((show / "published.json").read_text("utf-8"))
    assert state["posts"] == ["een"]  # vier is due on 2026-06-04
    before = (show / "published.json").read_bytes()
    assert run(show, "publish", "-q", "--no-ping", now=BEFORE)[0] == 0  # nothing due
    assert (show / "published.json").read_bytes() == before
    code, _, stderr = run(show, "publish", "-q", "--no-ping", now="2026-06-05T12:00+02:00")
    assert code == 0, stderr
    state = json.loads((show / "published.json").read_text("utf-8"))
    assert state["posts"] == ["vier", "een"]


def test_a_state_file_from_before_posts_were_recorded(show: Path) -> None:
    """Such a file says nothing of posts: the pages of the site beside it do, as before."""
    state = json.loads((show / "published.json").read_text("utf-8"))
    del state["posts"]
    (show / "published.json").write_text(json.dumps(state), "utf-8")
    code, stdout, stderr = status(show)
    assert code == 0, stderr
    assert stdout.splitlines()[1] == "Last publication: published.json and site/."
    assert "live 2026-03-01 09:00 een" in rows(stdout)
    assert run(show, "publish", "--dry-run", "--no-ping")[0] == 0  # publish takes it too


@pytest.mark.parametrize(
    ("posts", "problem"),
    [
        (3, "posts: got 3, expected a list of the posts' names"),
        (["een", 4], "posts[2]: got 4, expected a post's name as text"),
        ([""], "posts[1]: got '', expected a post's name as text"),
    ],
)
def test_a_damaged_posts_list_is_refused(show: Path, posts: object, problem: str) -> None:
    state = json.loads((show / "published.json").read_text("utf-8"))
    state["posts"] = posts
    (show / "published.json").write_text(json.dumps(state), "utf-8")
    for command in (("publish", "--dry-run", "--no-ping"), ("status",)):
        code, _, stderr = run(show, *command)
        assert code == 1
        errors = [line for line in stderr.splitlines() if line.startswith("Error: published")]
        assert errors == [f"Error: published.json: {problem} (restore it from git, or compare "
                          "with the live feed: --previous live)"], stderr  # fmt: skip


def test_no_site_folder_no_line_about_it(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    code, stdout, _ = status(root, now=NOW)
    assert code == 0
    assert stdout.splitlines()[2] == ""
    assert "site/" not in stdout.splitlines()[1]


def test_episode_files_that_swapped_names_keep_their_published_dates(show: Path) -> None:
    """Followed by GUID first, as publish's guard follows them: 001-a.yaml now holds the
    episode published as 002-b, and status shows that episode's publication."""
    one, two = show / "episodes/001-a.yaml", show / "episodes/002-b.yaml"
    first, second = one.read_bytes(), two.read_bytes()
    one.write_bytes(second)
    two.write_bytes(first)
    code, stdout, stderr = status(show)
    assert code == 0, stderr
    assert {"live 2026-03-02 07:00 001-a", "live 2026-03-01 07:00 002-b"} <= set(rows(stdout))
    data = json.loads(status(show, "--format", "json")[1])
    published = {row["slug"]: row["published"] for row in data["episodes"]}
    assert published["001-a"].startswith("2026-03-02T07:00")  # episode 2's publication
    assert published["002-b"].startswith("2026-03-01T07:00")
