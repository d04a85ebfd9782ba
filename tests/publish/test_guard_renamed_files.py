"""The GUID guard follows an episode by its GUID before its file name: two episode files
that swapped names (re-ordered: 001.yaml and 002.yaml) are the same two episodes to
subscribers, and were refused as six changes; an episode renamed and re-dated was refused
naming the file it no longer is in, and --allow-change with its new name did not let it
through."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ShowMaker, episode
from tests.publish.test_publish import errors, publish, state


def test_episode_files_that_swapped_names_publish(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001": episode(1), "002": episode(2)})
    assert publish(root, "--first-publication")[0] == 0
    first, second = root / "episodes" / "001.yaml", root / "episodes" / "002.yaml"
    one, two = first.read_text("utf-8"), second.read_text("utf-8")
    first.write_text(two, "utf-8")
    second.write_text(one, "utf-8")
    code, _, stderr = publish(root)
    assert code == 0, stderr
    assert [(e["slug"], e["guid"][-1]) for e in state(root)] == [("001", "2"), ("002", "1")]


def test_a_guid_changed_in_place_is_still_refused(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001": episode(1), "002": episode(2)})
    assert publish(root, "--first-publication")[0] == 0
    path = root / "episodes" / "001.yaml"
    path.write_text(path.read_text("utf-8").replace("0001\n", "0009\n"), "utf-8")
    code, _, stderr = publish(root)
    assert code == 1
    assert errors(stderr)[0].startswith(
        "Error: episodes/001.yaml:4: guid: got 'urn:uuid:00000000-0000-4000-8000-000000000009', "
        "expected 'urn:uuid:00000000-0000-4000-8000-000000000001' as published"
    )


def renamed_and_redated(make_show: ShowMaker) -> Path:
    root = make_show(episodes={"001-a": episode(1)})
    assert publish(root, "--first-publication")[0] == 0
    (root / "episodes" / "001-a.yaml").unlink()
    moved = episode(1).replace("2026-03-01 07:00", "2026-03-01 08:00")
    (root / "episodes" / "001-intro.yaml").write_text(moved, "utf-8")
    return root


def test_a_renamed_episode_is_refused_at_its_new_file(make_show: ShowMaker) -> None:
    root = renamed_and_redated(make_show)
    code, _, stderr = publish(root)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/001-intro.yaml:3: date: got 2026-03-01T08:00:00+01:00, expected "
        "2026-03-01T07:00:00+01:00 as published (subscribers would see a broken or duplicate "
        "episode; pass --allow-change 001-intro if this is intended)"
    )


@pytest.mark.parametrize(
    "name", ["001-intro", "001-a", "urn:uuid:00000000-0000-4000-8000-000000000001"]
)
def test_allow_change_takes_the_new_file_name_the_old_or_the_guid(
    make_show: ShowMaker, name: str
) -> None:
    root = renamed_and_redated(make_show)
    code, stdout, stderr = publish(root, "--allow-change", name)
    assert code == 0, stderr
    assert "Allowed change: 001-intro: date: 2026-03-01T08:00:00+01:00" in stdout
    assert [e["slug"] for e in state(root)] == ["001-intro"]
