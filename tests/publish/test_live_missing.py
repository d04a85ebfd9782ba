"""`--previous live`: a live feed URL answering 404 or 410 is an error, never "first
publication". A typo in base_url, or a host answering 404 during an outage, must not switch
the GUID guard off; the message says how to publish the first time on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.loopback import Loopback, answer

NOW = "2026-06-01T12:00+02:00"


def publish(root: Path, *args: str) -> tuple[int, str, str]:
    command = ["publish", "--root", str(root), "-q", "--no-ping", "--now", NOW]
    result = CliRunner().invoke(main, [*command, "--previous", "live", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("status", [404, 410])
def test_a_missing_live_feed_refuses_and_writes_nothing(make_show: ShowMaker, status: int) -> None:
    with Loopback({"/feed.xml": lambda h: answer(h, status, b"Not here")}) as host:
        base = host.url + "/"
        root = make_show(
            config=BASIC_CONFIG.replace("https://show.example/", base),
            episodes={"001-a": episode(1)},
        )
        code, stdout, stderr = publish(root)
        assert host.hits("/feed.xml") == 1
    assert code == 1
    assert stderr.splitlines() == [
        f"Error: the live feed {base}feed.xml answered HTTP {status}; not publishing blind "
        "(check base_url and the host; if this show was never published, publish it the first "
        "time on purpose with `pipeline publish --first-publication`)"
    ]
    assert stdout == ""
    assert not (root / "site").exists()
    assert not (root / "published.json").exists()


def test_a_typo_in_base_url_cannot_switch_the_guard_off(make_show: ShowMaker) -> None:
    """Published once at the right URL; a later run against a mistyped path must refuse
    rather than let a changed GUID through as if nothing had been published."""
    with Loopback() as host:
        base = host.url + "/"
        root = make_show(
            config=BASIC_CONFIG.replace("https://show.example/", base),
            episodes={"001-a": episode(1)},
        )
        result = CliRunner().invoke(
            main,
            [
                "publish",
                "--root",
                str(root),
                "-q",
                "--no-ping",
                "--now",
                NOW,
                "--first-publication",
            ],
        )
        assert result.exit_code == 0, result.stderr
        feed = (root / "site" / "feed.xml").read_bytes()
        host.routes["/feed.xml"] = lambda h: answer(h, 200, feed, "application/rss+xml")
        before = (root / "site" / "feed.xml").read_bytes()
        path = root / "episodes" / "001-a.yaml"
        path.write_text(path.read_text().replace("000000000001", "00000000000a"))
        code, _, stderr = publish(root, "--feed-url", base + "feeed.xml")  # the typo
        assert code == 1
        assert stderr.startswith(f"Error: the live feed {base}feeed.xml answered HTTP 404;")
        code, _, stderr = publish(root)  # the right URL: the guard sees the changed GUID
        assert code == 1
        assert stderr.startswith("Error: episodes/001-a.yaml:4: guid: got ")
    assert (root / "site" / "feed.xml").read_bytes() == before


def test_first_publication_against_the_live_feed_expects_none_there(make_show: ShowMaker) -> None:
    """--first-publication with --previous live (the workflow's first run, by hand): a 404 is
    what it expects; once a feed answers, the same flag is refused."""
    with Loopback() as host:
        base = host.url + "/"
        root = make_show(
            config=BASIC_CONFIG.replace("https://show.example/", base),
            episodes={"001-a": episode(1)},
        )
        code, _, stderr = publish(root, "--first-publication")
        assert code == 0, stderr
        feed = (root / "site" / "feed.xml").read_bytes()
        host.routes["/feed.xml"] = lambda h: answer(h, 200, feed, "application/rss+xml")
        code, _, stderr = publish(root, "--first-publication")
        assert code == 1
        assert stderr.startswith(
            f"Error: --first-publication: the live feed {base}feed.xml is there already "
            "(1 episode); this is not the show's first publication"
        )
        assert publish(root)[0] == 0  # the hourly runs after it compare with the live feed
