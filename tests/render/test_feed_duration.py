"""``duration: 0`` is a duration not known (what an import writes when its source says 0):
the feed leaves ``itunes:duration`` out rather than claim 0, and ``check`` asks for it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import podcastparser
from click.testing import CliRunner

from pipeline.build import BuildOptions, build
from pipeline.cli import main
from tests.conftest import ShowMaker, episode

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def test_an_unknown_duration_is_left_out_and_check_asks_for_it(make_show: ShowMaker) -> None:
    unknown = episode(2).replace('duration: "10:00"', "duration: 0")
    root = make_show(episodes={"001-a": episode(1), "002-b": unknown})
    build(BuildOptions(root=root, out=root / "site", now=NOW, offline=True))
    data = (root / "site" / "feed.xml").read_bytes()
    items = {e["title"]: e for e in podcastparser.parse("feed.xml", io.BytesIO(data))["episodes"]}
    assert items["Afl. 1: Onderwerp 1"]["total_time"] == 600
    assert data.count(b"<itunes:duration>") == 1, "only the known one"
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--now", NOW.isoformat()])
    assert "episodes/002-b.yaml:7: duration: got nothing, expected itunes:duration in seconds" in (
        result.output
    )
