"""`pipeline new` writes an episode file with everything derivable filled in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import Problems
from pipeline.load import load_episode
from pipeline.text.dates import zone
from tests.conftest import BASIC_CONFIG, ShowMaker, episode


def test_new_episode_next_number_and_soundcloud_guid(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1), "002-b": episode(2)})
    result = CliRunner().invoke(
        main,
        [
            "new",
            "Afl. 3: Koffie & kassa",
            "--root",
            str(root),
            "--soundcloud",
            "https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/987",
            "--post",
            "2026-03-03-koffie",
            "--date",
            "2026-03-03 07:00",
        ],
    )
    assert result.exit_code == 0, result.output
    path = root / "episodes" / "003-afl-3-koffie-kassa.yaml"
    assert f"Created {path}:" in result.output
    problems = Problems()
    ep = load_episode(path, root, zone("Europe/Amsterdam"), problems)
    assert not problems, problems.items
    assert ep is not None
    assert ep.number == 3
    assert ep.title == "Afl. 3: Koffie & kassa"
    assert ep.feed_guid == "tag:soundcloud,2010:tracks/987"
    assert ep.post == "2026-03-03-koffie"
    assert ep.date.isoformat() == "2026-03-03T07:00:00+01:00"


def test_new_episode_without_track_gets_a_uuid_and_never_overwrites(make_show: ShowMaker) -> None:
    root = make_show()
    runner = CliRunner()
    first = runner.invoke(main, ["new", "Eerste", "--root", str(root), "--date", "2026-01-05"])
    assert first.exit_code == 0, first.output
    path = root / "episodes" / "001-eerste.yaml"
    text = path.read_text()
    assert "guid: urn:uuid:" in text
    again = runner.invoke(main, ["new", "Eerste", "--root", str(root), "--number", "1"])
    assert again.exit_code == 1
    assert again.stderr.startswith(f"Error: {path} already exists")
    assert path.read_text() == text


def test_help_texts(tmp_path: Path) -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        first_line = (command.help or "").split("\n")[0]
        assert first_line, f"{name} has no help text"
        assert " ".join(first_line.split()) in " ".join(result.output.split())


# ---------------------------------------------------------------------------------------
# QA: `pipeline new` never writes a file that `pipeline build` would reject; it names the
# option to fix instead (before, `new ""`, `--number -1`, a taken number, an HTML title or a
# missing audio file all produced a file the next build stopped at).


DONE = "Error: 1 problem found; nothing was written."


def new(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", *args, "--root", str(root), "--date", "2026-05-01"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["  "], ["Error: pipeline new: TITLE: got '  ', expected a non-empty text", DONE]),
        (
            ["Afl. <b>2</b>"],
            [
                "Error: pipeline new: TITLE: got 'Afl. <b>2</b>', expected plain text without "
                "HTML tags",
                DONE,
            ],
        ),
        (
            ["Afl. 2", "--number", "-1"],
            [
                "Error: pipeline new: --number: got -1, expected a whole number of at least 0",
                DONE,
            ],
        ),
        (
            ["Afl. 2", "--number", "1"],
            [
                "Error: pipeline new: --number: got 1, expected a number no other episode of the "
                "season has (also used by episodes/001-a.yaml)",
                DONE,
            ],
        ),
        (
            ["Afl. 2", "--season", "0"],
            [
                "Error: pipeline new: --season: got 0, expected a whole number of at least 1 "
                "(Apple's itunes:season counts from 1)",
                DONE,
            ],
        ),
        (
            ["Afl. 2", "--audio", "audio/afl-2.mp3"],
            [
                "Error: pipeline new: --audio: got 'audio/afl-2.mp3', expected an audio URL or an "
                "existing file in the show folder",
                DONE,
            ],
        ),
    ],
    ids=["blank-title", "html-title", "negative-number", "taken-number", "season-0", "no-audio"],
)
def test_new_refuses_what_build_would_reject(
    make_show: ShowMaker, args: list[str], expected: list[str]
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    code, stderr = new(root, *args)
    assert code == 1
    assert stderr.splitlines() == expected
    assert sorted(p.name for p in (root / "episodes").iterdir()) == ["001-a.yaml"]


def test_date_errors_name_the_date_option(make_show: ShowMaker) -> None:
    root = make_show()
    result = CliRunner().invoke(main, ["new", "Afl. 1", "--root", str(root), "--date", "morgen"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: --date: got 'morgen', expected a date and time like 2026-05-01T09:00+02:00"
    ]


def test_new_file_builds_and_missing_parts_are_announced(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    code, stderr = new(root, "Afl. 2: 🎙️ مرحبا & émoji", "--post", "nog-te-schrijven")
    assert code == 0
    assert stderr.splitlines() == [
        "Notice: posts/ has no post 'nog-te-schrijven' yet; write it before the episode's date, "
        "or `pipeline build` will stop at it.",
        "Notice: no --audio or --soundcloud yet; add audio: or soundcloud: to the file before "
        "its date, or `pipeline build` will stop at it.",
    ]
    # Not due yet: the build is fine, and lists it as scheduled.
    build = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-04-01T12:00+02:00"]
    )
    assert build.exit_code == 0, build.output
    assert "Scheduled: 002-afl-2-emoji" in build.stderr


def test_episodes_folder_that_is_a_file(make_show: ShowMaker) -> None:
    root = make_show()
    (root / "episodes").rmdir()
    (root / "episodes").write_text("oeps")
    code, stderr = new(root, "Afl. 1", "--audio", "https://media.show.example/1.mp3")
    assert code == 1
    assert stderr.splitlines() == [
        f"Error: cannot create the folder {root / 'episodes'}: a file where a folder belongs"
    ]
    assert (root / "episodes").read_text() == "oeps"


# A --post no post can ever have, or an --audio outside the show, or a --soundcloud that is
# no SoundCloud track: the build would refuse the file (load/posts.py bad_post_name,
# load/fields.py local_file, load/episodes.py), so `new` refuses it, writing nothing. A
# --post was written before with only a "Notice:" (the build refused it once due).
POST_EXPECTED = (
    "expected the file name or slug of a post directly in posts/, e.g. 2026-03-04-my-post"
    " (no /, \\, ?, #, % or control characters, not only dots)"
)


@pytest.mark.parametrize(
    ("args", "first"),
    [
        *(
            (["--post", name], f"Error: pipeline new: --post: got {name!r}, {POST_EXPECTED}")
            for name in ["../../x", "/tmp/x", "2024/x", "..", ".", "", "x%y", "a\\b"]
        ),
        (
            ["--post", "a\x00b"],
            "Error: pipeline new: --post: got 'a\\x00b', expected text without control "
            "characters (tab and newline aside)",
        ),
        *(
            (
                ["--audio", path],
                f"Error: pipeline new: --audio: got {path!r}, expected a file inside the show "
                "folder",
            )
            for path in ["../../etc/passwd", "/etc/passwd"]
        ),
        (
            ["--soundcloud", "https://example.com/afl-2"],
            "Error: pipeline new: --soundcloud: got 'https://example.com/afl-2', expected a "
            "SoundCloud track link (not a track)",
        ),
    ],
)
def test_new_refuses_names_and_paths_the_build_refuses(
    make_show: ShowMaker, args: list[str], first: str
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    code, stderr = new(root, "Afl. 2", *args)
    assert code == 1
    assert stderr.splitlines() == [first, DONE]
    assert sorted(p.name for p in (root / "episodes").iterdir()) == ["001-a.yaml"]
    # The show still builds: nothing half-written was left behind.
    build = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-04-01T12:00+02:00"]
    )
    assert build.exit_code == 0, build.output


@pytest.mark.parametrize(
    ("language", "name"), [("nl", "002-aflevering.yaml"), ("en-US", "002-episode.yaml")]
)
def test_a_title_without_letters_for_a_file_name_gets_the_show_s_word(
    make_show: ShowMaker, language: str, name: str
) -> None:
    """An emoji or Hebrew title slugs to nothing: the file is named in the show's language
    (an English show's got Dutch 'aflevering')."""
    config = BASIC_CONFIG.replace('language = "nl"', f'language = "{language}"')
    root = make_show(config=config, episodes={"001-a": episode(1)})
    title = "\U0001f399\ufe0f \u05e9\u05dc\u05d5\u05dd"
    result = CliRunner().invoke(main, ["new", title, "--root", str(root), "--date", "2026-05-01"])
    assert result.exit_code == 0, result.stderr
    assert (root / "episodes" / name).is_file()


def test_a_file_that_does_not_load_leaves_the_next_number_to_the_user(
    make_show: ShowMaker,
) -> None:
    """An episode file that cannot be read may hold any number: `new` took the next after
    the others (002-nieuw.yaml beside a broken 002-kapot.yaml), a clash the build refused
    only once that file was mended. Its problem is named, with the way round it."""
    broken = 'title: "Afl. 2: kapot\nnumber: 2\n'
    root = make_show(episodes={"001-a": episode(1), "002-kapot": broken})
    audio = ("--audio", "https://media.show.example/nieuw.mp3")
    code, stderr = new(root, "Nieuw", *audio)
    assert code == 1
    assert stderr.splitlines() == [
        "Error: episodes/002-kapot.yaml:3: syntax: got a YAML error (found unexpected end of "
        "stream), expected valid YAML",
        "Error: pipeline new: --number: got nothing, expected a number given with --number: "
        "the next one is not known while episodes/002-kapot.yaml has the problem above and no "
        "number that loads",
        "Error: 2 problems found; nothing was written.",
    ]
    assert sorted(p.name for p in (root / "episodes").iterdir()) == ["001-a.yaml", "002-kapot.yaml"]
    assert new(root, "Nieuw", "--number", "3", *audio)[0] == 0  # the user knows it
    # A file that loads with a problem of its own still has its number: no guess there.
    (root / "episodes" / "002-kapot.yaml").write_text(episode(2) + "explicit: misschien\n")
    code, stderr = new(root, "Ander", *audio)
    assert code == 0, stderr
    assert (root / "episodes" / "004-ander.yaml").is_file()


def test_a_file_without_a_number_is_blamed_for_its_own_problem(make_show: ShowMaker) -> None:
    """A file with no number and a bad date loads, problem and all: the --number line said
    it "cannot be read", which sent the user looking for a permissions problem. It points
    to the loader's own line, which names the date."""
    unnumbered = "title: Extra\ndate: gisteren\naudio: https://media.show.example/x.mp3\n"
    root = make_show(episodes={"001-a": episode(1), "extra": unnumbered})
    code, stderr = new(root, "Nieuw", "--audio", "https://media.show.example/nieuw.mp3")
    assert code == 1
    assert stderr.splitlines() == [
        "Error: episodes/extra.yaml:2: date: got 'gisteren', expected a date like 2026-03-04 or "
        "2026-03-04 07:00 (+01:00 optional)",
        "Error: pipeline new: --number: got nothing, expected a number given with --number: "
        "the next one is not known while episodes/extra.yaml has the problem above and no "
        "number that loads",
        "Error: 2 problems found; nothing was written.",
    ]
    assert sorted(p.name for p in (root / "episodes").iterdir()) == ["001-a.yaml", "extra.yaml"]


@pytest.mark.parametrize("value", ["", "   "], ids=["empty", "spaces"])
def test_a_blank_soundcloud_link_is_a_usage_error(make_show: ShowMaker, value: str) -> None:
    """`--soundcloud "$UNSET"`: the build's rule read it back as "a SoundCloud track link
    (not a track)" of '' (the spaces stripped). It is no link at all, and said so."""
    root = make_show(episodes={"001-a": episode(1)})
    code, stderr = new(root, "Afl. 2", "--soundcloud", value)
    assert code == 2
    assert stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--soundcloud': got {value!r}, expected a SoundCloud track "
        "link such as https://soundcloud.com/USER/TRACK (or no --soundcloud at all)"
    )
    assert sorted(p.name for p in (root / "episodes").iterdir()) == ["001-a.yaml"]


def test_episode_0_is_written_and_builds_with_the_build_s_notice(make_show: ShowMaker) -> None:
    """A pilot numbered 0 ("Afl. 0") is the build's on purpose: podcast:episode 0, no
    itunes:episode, and a notice (eebb375 undid a refusal that stopped such shows), so
    `new --number 0` writes it; below 0 is refused above (negative-number)."""
    root = make_show(episodes={"001-a": episode(1)})
    audio = ("--audio", "https://media.show.example/0.mp3")
    code, stderr = new(root, "Afl. 0: Pilot", "--number", "0", *audio)
    assert code == 0, stderr
    path = root / "episodes" / "000-afl-0-pilot.yaml"
    with path.open("a") as file:  # offline, the build asks the file for the audio's size
        file.write("length: 1234567\n")
    build = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--offline", "--now", "2026-06-01T12:00+02:00"]
    )
    assert build.exit_code == 0, build.output
    assert (
        "Notice: episodes/000-afl-0-pilot.yaml: number 0 has no itunes:episode (Apple counts "
        "from 1); podcast:episode 0 is kept" in build.stderr
    )
