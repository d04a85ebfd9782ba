"""Bad input: every problem at once as `path:line: field: got X, expected Y`, exit 1, no
traceback, and the previous site left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode

NOW = ["--now", "2026-06-01T12:00+02:00"]


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            episode(1) + "explicit: maybe\n",
            "Error: episodes/001-a.yaml:8: explicit: got 'maybe', expected true or false",
        ),
        (
            episode(1).replace("date: 2026-03-01 07:00", "date: 2026-02-30 07:00"),
            "Error: episodes/001-a.yaml:3: date: got '2026-02-30 07:00', expected a date like "
            "2026-03-04 or 2026-03-04 07:00 (+01:00 optional)",
        ),
        (
            episode(1).replace('title: "Afl. 1: Onderwerp 1"\n', ""),
            "Error: episodes/001-a.yaml:1: title: got nothing, expected a non-empty text",
        ),
        (
            episode(1) + "post: bestaat-niet\n",
            "Error: episodes/001-a.yaml:8: post: got 'bestaat-niet', expected the file name or "
            "slug of a post in posts/",
        ),
        (
            'title: "Afl. 1: <script>alert(1)</script>"\nnumber: 1\n'
            + episode(1).split("\n", 2)[2],
            "Error: episodes/001-a.yaml:1: title: got 'Afl. 1: <script>alert(1)</script>', "
            "expected plain text without HTML tags",
        ),
        (
            "title: [unclosed\n",
            "Error: episodes/001-a.yaml:2: syntax: got a YAML error (did not find expected ',' "
            "or ']'), expected valid YAML",
        ),
        (
            episode(1) + "duration: lang\n",
            "Error: episodes/001-a.yaml:8: duration: got a second value, expected each field once",
        ),
        (
            # Inside a list item too: the second start won, and 0:00 was dropped unsaid.
            episode(1) + 'chapters:\n  - start: "0:00"\n    start: "0:30"\n    title: Intro\n',
            "Error: episodes/001-a.yaml:10: chapters.start: got a second value, expected each "
            "field once",
        ),
        (
            episode(1) + "guests:\n  - name: Jan\n    role: guest\n    name: Piet\n",
            "Error: episodes/001-a.yaml:11: guests.name: got a second value, expected each field "
            "once",
        ),
        (
            episode(1) + "colour: blue\n",
            "Error: episodes/001-a.yaml:8: colour: got 'colour', expected a known field "
            "(alternates, audio, block, chapters, date, duration, explicit, guests, guid, image, "
            "images, length, license, location, mime_type, number, post, season, "
            "social_interact, soundbites, soundcloud, summary, title, transcript, txt, type, "
            "value)",
        ),
    ],
    ids=[
        "explicit",
        "impossible-date",
        "missing-title",
        "dangling-post",
        "script-title",
        "malformed-yaml",
        "duplicate-key",
        "duplicate-key-in-a-chapter",
        "duplicate-key-in-a-guest",
        "unknown-field",
    ],
)
def test_one_bad_episode(make_show: ShowMaker, text: str, expected: str) -> None:
    root = make_show(episodes={"001-a": text})
    code, _, stderr = run(root)
    assert code == 1
    assert expected in errors(stderr)
    assert "Traceback" not in stderr
    assert not (root / "site").exists()


def test_every_problem_reported_at_once_and_site_untouched(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1), "002-b": episode(2)})
    code, _, _ = run(root)
    assert code == 0
    before = snapshot(root / "site")

    (root / "episodes" / "001-a.yaml").write_text(episode(1) + "explicit: maybe\n")
    (root / "episodes" / "002-b.yaml").write_text(episode(2).replace("number: 2", "number: 1"))
    (root / "posts" / "2026-01-01-kapot.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr) == [
        "Error: episodes/001-a.yaml:8: explicit: got 'maybe', expected true or false",
        "Error: episodes/002-b.yaml:2: number: got 1, expected a number no other "
        "episode of the season has (also used by episodes/001-a.yaml)",
        "Error: posts/2026-01-01-kapot.md:2: encoding: got byte 0xe9, expected UTF-8 text "
        "(`pipeline import posts` repairs such files)",
        "Error: 3 problems found; nothing was written.",
    ]
    assert snapshot(root / "site") == before


def test_duplicate_guid(make_show: ShowMaker) -> None:
    same = "guid: urn:uuid:00000000-0000-4000-8000-000000000001"
    root = make_show(
        episodes={
            "001-a": episode(1),
            "002-b": episode(2).replace(
                "guid: urn:uuid:00000000-0000-4000-8000-000000000002", same
            ),
        }
    )
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/002-b.yaml:4: guid: got 'urn:uuid:00000000-0000-4000-8000-000000000001',"
        " expected a GUID no other episode has (also used by episodes/001-a.yaml)"
    )


def test_bad_config_lists_every_problem(make_show: ShowMaker) -> None:
    root = make_show(config='title = ""\nlanguage = "Nederlands"\nexplicit = "nee"\n')
    code, _, stderr = run(root)
    assert code == 1
    lines = errors(stderr)
    assert "Error: podcast.toml:1: title: got '', expected a non-empty text" in lines
    assert (
        "Error: podcast.toml:2: language: got 'Nederlands', expected a language code such "
        "as nl, en or nl-BE (an ISO 639 language, optionally a script and an ISO 3166 region)"
    ) in lines
    assert "Error: podcast.toml:3: explicit: got 'nee', expected true or false" in lines
    assert "Error: podcast.toml: description: got nothing, expected a non-empty text" in lines


def test_missing_config(tmp_path: Path) -> None:
    code, _, stderr = run(tmp_path)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: podcast.toml: file: got nothing, expected a podcast.toml in the show folder "
        "(see README)"
    )


def test_post_without_front_matter(make_show: ShowMaker) -> None:
    root = make_show(posts={"2026-01-01-los": "Gewoon tekst.\n"})
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: posts/2026-01-01-los.md:1: front matter: got 'Gewoon tekst.\\n', expected a "
        "YAML block between --- lines with at least a title"
    )


def test_artwork_must_be_jpeg_or_png(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1, image="https://show.example/a.gif")},
        files={"art.webp": b"RIFF"},
    )
    config = (root / "podcast.toml").read_text()
    (root / "podcast.toml").write_text(
        config.replace('"https://show.example/art.jpg"', '"art.webp"')
    )
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr)[:2] == [
        "Error: episodes/001-a.yaml:8: image: got 'https://show.example/a.gif', expected a .jpg "
        "or .png image (Apple accepts no other formats)",
        "Error: podcast.toml:6: artwork: got 'art.webp', expected a .jpg or .png image (Apple "
        "accepts no other formats)",
    ]


def test_run_from_a_folder_inside_the_show(make_show: ShowMaker) -> None:
    """Before: from the show's posts/ folder every command said only that podcast.toml was
    missing, as if there were no show."""
    root = make_show(episodes={"001-a": episode(1)})
    code, _, stderr = run(root / "posts")
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: podcast.toml: file: got nothing, expected a podcast.toml in the show folder "
        f"(see README); this folder is inside the show {root}: run it there or --root {root}"
    )


def test_run_from_inside_a_show_whose_folder_has_a_space(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    """The --root to paste is quoted as a shell reads it."""
    root = make_show(episodes={"001-a": episode(1)})
    spaced = root.rename(tmp_path / "mijn show")
    code, _, stderr = run(spaced / "posts")
    assert code == 1
    assert errors(stderr)[0].endswith(f"run it there or --root '{spaced}'")
