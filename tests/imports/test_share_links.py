"""on.soundcloud.com share links in imported posts: one HEAD request (kept in the show's HTTP
cache) to the loopback SoundCloud tells the track; every fault is an `Error:` line."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.enrich.http import make_session
from pipeline.errors import ContentError
from pipeline.imports.posts import plan_imports
from pipeline.settings import SoundCloudSettings
from pipeline.text.dates import zone
from tests.conftest import ShowMaker
from tests.loopback import Loopback, answer

TRACK = "https://soundcloud.com/winkelpraat/afl-3-de-kassa"
EXPECTED = "expected a share link that leads to a SoundCloud track"


def redirect(location: str):  # type: ignore[no-untyped-def]
    def route(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, 302, Location=location)

    return route


def slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    answer(handler, 302, Location=TRACK)


ROUTES = {
    "/AbC12": redirect(TRACK + "?si=0a1b2c&utm_source=clipboard&utm_medium=text"),
    "/Hop1": redirect("/Hop2"),  # the share host may send us on to itself once
    "/Hop2": redirect("https://m.soundcloud.com/winkelpraat/afl-4-personeel"),
    "/Loop1": redirect("/Loop2"),
    "/Loop2": redirect("/Loop1"),
    "/Away": redirect("https://example.com/winactie"),
    "/Profile": redirect("https://soundcloud.com/winkelpraat"),
    "/Slow": slow,
    "/Ipv6": redirect("http://[::1/afl-3"),  # an unclosed IPv6 host: no address at all
}


@pytest.fixture
def share() -> Loopback:
    with Loopback(ROUTES) as server:
        yield server


def run(root: Path, server: Loopback, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main,
        ["import", "posts", "--root", str(root), *args],
        env={"PIPELINE_SOUNDCLOUD_SHARE": server.url},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def article(tmp_path: Path, code: str, name: str = "2026-03-04-luister.txt") -> Path:
    path = tmp_path / name
    path.write_text(
        "Luister naar de kassa\n\nDe nieuwe aflevering staat online.\n\n"
        f"Luister hier: https://on.soundcloud.com/{code} (twintig minuten).\n",
        "utf-8",
    )
    return path


def test_a_share_link_becomes_the_track_with_one_cached_request(
    make_show: ShowMaker, tmp_path: Path, share: Loopback
) -> None:
    root = make_show()
    source = article(tmp_path, "AbC12")
    code, out, err = run(root, share, "--dry-run", str(source))
    assert code == 0, err
    assert (
        "SoundCloud share link resolved: line 5: 'https://on.soundcloud.com/AbC12' -> "
        f"'{TRACK}'" in out
    )
    assert [(m, p) for m, p, _ in share.log] == [("HEAD", "/AbC12")]
    code, _, err = run(root, share, str(source))  # the answer comes from the cache now
    assert code == 0, err
    assert share.hits("/AbC12") == 1
    text = (root / "posts" / "2026-03-04-luister-naar-de-kassa.md").read_text("utf-8")
    assert f"Luister hier: {TRACK} (twintig minuten)." in text
    assert "on.soundcloud.com" not in text


def test_the_share_host_may_send_us_on_once(
    make_show: ShowMaker, tmp_path: Path, share: Loopback
) -> None:
    root = make_show()
    code, out, err = run(root, share, "--dry-run", str(article(tmp_path, "Hop1")))
    assert code == 0, err
    assert "-> 'https://soundcloud.com/winkelpraat/afl-4-personeel'" in out


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("Gone", "HTTP 404 Not Found"),
        ("Loop1", "a redirect loop"),
        ("Away", "redirected to example.com, not to a SoundCloud track"),
        ("Profile", "redirected to soundcloud.com, not to a SoundCloud track"),
        ("Ipv6", "redirected to an address that is no web address ('http://[::1/afl-3')"),
    ],
)
def test_a_share_link_that_leads_nowhere_is_an_error(
    make_show: ShowMaker, tmp_path: Path, share: Loopback, code: str, why: str
) -> None:
    root = make_show()
    source = article(tmp_path, code)
    status, _, err = run(root, share, str(source))
    assert status == 1
    assert err.splitlines() == [
        f"Error: {source}:5: soundcloud: got 'https://on.soundcloud.com/{code}' ({why}), "
        f"{EXPECTED}",
        "Error: 1 problem found; nothing was written.",
    ]
    assert list((root / "posts").iterdir()) == []
    assert not (root / "imports").exists()


def test_a_share_host_that_does_not_answer_in_time_is_an_error(
    make_show: ShowMaker, tmp_path: Path, share: Loopback
) -> None:
    root = make_show()
    source = article(tmp_path, "Slow")
    settings = SoundCloudSettings(share=share.url)
    with pytest.raises(ContentError) as caught:
        plan_imports(
            root,
            [source],
            zone("Europe/Amsterdam"),
            None,
            True,
            settings,
            session=lambda: make_session(None, timeout=(1.0, 0.3), retries=0),
        )
    [problem] = caught.value.problems
    assert str(problem) == (
        f"{source}:5: soundcloud: got 'https://on.soundcloud.com/Slow' "
        f"(timed out (no answer within 0.3s)), {EXPECTED}"
    )


def test_one_request_per_link_in_a_run(
    make_show: ShowMaker, tmp_path: Path, share: Loopback
) -> None:
    root = make_show()
    first = article(tmp_path, "AbC12", "2026-03-04-een.txt")
    second = tmp_path / "2026-03-05-twee.txt"
    second.write_text(
        "Nog eens de kassa\n\nZie https://on.soundcloud.com/AbC12 en on.soundcloud.com/AbC12\n",
        "utf-8",
    )
    code, _, err = run(root, share, "--dry-run", str(first), str(second))
    assert code == 0, err
    assert share.hits("/AbC12") == 1


@pytest.mark.parametrize("host", ["http://[::1", "nergens", "ftp://share.example"])
def test_a_share_host_that_is_no_web_address_is_a_setting_error(
    make_show: ShowMaker, tmp_path: Path, host: str
) -> None:
    """`[soundcloud] share` was the one SoundCloud host not checked as a web address: an
    import with a share link then asked it, and `http://[::1` was a ValueError traceback
    (the others blamed the link, not the setting)."""
    root = make_show()
    config = root / "podcast.toml"
    config.write_text(config.read_text("utf-8") + f'\n[soundcloud]\nshare = "{host}"\n', "utf-8")
    line = config.read_text("utf-8").count("\n")
    result = CliRunner().invoke(
        main, ["import", "posts", "--root", str(root), str(article(tmp_path, "AbC12"))]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        f"Error: podcast.toml:{line}: soundcloud.share: got {host!r}, expected "
    )
    assert not (root / "posts" / "2026-03-04-luister-naar-de-kassa.md").exists()
