"""Two local files that would be published under one name (``a/x.opus`` and ``b/x.opus``
both as ``audio/x.opus``; ``afl.wav`` and ``afl.mp3`` both as ``audio/afl.mp3`` once
encoded; ``static/x/art.png`` and ``static/y/art.png`` both as ``media/art.png``): one
would stand in for the other. The build refuses it, naming both files, and writes
nothing. A name with characters a web address gives a meaning to is published changed."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline.cli import main
from pipeline.errors import ContentError
from pipeline.load import load_content
from pipeline.render.published import check_published_names
from tests.audiogen import mp3_frames
from tests.conftest import SAMPLE_NOW, ShowMaker
from tests.conftest import episode as episode_file
from tests.security.support import build

OPUS = "audio/001-waarom-kleine-winkels-toch-winnen.opus"
FIRST = "episodes/001-waarom-kleine-winkels-toch-winnen.yaml"
SECOND = "episodes/002-de-etalage-als-stille-verkoper.yaml"


def test_two_episodes_one_audio_name_is_refused(sample_copy: Path) -> None:
    for folder, episode in (("a", FIRST), ("b", SECOND)):
        (sample_copy / "audio" / folder).mkdir()
        shutil.copy(sample_copy / OPUS, sample_copy / "audio" / folder / "x.opus")
        path = sample_copy / episode
        text = re.sub(r"(?m)^audio: .*$", f"audio: audio/{folder}/x.opus", path.read_text())
        path.write_text(text)
    out = sample_copy / "site"
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(sample_copy), "--out", str(out), "--offline",
         "--now", SAMPLE_NOW.isoformat()],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("Error: ")] == [
        f"Error: {SECOND}:7: audio: got 'audio/b/x.opus', expected audio published under a"
        f" name of its own ({FIRST}'s 'audio/a/x.opus' is published as audio/x.opus too;"
        " rename one)",
        "Error: 1 problem found; nothing was written.",
    ]  # once: two files under one name, not also one audio file for two episodes
    assert not out.exists()


def test_a_local_file_named_with_url_characters(make_show: ShowMaker) -> None:
    """A local file is published under its own name, which is its web address as written:
    "afl #1.mp3" went out as the enclosure .../audio/afl%20#1.mp3, whose "#" ends the path
    (apps asked for .../audio/afl%20); "?" and "%" did the same. Its copy has "-" there."""
    audio = 'audio: "audio/afl #1?.mp3"\nimage: static/hoes 100%.png\n'
    text = episode_file(1).replace("audio: https://media.show.example/1.mp3\n", audio)
    files: dict[str, str | bytes] = {
        "audio/afl #1?.mp3": mp3_frames(),
        "static/hoes 100%.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
    }
    root = make_show(episodes={"001-a": text}, files=files)
    code, _, stderr = build(root)
    assert code == 0, stderr
    site = root / "site"
    assert (site / "audio" / "afl -1-.mp3").read_bytes() == mp3_frames()
    assert (site / "media" / "hoes 100-.png").is_file()
    feed = (site / "feed.xml").read_text()
    assert 'url="https://show.example/audio/afl%20-1-.mp3"' in feed
    assert 'href="https://show.example/media/hoes%20100-.png"' in feed


def _png(colour: str) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(data, "PNG")
    return data.getvalue()


def test_two_images_one_name_is_refused(make_show: ShowMaker) -> None:
    """Artwork and chapter art were published by name without this check: the second
    episode's chapter showed the first one's cover, and the build said nothing."""
    first = episode_file(1, image="static/x/art.png")
    chapters = "chapters:\n  - start: 0\n    title: Begin\n    img: static/y/art.png\n"
    second = episode_file(2, image="static/x/art.png") + chapters  # the same file: fine
    root = make_show(
        episodes={"001-a": first, "002-b": second},
        files={"static/x/art.png": _png("red"), "static/y/art.png": _png("blue")},
    )
    code, _, stderr = build(root)
    assert code == 1
    assert stderr.splitlines()[-2:] == [
        "Error: episodes/002-b.yaml:9: chapters: got 'static/y/art.png', expected an image"
        " published under a name of its own (episodes/001-a.yaml's 'static/x/art.png' is"
        " published as media/art.png too; rename one)",
        "Error: 1 problem found; nothing was written.",
    ]
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [
        ("https://media.show.example/1.mp3",) * 3,
        ('"audio/afl.mp3"', '"audio/afl.mp3"', "audio/afl.mp3"),
        ('"audio/afl.mp3"', '"./audio/afl.mp3"', "./audio/afl.mp3"),  # one file, spelt two ways
    ],
)
def test_two_episodes_with_one_audio_file_are_refused(
    make_show: ShowMaker, first: str, second: str, shown: str
) -> None:
    """``pipeline check`` said so, and the build published both: apps take an enclosure for
    the episode it belongs to, and played or downloaded one file for the two. The problem
    shows the audio as written."""
    one, two = (
        episode_file(n).replace(f"https://media.show.example/{n}.mp3", audio)
        for n, audio in ((1, first), (2, second))
    )
    root = make_show(episodes={"001-a": one, "002-b": two}, files={"audio/afl.mp3": mp3_frames()})
    code, _, stderr = build(root)
    assert code == 1
    assert stderr.splitlines()[-2:] == [
        f"Error: episodes/002-b.yaml:5: audio: got '{shown}', expected an audio file no other"
        " episode has (episodes/001-a.yaml has it too)",
        "Error: 1 problem found; nothing was written.",
    ]
    assert not (root / "site").exists()


def test_an_episode_not_due_yet_is_checked_now(make_show: ShowMaker) -> None:
    """A scheduled episode with another one's audio broke the build on the night it came
    due, in a scheduled run with nobody watching; now the build that schedules it says so."""
    later = episode_file(9).replace("2026-03-09", "2026-09-09")
    later = later.replace("media.show.example/9.mp3", "media.show.example/1.mp3")
    root = make_show(episodes={"001-a": episode_file(1), "009-later": later})
    code, _, stderr = build(root)
    assert code == 1
    assert "Error: episodes/009-later.yaml:5: audio: got 'https://media.show.example/1.mp3'" in (
        stderr
    )


def test_one_soundcloud_track_for_two_episodes_names_the_links(make_show: ShowMaker) -> None:
    """Without ``audio:``, the enclosure is SoundCloud's stream of the linked track (filled
    in by enrichment): the problem names the ``soundcloud:`` line the user wrote."""
    link = "soundcloud: https://soundcloud.com/winkel/afl-1\n"
    first, second = (
        episode_file(n).replace(f"audio: https://media.show.example/{n}.mp3\n", link)
        for n in (1, 2)
    )
    content = load_content(make_show(episodes={"001-a": first, "002-b": second}))
    stream = "https://feeds.soundcloud.com/stream/1-winkel-afl-1.mp3"
    enriched = tuple(dataclasses.replace(e, audio=stream) for e in content.episodes)
    with pytest.raises(ContentError) as raised:
        check_published_names(dataclasses.replace(content, episodes=enriched))
    assert [str(p) for p in raised.value.problems] == [
        "episodes/002-b.yaml:5: soundcloud: got 'https://soundcloud.com/winkel/afl-1',"
        " expected a SoundCloud track no other episode has (episodes/001-a.yaml has it too)"
    ]
