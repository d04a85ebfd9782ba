"""An audio URL that answers with a web page (a Dropbox share link without dl=1, Google
Drive's preview) is refused by build and by `check --online`: the page's size went into the
feed as the episode's length and its URL as the enclosure, which no app can play, although
the host answered 200, told a size and served byte ranges, as for a file."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode
from tests.loopback import Loopback, answer

NOW = ["--now", "2026-06-01T12:00+02:00"]
PAGE = b"<!doctype html><title>afl-1.mp3 - gedeeld</title><p>Download</p>" * 20
EXPECTED = (
    "expected the audio file itself (the host answered with a web page, text/html: use the "
    "file's direct download link)"
)


def share_page(handler: BaseHTTPRequestHandler) -> None:
    """A share page that serves ranges, as such hosts do."""
    if handler.headers.get("Range") == "bytes=0-0" or handler.headers.get("Range") == "bytes=0-1":
        end = 0 if handler.headers["Range"].endswith("-0") else 1
        answer(handler, 206, PAGE[: end + 1], "text/html; charset=utf-8",
               Content_Range=f"bytes 0-{end}/{len(PAGE)}")  # fmt: skip
        return
    answer(handler, 200, PAGE, "text/html; charset=utf-8", Accept_Ranges="bytes")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, *NOW])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def show(make_show: ShowMaker, url: str, length: bool) -> Path:
    text = episode(1).replace("https://media.show.example/1.mp3", url)
    if not length:
        text = text.replace("length: 1234567\n", "")
    return make_show(episodes={"001-a": text})


def test_build_refuses_a_web_page_for_audio(make_show: ShowMaker) -> None:
    with Loopback({"/s/afl-1.mp3": share_page}) as host:
        url = f"{host.url}/s/afl-1.mp3"
        root = show(make_show, url, length=False)
        code, stderr = run("build", "--root", str(root), "-q")
    assert code == 1
    assert stderr.splitlines()[0] == f"Error: episodes/001-a.yaml:5: audio: got '{url}', {EXPECTED}"
    assert not (root / "site" / "feed.xml").exists()


def test_check_online_refuses_a_web_page_for_audio(make_show: ShowMaker) -> None:
    with Loopback({"/s/afl-1.mp3": share_page}) as host:
        url = f"{host.url}/s/afl-1.mp3"
        root = show(make_show, url, length=True)
        code, stderr = run("check", "--root", str(root), "--online")
    assert code == 1
    assert f"Error: episodes/001-a.yaml:5: audio: got '{url}', {EXPECTED}" in stderr.splitlines()


def audio_file(handler: BaseHTTPRequestHandler) -> None:
    """The file the share link now leads to: an MP3 that serves ranges."""
    data = b"ID3" + bytes(997)
    if handler.headers.get("Range") == "bytes=0-0":
        answer(handler, 206, data[:1], "audio/mpeg", Content_Range=f"bytes 0-0/{len(data)}")
        return
    answer(handler, 200, data, "audio/mpeg", Accept_Ranges="bytes")


def test_a_web_page_for_audio_is_not_kept_in_the_http_cache(make_show: ShowMaker) -> None:
    """The cache never expires: the page kept once (a share link, a host's error page
    served with 200) failed every later build after the host served the file."""
    with Loopback({"/s/afl-1.mp3": share_page}) as host:
        url = f"{host.url}/s/afl-1.mp3"
        root = show(make_show, url, length=False)
        code, stderr = run("build", "--root", str(root), "-q")
        assert code == 1
        assert stderr.splitlines()[0].startswith(
            f"Error: episodes/001-a.yaml:5: audio: got '{url}'"
        )
        host.routes["/s/afl-1.mp3"] = audio_file
        code, stderr = run("build", "--root", str(root), "-q")
    assert code == 0, stderr
    assert 'length="1000"' in (root / "site" / "feed.xml").read_text("utf-8")
