"""QA: settings out of their range are `Error:` lines at load, for every command (before,
`bitrate_stereo = "lots"` surfaced as an ffmpeg message blaming the audio file, and a
negative `top`, a `nan` threshold or a +5 dBTP ceiling were used as given)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.load.test_content import NOW, build_errors

SETTINGS = """
[related]
top = -1
threshold = nan
recency_days = 0

[audio]
bitrate_stereo = "lots"
target_lufs_stereo = 100.0
true_peak_ceiling = 5.0
"""


def test_settings_out_of_range(make_show: ShowMaker) -> None:
    root = make_show(config=BASIC_CONFIG + SETTINGS, episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        "Error: podcast.toml:16: related.top: got -1, expected a number from 0 to 100",
        "Error: podcast.toml:17: related.threshold: got nan, expected a number from 0 to 1",
        "Error: podcast.toml:18: related.recency_days: got 0, expected a number from 1 to 100000",
        "Error: podcast.toml:21: audio.bitrate_stereo: got 'lots', expected one of 32k, 40k, "
        "48k, 56k, 64k, 80k, 96k, 112k, 128k, 160k, 192k, 224k, 256k, 320k",
        "Error: podcast.toml:22: audio.target_lufs_stereo: got 100.0, expected a number from "
        "-40 to -5",
        "Error: podcast.toml:23: audio.true_peak_ceiling: got 5.0, expected a number from -20 to 0",
        "Error: 6 problems found; nothing was written.",
    ]
    audio = CliRunner().invoke(main, ["audio", "--root", str(root)])
    assert audio.exit_code == 1
    assert "Error: podcast.toml:21: audio.bitrate_stereo: got 'lots'" in audio.stderr


def test_config_with_byte_order_mark_is_read(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    config = root / "podcast.toml"
    config.write_bytes(b"\xef\xbb\xbf" + config.read_bytes())  # as Notepad saves it
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exit_code == 0, result.output


def test_config_in_another_encoding(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG.replace('author = "Test Host"', 'author = "Test Host"\ncopyright = "©"')
    root = make_show(config=config)
    (root / "podcast.toml").write_bytes(config.encode("latin-1"))
    assert build_errors(root) == [
        "Error: podcast.toml:4: encoding: got byte 0xa9, expected UTF-8 text",
        "Error: 1 problem found; nothing was written.",
    ]


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("{a = ", "}")])
def test_config_nested_too_deeply(make_show: ShowMaker, opening: str, closing: str) -> None:
    """tomllib parses nesting by recursion: 3,000 levels of arrays or inline tables in one
    value were a RecursionError traceback (from reading the time zone, before the load)."""
    value = opening * 3000 + "1" + closing * 3000
    root = make_show(config=BASIC_CONFIG + f"\n[extra]\nvalue = {value}\n")
    line = BASIC_CONFIG.count("\n") + 3
    assert build_errors(root) == [
        f"Error: podcast.toml:{line}: syntax: got Arrays or inline tables nested too deeply,"
        " expected valid TOML",
        "Error: 1 problem found; nothing was written.",
    ]


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_config_that_is_not_a_file(tmp_path: Path, kind: str) -> None:
    """A FIFO named podcast.toml must not block the build (it waited for a writer for ever)."""
    (tmp_path / "episodes").mkdir()
    (tmp_path / "posts").mkdir()
    config = tmp_path / "podcast.toml"
    os.mkfifo(config) if kind == "fifo" else config.mkdir()
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "-q"])
    assert result.exit_code == 1
    got = "a special file" if kind == "fifo" else "a folder"
    assert f"podcast.toml: file: got {got}, expected a text file" in result.output


def test_a_misspelt_key_names_the_key_meant(make_show: ShowMaker) -> None:
    """Before: `explict = false` listed all forty settings and left the reader to spot the
    one meant; now the message names it, and lists them only when nothing is close."""
    config = (
        BASIC_CONFIG.replace("explicit = false", "explict = false")
        .replace('author = "Test Host"', 'author = "Test Host"\nkleur = "blauw"')
        .replace("[owner]", "[audio]\ntarget_lufs_sterro = -16.0\n\n[owner]")
    )
    root = make_show(config=config, episodes={"001-a": episode(1, sumary='"Kort."')})
    sumary, kleur, explict, audio, total = build_errors(root)
    assert sumary == (
        "Error: episodes/001-a.yaml:8: sumary: got 'sumary', expected a known field (did you"
        " mean summary?)"
    )
    assert kleur.startswith(
        "Error: podcast.toml:4: kleur: got 'kleur', expected a known setting (analytics, "
        "artwork, audio, author,"
    )
    assert explict == (
        "Error: podcast.toml:9: explict: got 'explict', expected a known setting (did you mean"
        " explicit?)"
    )
    assert audio.startswith(
        "Error: podcast.toml:13: audio.target_lufs_sterro: got 'target_lufs_sterro', expected "
        "one of alternates, bitrate_mono,"
    )
    assert audio.endswith(" (did you mean target_lufs_stereo?)")
    assert total == "Error: 4 problems found; nothing was written."


def test_an_owner_that_is_not_text_is_refused(make_show: ShowMaker) -> None:
    """`name = ["Fenna", "Joost"]` and `email = ["..."]` built, and itunes:owner read
    ['Fenna', 'Joost'] and ['podcast@toonbank.example'] (the list's Python text, which the
    e-mail pattern let through); a name of spaces was a blank owner."""
    config = BASIC_CONFIG.replace(
        'name = "Test Host"\nemail = "host@show.example"',
        'name = ["Fenna", "Joost"]\nemail = ["podcast@toonbank.example"]',
    )
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        "Error: podcast.toml:12: owner.name: got ['Fenna', 'Joost'], expected the owner's name "
        "(Apple requires it)",
        "Error: podcast.toml:13: owner.email: got ['podcast@toonbank.example'], expected an "
        "e-mail address (Apple requires it)",
        "Error: 2 problems found; nothing was written.",
    ]
    (root / "podcast.toml").write_text(
        config.replace('["Fenna", "Joost"]', '"  "').replace('["podcast@toonbank.example"]', "5")
    )
    assert build_errors(root) == [
        "Error: podcast.toml:12: owner.name: got '  ', expected the owner's name (Apple "
        "requires it)",
        "Error: podcast.toml:13: owner.email: got 5, expected an e-mail address (Apple "
        "requires it)",
        "Error: 2 problems found; nothing was written.",
    ]


def test_a_description_nested_too_deeply_is_refused(make_show: ShowMaker) -> None:
    """The description is HTML the sanitiser cleans, in time quadratic in its nesting: 70,000
    nested <blockquote> (800 kB) built for 21 s, a megabyte of <div> for minutes. It is held
    to a post's limit, with its line, before the sanitiser sees it."""
    deep = "<div>" * 5000 + "Een show." + "</div>" * 5000
    config = BASIC_CONFIG.replace('"Een show om mee te testen."', f'"{deep}"')
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        "Error: podcast.toml:2: description: got quotes, lists or HTML elements nested 5000 deep,"
        " expected at most 100 levels of quotes, lists and HTML elements",
        "Error: 1 problem found; nothing was written.",
    ]
    (root / "podcast.toml").write_text(
        config.replace(deep, "<div>" * 3 + "Een show." + "</div>" * 3)
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 0, result.output
