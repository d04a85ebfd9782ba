"""An episode due before the post it names, and a post naming an episode still to come.

The sample's episode 2 is due at 07:00 and its article at 09:00 the same day: an hourly
publish at 08:00 failed ("expected the file name or slug of a post in posts/") and
published nothing, the episode included, until the article was due."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
from click.testing import CliRunner

from pipeline.cli import main

EPISODE = "episodes/002-de-etalage-als-stille-verkoper.yaml"
POST = "posts/2026-03-18-de-etalage-als-stille-verkoper.md"
BETWEEN = "2026-03-18T08:00+01:00"  # the episode due (07:00), its post not yet (09:00)
AFTER = "2026-03-18T09:30+01:00"


def build(root: Path, out: Path, now: str) -> tuple[int, str]:
    args = ["build", "--root", str(root), "--out", str(out), "--now", now, "--offline"]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output + result.stderr


def titles(out: Path) -> list[str]:
    return [e.title for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]


def test_an_episode_due_before_its_post_is_published_without_it(
    sample_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, text = build(sample_copy, out, BETWEEN)
    assert code == 0, text
    assert any("etalage" in t.lower() for t in titles(out))
    assert f"{EPISODE}: its post {POST} is due only at 2026-03-18T09:00:00+01:00" in text
    page = (out / "episodes/002-de-etalage-als-stille-verkoper/index.html").read_text()
    assert "../../posts/de-etalage-als-stille-verkoper/" not in page  # no link to a page to come
    assert not (out / "posts/de-etalage-als-stille-verkoper").exists()
    code, text = build(sample_copy, out, AFTER)  # the post due: paired as before
    assert code == 0, text
    assert "is due only at" not in text
    page = (out / "episodes/002-de-etalage-als-stille-verkoper/index.html").read_text()
    assert "../../posts/de-etalage-als-stille-verkoper/" in page


def test_a_post_may_name_an_episode_still_to_come(sample_copy: Path, tmp_path: Path) -> None:
    post = sample_copy / "posts/2026-01-14-vijf-lessen-uit-de-decemberdrukte.md"
    text = post.read_text("utf-8")
    post.write_text(text.replace("---\n", "---\nepisode: 7\n", 1), "utf-8")
    code, text = build(sample_copy, tmp_path / "site", BETWEEN)
    assert code == 0, text


def test_a_reference_to_nothing_is_still_an_error(sample_copy: Path, tmp_path: Path) -> None:
    path = sample_copy / EPISODE
    path.write_text(
        re.sub(r"post: .*", "post: 2026-03-18-bestaat-niet", path.read_text("utf-8")), "utf-8"
    )
    code, text = build(sample_copy, tmp_path / "site", AFTER)
    assert code == 1
    assert f"{EPISODE}:28: post: got '2026-03-18-bestaat-niet'" in text
