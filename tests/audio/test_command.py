"""`pipeline audio`: levelled, tagged MP3s that read back right, a cache that skips unchanged
work, and a feed that describes the produced file. Audio is generated per test."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from click.testing import CliRunner
from lxml import etree
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode
from scipy import signal

from pipeline.cli import main
from tests.audiogen import decode, lavfi, speech
from tests.conftest import BASIC_CONFIG, REPO, ShowMaker

pytestmark = pytest.mark.slow  # ffmpeg and espeak-ng on generated audio

NOW = ["--now", "2026-06-01T12:00+02:00"]

QUIET_SPEECH = """\
title: "Afl. 1: Zacht gesproken"
number: 1
season: 2
date: 2026-03-01 07:00
guid: urn:uuid:00000000-0000-4000-8000-000000000001
audio: audio/zacht.wav
summary: "Een aflevering die veel te zacht is opgenomen."
chapters:
  - start: "0:00"
    title: "Opening"
  - start: "0:04"
    title: "Tweede deel"
"""

LOUD_MONO = """\
title: "Afl. 2: Veel te hard"
number: 2
date: 2026-03-02 07:00
guid: urn:uuid:00000000-0000-4000-8000-000000000002
audio: audio/hard.flac
summary: "Een toon met ruis, tegen de nul dBFS aan."
"""


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audio", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def true_peak_db(x: np.ndarray) -> float:
    return float(20 * np.log10(np.abs(signal.resample_poly(x, 4, 1, axis=0)).max()))


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clips")
    return {
        # Speech about 30 dB too quiet (stereo).
        "zacht.wav": speech(
            folder / "zacht.wav",
            "Goedemiddag en welkom bij de winkel. Vandaag praten we over de etalage, "
            "over klanten die binnenlopen en over de kassa.",
            volume_db=-28,
            seconds=9,
        ),
        # A tone with noise, peaking near 0 dBFS and far too loud (mono): needs the limiter.
        "hard.flac": lavfi(
            folder / "hard.flac",
            "sine=f=220:d=8",
            channels=1,
            af="volume=17dB,aeval=0.9*val(0)+0.05*(random(0)-0.5)",
        ),
    }


@pytest.fixture
def show(make_show: ShowMaker, clips: dict[str, Path]) -> Path:
    art = REPO / "static" / "artwork.png"
    files: dict[str, str | bytes] = {f"audio/{n}": p.read_bytes() for n, p in clips.items()}
    files["static/artwork.png"] = art.read_bytes()
    config = BASIC_CONFIG.replace(
        'artwork = "https://show.example/art.jpg"', 'artwork = "static/artwork.png"'
    )
    return make_show(
        episodes={"001-zacht": QUIET_SPEECH, "002-hard": LOUD_MONO}, config=config, files=files
    )


def produced(root: Path) -> dict[str, Path]:
    return {p.name: p for p in (root / ".cache" / "audio").glob("*.mp3")}


@pytest.mark.slow  # ffmpeg encodes and measures real audio
def test_levels_tags_caches_and_feeds(show: Path, clips: dict[str, Path]) -> None:
    code, out, err = run(show, "--jobs", "2")
    assert code == 0, err
    assert "001-zacht: .cache/audio/" in out and "002-hard: .cache/audio/" in out
    files = produced(show)
    assert len(files) == 2
    by_title = {str(ID3(p)["TIT2"]): p for p in files.values()}
    quiet, loud = by_title["Afl. 1: Zacht gesproken"], by_title["Afl. 2: Veel te hard"]

    # Loudness within 0.5 LU of the target, true peak under -1 dBTP, measured independently.
    for path, channels, target, kbps in ((quiet, 2, -16.0, 128000), (loud, 1, -19.0, 64000)):
        audio = decode(path, channels)
        lufs = pyloudnorm.Meter(44100).integrated_loudness(audio)
        assert abs(lufs - target) <= 0.5, (path, lufs)
        assert true_peak_db(audio) <= -1.0
        info = MP3(path).info
        assert info.bitrate_mode == BitrateMode.CBR and info.channels == channels
        assert abs(info.bitrate - kbps) < 1000
    # Duration read back within 50 ms of the input's.
    assert abs(MP3(quiet).info.length - len(decode(clips["zacht.wav"], 1)) / 44100) <= 0.05
    assert abs(MP3(loud).info.length - len(decode(clips["hard.flac"], 1)) / 44100) <= 0.05

    tags = ID3(quiet)
    assert str(tags["TALB"]) == "Testshow" and str(tags["TPE1"]) == "Test Host"
    assert str(tags["TRCK"]) == "1" and str(tags["TPOS"]) == "2"
    assert str(tags["TDRC"]).startswith("2026-03-01")
    assert str(tags["TCON"]) == "Podcast"
    assert tags.getall("COMM")[0].text == ["Een aflevering die veel te zacht is opgenomen."]
    apic = tags.getall("APIC")[0]
    assert apic.mime == "image/png" and apic.data.startswith(b"\x89PNG")
    toc = tags.getall("CTOC")[0]
    chapters = {c.element_id: c for c in tags.getall("CHAP")}
    assert toc.child_element_ids == ["chp0", "chp1"]
    assert [(c.start_time, str(c.sub_frames["TIT2"])) for c in chapters.values()] == [
        (0, "Opening"),
        (4000, "Tweede deel"),
    ]
    assert chapters["chp0"].end_time == 4000
    assert abs(chapters["chp1"].end_time - 9000) <= 50

    # The feed describes the produced file, and the site serves it.
    site = show / "site"
    result = CliRunner().invoke(main, ["build", "--root", str(show), "-q", *NOW])
    assert result.exit_code == 0, result.stderr
    feed = etree.parse(str(site / "feed.xml"))
    item = feed.xpath("//item[title='Afl. 1: Zacht gesproken']")[0]
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == "https://show.example/audio/zacht.mp3"
    assert enclosure.get("type") == "audio/mpeg"
    assert int(enclosure.get("length")) == quiet.stat().st_size
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    assert item.xpath("string(itunes:duration)", namespaces=ns) in ("9", "0:09", "00:00:09")
    assert (site / "audio" / "zacht.mp3").read_bytes() == quiet.read_bytes()
    assert (site / "audio" / "hard.mp3").read_bytes() == loud.read_bytes()

    # Unchanged input and settings: nothing is redone.
    stamps = {p: p.stat().st_mtime_ns for p in files.values()}
    code, out, _ = run(show)
    assert code == 0
    assert "Nothing to do: every episode's audio is up to date." in out
    assert {p: p.stat().st_mtime_ns for p in produced(show).values()} == stamps

    # A new title re-tags the produced file without re-encoding it.
    episode = show / "episodes" / "001-zacht.yaml"
    episode.write_text(episode.read_text().replace("Zacht gesproken", "Fluisteren"), "utf-8")
    code, out, _ = run(show, "1")
    assert code == 0
    assert "001-zacht: tags updated in .cache/audio/" in out
    assert str(ID3(quiet)["TIT2"]) == "Afl. 1: Fluisteren"
    assert (decode(quiet, 2) == decode(quiet, 2)).all()  # still a readable MP3

    # Other settings: a new file.
    toml = show / "podcast.toml"
    toml.write_text(toml.read_text() + '\n[audio]\nbitrate_stereo = "96k"\n', "utf-8")
    code, out, _ = run(show, "001-zacht")
    assert code == 0 and "001-zacht: .cache/audio/" in out
    newest = set(produced(show)) - set(files)
    assert len(newest) == 1
    assert abs(MP3(produced(show)[newest.pop()]).info.bitrate - 96000) < 1000


@pytest.mark.slow  # ffmpeg encodes and measures real audio
def test_report_measures_and_writes_nothing(show: Path) -> None:
    before = sorted(p.relative_to(show) for p in show.rglob("*"))
    code, out, err = run(show, "--report")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == [
        "episode", "duration", "LUFS", "before", "LUFS", "after", "true", "peak", "bitrate", "size"
    ]  # fmt: skip
    row = next(line for line in lines if line.startswith("002-hard")).split()
    assert row[1:3] == ["8.0", "s"]
    assert float(row[3]) > -10  # far too loud before
    assert abs(float(row[4].lstrip("~")) + 19) <= 0.5
    assert float(row[5].lstrip("~")) <= -1.0
    assert row[7] == "64k"
    assert "~ predicted" in lines[-1]
    assert sorted(p.relative_to(show) for p in show.rglob("*")) == before


@pytest.mark.slow  # ffmpeg encodes and measures real audio
def test_suggests_chapters_from_silences_and_headings(make_show: ShowMaker) -> None:
    post = """\
    ---
    title: "Drie delen"
    date: 2026-03-01
    episode: 1
    ---
    Inleiding.

    ## Welkom
    Tekst.

    ## De etalage
    Tekst.

    ## De kassa
    Tekst.
    """
    root = make_show(
        episodes={
            "001-delen": LOUD_MONO.replace("hard.flac", "delen.wav")
            .replace("2", "1")
            .replace("1016-", "2026-")  # the date stays in this millennium
        },
        posts={"2026-03-01-drie-delen": post},
    )
    tone = "sine=f=330:d=4"
    lavfi(
        root / "audio" / "delen.wav",
        f"{tone}[a];{tone}[b];{tone}[c];anullsrc=d=2[s1];anullsrc=d=2[s2];"
        "[a][s1][b][s2][c]concat=n=5:v=0:a=1",
        channels=1,
    )
    code, out, err = run(root, "--suggest-chapters")
    assert code == 0, err
    assert "headings matched to silences" in out
    assert '- start: "0:00"\n    title: "Welkom"' in out
    assert '- start: "0:05"\n    title: "De etalage"' in out
    assert '- start: "0:11"\n    title: "De kassa"' in out
    assert not (root / ".cache").exists()
