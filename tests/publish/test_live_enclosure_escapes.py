"""An audio URL with letters outside ASCII is one download however it is written: the feed
carries it percent-encoded, the episode file and the state file as written. Compared as
text, `--previous live` refused every run of a show whose file is named afl_één.mp3, and
writing the escapes into the episode file was refused against the state file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.loopback import Loopback, answer

NOW = "2026-06-01T12:00+02:00"
WRITTEN = "https://media.show.example/afl_één.mp3"
ESCAPED = "https://media.show.example/afl_%C3%A9%C3%A9n.mp3"


def publish(root: Path, *args: str) -> tuple[int, str]:
    command = ["publish", "--root", str(root), "-q", "--no-ping", "--now", NOW, *args]
    result = CliRunner().invoke(main, command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def test_the_live_feed_escaped_url_is_the_url_as_written(make_show: ShowMaker) -> None:
    with Loopback() as host:
        root = make_show(
            config=BASIC_CONFIG.replace("https://show.example/", host.url + "/"),
            episodes={"001-a": episode(1).replace("https://media.show.example/1.mp3", WRITTEN)},
        )
        code, stderr = publish(root, "--first-publication")
        assert code == 0, stderr
        feed = (root / "site" / "feed.xml").read_bytes()
        assert f'url="{ESCAPED}"'.encode() in feed
        host.routes["/feed.xml"] = lambda h: answer(h, 200, feed, "application/rss+xml")
        code, stderr = publish(root, "--previous", "live")
    assert code == 0, stderr
    assert "enclosure" not in stderr


def test_writing_the_escapes_into_the_episode_changes_nothing(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1).replace("https://media.show.example/1.mp3", WRITTEN)}
    )
    code, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    path = root / "episodes" / "001-a.yaml"
    path.write_text(path.read_text("utf-8").replace(WRITTEN, ESCAPED), "utf-8")
    code, stderr = publish(root)
    assert code == 0, stderr


def test_a_really_moved_url_is_still_refused(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1).replace("https://media.show.example/1.mp3", WRITTEN)}
    )
    assert publish(root, "--first-publication")[0] == 0
    path = root / "episodes" / "001-a.yaml"
    path.write_text(path.read_text("utf-8").replace("één", "twee"), "utf-8")
    code, stderr = publish(root)
    assert code == 1
    assert stderr.splitlines()[0].startswith(
        "Error: episodes/001-a.yaml:5: enclosure url: got "
        "'https://media.show.example/afl_twee.mp3', expected "
        f"'{WRITTEN}' as published"
    )
