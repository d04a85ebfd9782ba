"""A transcript is published as it is (``podcast:transcript``) and shown on the episode
page, and apps read it as UTF-8. One a Windows subtitle tool saved as Windows-1252 or
UTF-16 was read with every bad byte turned into U+FFFD: "Café" became "Caf\ufffd" on the
page, and the file went out as text/vtt with no word said. Now its first bad byte is an
``Error:`` line naming the transcript file and its line, exit 1, the last site untouched;
a UTF-8 file with a byte order mark and Windows line ends stays fine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ShowMaker, episode
from tests.security.support import build, errors, snapshot

CUES = (
    "WEBVTT\n\n00:00.000 --> 00:04.000\nWelkom in het café.\n\n"
    "00:04.000 --> 00:08.000\nTot ziens.\n"
)
HINT = "(apps read a transcript as UTF-8: save it as UTF-8 in the tool that made it)"


def show(make_show: ShowMaker, transcript: bytes) -> Path:
    return make_show(
        episodes={"001-a": episode(1, transcript="transcripts/001-a.vtt")},
        files={"transcripts/001-a.vtt": transcript},
    )


@pytest.mark.parametrize(
    ("data", "line", "byte"),
    [
        (CUES.encode("cp1252"), 4, "0xe9"),
        (CUES.replace("\n", "\r\n").encode("utf-16"), 1, "0xff"),
    ],
    ids=["windows-1252", "utf-16"],
)
def test_a_transcript_not_in_utf8_is_an_error(
    make_show: ShowMaker, data: bytes, line: int, byte: str
) -> None:
    root = show(make_show, CUES.encode("utf-8"))
    code, _, stderr = build(root)
    assert code == 0, stderr
    site = snapshot(root / "site")
    (root / "transcripts" / "001-a.vtt").write_bytes(data)

    code, _, stderr = build(root)

    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert errors(stderr)[0] == (
        f"Error: transcripts/001-a.vtt:{line}: encoding: got byte {byte},"
        f" expected UTF-8 text {HINT}"
    )
    assert snapshot(root / "site") == site


def test_a_utf8_transcript_with_bom_and_crlf_builds(make_show: ShowMaker) -> None:
    data = b"\xef\xbb\xbf" + CUES.replace("\n", "\r\n").encode("utf-8")
    root = show(make_show, data)

    code, _, stderr = build(root)

    assert code == 0, stderr
    page = (root / "site" / "episodes").rglob("index.html")
    assert any("Welkom in het café." in p.read_text("utf-8") for p in page)
