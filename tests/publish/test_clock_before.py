"""A run whose clock is before an episode it published already (``--now`` in the past, a
machine's clock gone wrong, or an earlier run with ``--now`` in the future): publishing
would take that episode out of the feed until its date. That is refused, and the message
says the date is unchanged and the clock is earlier, not "got X, expected X"."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ShowMaker, episode
from tests.publish.test_publish import errors, publish, snapshot


def test_a_published_episode_still_to_come_at_this_runs_clock(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1), "002-b": episode(2)})
    code, _, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    before = snapshot(root)
    code, _, stderr = publish(root, now="2026-03-01T12:00+01:00")  # before 002-b's date
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/002-b.yaml:3: date: got 2026-03-02T07:00:00+01:00 as published, still "
        "to come at this run's time (--now, or the clock, is before it), expected a run at or "
        "after it (the episode would leave the feed until then; pass --allow-change 002-b if "
        "this is intended)"
    )
    assert snapshot(root) == before


def test_a_date_moved_into_the_future_is_still_named_as_moved(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1), "002-b": episode(2)})
    code, _, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    path: Path = root / "episodes" / "002-b.yaml"
    path.write_text(path.read_text().replace("2026-03-02 07:00", "2026-09-01 07:00"))
    code, _, stderr = publish(root)
    assert code == 1
    assert errors(stderr)[0].startswith(
        "Error: episodes/002-b.yaml:3: date: got 2026-09-01T07:00:00+02:00, expected "
        "2026-03-02T07:00:00+01:00 as published"
    )
