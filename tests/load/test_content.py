"""QA: wrong types and values in nested fields are `Error:` lines with the right line, never
a traceback; front matter keys are reported on the line they are written on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.enrich.http import make_session
from pipeline.errors import FetchError
from pipeline.spec.apple import ARTWORK_EXPECTED
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NOW = ["--now", "2026-06-01T12:00+02:00"]
WEB = "expected a web address starting with https:// or http://"


def build_errors(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1, result.output
    assert not (root / "site").exists()
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "guests:\n  - name: Jan\n    role: [gast]\n    href: 5\n",
            [
                "Error: episodes/001-a.yaml:10: guests.role: got ['gast'], expected a role such "
                "as guest or host",
                f"Error: episodes/001-a.yaml:11: guests.href: got '5', {WEB}",
            ],
        ),
        (
            "guests:\n  - name: Jan\n    href: 'javascript:alert(1)'\n    img: {a: 1}\n"
            "    twitter: jan\n",
            [
                f"Error: episodes/001-a.yaml:10: guests.href: got 'javascript:alert(1)', {WEB}",
                f"Error: episodes/001-a.yaml:11: guests.img: got {{'a': 1}}, {WEB}",
                "Error: episodes/001-a.yaml:12: guests.twitter: got 'twitter', expected name, "
                "role, href or img",
            ],
        ),
        (
            "chapters:\n  - start: '0:00'\n    title: [a, b]\n  - start: '1:00'\n"
            "    title: null\n    url: 5\n",
            [
                "Error: episodes/001-a.yaml:10: chapters.title: got ['a', 'b'], expected a "
                "non-empty text",
                "Error: episodes/001-a.yaml:12: chapters.title: got nothing, expected a "
                "non-empty text",
                f"Error: episodes/001-a.yaml:13: chapters.url: got '5', {WEB}",
            ],
        ),
        (
            "soundbites:\n  - start: 1\n    duration: 2\n    title: {x: 1}\n",
            ["Error: episodes/001-a.yaml:11: soundbites.title: got {'x': 1}, expected a text"],
        ),
        (
            "chapters:\n  - start: .inf\n    title: Intro\n",
            [
                "Error: episodes/001-a.yaml:9: chapters.start: got inf, expected a time like "
                "12:30 or 1:02:03"
            ],
        ),
    ],
    ids=["guest-types", "guest-urls", "chapter-types", "soundbite-title", "chapter-inf"],
)
def test_nested_episode_fields(make_show: ShowMaker, extra: str, expected: list[str]) -> None:
    root = make_show(episodes={"001-a": episode(1) + extra})
    assert build_errors(root)[:-1] == expected


def test_infinite_duration(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1).replace('"10:00"', ".inf")})
    assert build_errors(root)[0] == (
        "Error: episodes/001-a.yaml:7: duration: got inf, expected seconds or a time like "
        "29:55 or 1:02:03"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: Hallo\ntags: {a: 1}\n---\nTekst.\n", 3),
        ("---\n\n\ntitle: Hallo\ntags: {a: 1}\n---\nTekst.\n", 5),
        ("---   \ntitle: Hallo\ndate: 2026-01-01\ntags: {a: 1}\n---\nTekst.\n", 4),
    ],
    ids=["plain", "blank-lines", "trailing-spaces"],
)
def test_front_matter_lines(make_show: ShowMaker, text: str, line: int) -> None:
    root = make_show(posts={"2026-01-01-hallo": text})
    assert build_errors(root)[0] == (
        f"Error: posts/2026-01-01-hallo.md:{line}: tags: got {{'a': 1}}, expected a list of tags"
    )


def test_hosts_and_funding_types(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG + (
        '\n[[hosts]]\nname = "A"\n\n[[hosts]]\nname = "B"\nhref = 5\nrole = ["x"]\n'
        '\n[[funding]]\nurl = "https://show.example/steun"\ntext = 3\nbedrag = 5\n'
    )
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        f"Error: podcast.toml:20: hosts[1].href: got 5, {WEB}",
        "Error: podcast.toml:21: hosts[1].role: got ['x'], expected a role such as host or guest",
        "Error: podcast.toml:25: funding[0].text: got 3, expected a text",
        "Error: podcast.toml:26: funding[0].bedrag: got 'bedrag', expected url or text",
        "Error: 4 problems found; nothing was written.",
    ]


def test_control_character_is_one_line_with_its_line(make_show: ShowMaker) -> None:
    root = make_show(posts={"2026-01-01-hallo": "---\ntitle: Hallo\nauthor: A\x00B\n---\nTekst.\n"})
    assert build_errors(root) == [
        "Error: posts/2026-01-01-hallo.md:3: syntax: got a YAML error (a control character, "
        "U+0000), expected valid YAML",
        "Error: 1 problem found; nothing was written.",
    ]


# ---------------------------------------------------------------------------------------
# QA: an episode or post name that is not a readable file, or a content folder that is a
# file, is an `Error:` line; before, such an episode silently dropped out of the feed.


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda p: p.mkdir(),
            "Error: episodes/002-b.yaml: file: got a folder, expected a text file",
        ),
        (
            lambda p: p.symlink_to("../elders/002-b.yaml"),
            "Error: episodes/002-b.yaml: file: got a link to nothing (../elders/002-b.yaml), "
            "expected a text file",
        ),
        (
            lambda p: os.mkfifo(p),
            "Error: episodes/002-b.yaml: file: got a special file, expected a text file",
        ),
    ],
    ids=["folder", "dangling-link", "fifo"],
)
def test_episode_that_is_not_a_file(make_show: ShowMaker, make: object, expected: str) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    make(root / "episodes" / "002-b.yaml")  # type: ignore[operator]
    assert build_errors(root) == [expected, "Error: 1 problem found; nothing was written."]


@pytest.mark.parametrize("folder", ["episodes", "posts"])
def test_content_folder_that_is_a_file(make_show: ShowMaker, folder: str) -> None:
    root = make_show()
    (root / folder).rmdir()
    (root / folder).write_text("oeps")
    assert build_errors(root)[0] == f"Error: {folder}: folder: got a file, expected a folder"


def test_other_files_in_content_folders_are_ignored(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    (root / "episodes" / "README.txt").write_text("notities")
    (root / "episodes" / ".001-a.yaml.swp").write_bytes(b"\xff")
    (root / "posts" / "plaatjes").mkdir()
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exit_code == 0, result.output


def test_episode_names_differing_only_in_extension(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    (root / "episodes" / "001-a.yml").write_text(episode(3))
    assert build_errors(root) == [
        "Error: episodes/001-a.yml: file name: got '001-a', expected a name no other episode "
        "has (.yaml or .yml) (also used by episodes/001-a.yaml)",
        "Error: 1 problem found; nothing was written.",
    ]


def test_cache_folder_that_is_a_file(make_show: ShowMaker) -> None:
    # No length: the build would measure the audio, so it opens the HTTP cache.
    root = make_show(episodes={"001-a": episode(1).replace("length: 1234567\n", "")})
    (root / ".cache").write_text("oeps")
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--offline", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: cannot create the HTTP cache folder {root / '.cache' / 'http'}: Not a directory"
    ]


# ---------------------------------------------------------------------------------------
# QA: an address requests cannot fetch (`http://a b/`, no host, a bad port, `[::1`) is an
# `Error:` line at load time, not a requests traceback in the middle of the build; the HTTP
# session reports any such address as our FetchError too.


BAD = ["http://a b/x.mp3", "https://", "http://[::1/x.mp3", "http://127.0.0.1:99999/x.mp3"]


@pytest.mark.parametrize("url", BAD)
def test_bad_audio_url(make_show: ShowMaker, url: str) -> None:
    text = episode(1).replace("audio: https://media.show.example/1.mp3", f'audio: "{url}"')
    root = make_show(episodes={"001-a": text.replace("length: 1234567\n", "")})
    assert build_errors(root) == [
        f"Error: episodes/001-a.yaml:5: audio: got {url!r}, expected an http(s) URL with a "
        "host, without spaces, or a file",
        "Error: 1 problem found; nothing was written.",
    ]


def test_bad_image_url_and_base_url(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG.replace(
        'base_url = "https://show.example/"', 'base_url = "https://show.example/a b/"'
    )
    root = make_show(config=config, episodes={"001-a": episode(1, image='"https:///x.jpg"')})
    assert build_errors(root) == [
        "Error: episodes/001-a.yaml:8: image: got 'https:///x.jpg', expected an http(s) URL "
        "with a host, without spaces, or a file",
        "Error: podcast.toml:5: base_url: got 'https://show.example/a b/', expected an "
        "absolute http(s) URL such as https://example.nl/podcast/",
        "Error: 2 problems found; nothing was written.",
    ]


@pytest.mark.parametrize("url", [*BAD, "feeds.soundcloud.com/users/1/sounds.rss"])
def test_session_reports_unusable_addresses(url: str) -> None:
    with pytest.raises(FetchError, match="not a web address we can fetch"):
        make_session(None).get(url)


def test_import_soundcloud_bad_url(make_show: ShowMaker) -> None:
    root = make_show()
    result = CliRunner().invoke(
        main, ["import", "soundcloud", "--root", str(root), "--dry-run", "mijn feed"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: pipeline import soundcloud: URL: got 'mijn feed', expected the web address of a"
        " podcast feed (http or https, without a user name or password), e.g."
        " https://feeds.soundcloud.com/users/soundcloud:users:ID/sounds.rss",
        "Error: 1 problem found; nothing was written.",
    ]


def test_bad_websub_hub(make_show: ShowMaker) -> None:
    root = make_show(config='websub_hub = "pubsubhubbub"\n' + BASIC_CONFIG)
    result = CliRunner().invoke(main, ["ping", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: podcast.toml:1: websub_hub: got 'pubsubhubbub', expected the hub's http(s) "
        "URL, e.g. https://pubsubhubbub.appspot.com/"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("number: 100000000000000000000000000000", "number: got 100000000000000000000000000000, "
         "expected a whole number of at most 2147483647"),
        ("season: 4294967296", "season: got 4294967296, expected a whole number of at most "
         "2147483647"),
        ("length: 100000000000000000000000", "length: got 100000000000000000000000, expected a "
         "whole number of at most 9007199254740992"),
        ("season: 0", "season: got 0, expected a whole number of at least 1 (Apple's "
         "itunes:season counts from 1)"),
    ],
)  # fmt: skip
def test_numbers_no_app_can_hold(make_show: ShowMaker, line: str, expected: str) -> None:
    """YAML reads any run of digits as a number; the feed would carry it as written."""
    key = line.split(":")[0]
    lines = [x for x in episode(1).splitlines() if not x.startswith(f"{key}:")] + [line]
    root = make_show(episodes={"001-a": "\n".join(lines) + "\n"})
    assert build_errors(root)[0] == f"Error: episodes/001-a.yaml:{len(lines)}: {expected}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1846903385", None),  # a Jekyll theme's shorthand: the track id alone
        ('"https://soundcloud.com/winkel/afl-1"', None),
        ("12.5", "got 12.5"),
        ('"https://example.com/afl-1"', "got 'https://example.com/afl-1'"),
        ("true", "got True"),
    ],
)
def test_a_post_s_soundcloud_field(make_show: ShowMaker, value: str, expected: str | None) -> None:
    """A value in which no SoundCloud link can be found was dropped without a word."""
    from pipeline.load import load_content

    text = f'---\ntitle: "Afl. 1"\ndate: 2026-03-01\nsoundcloud: {value}\n---\n\nTekst.\n'
    root = make_show(posts={"2026-03-01-afl-1": text})
    if expected is None:
        [post] = load_content(root).posts
        [link] = post.soundcloud
        assert link.track_id == 1846903385 or link.slug == "afl-1"
    else:
        assert build_errors(root)[0] == (
            f"Error: posts/2026-03-01-afl-1.md:4: soundcloud: {expected}, "
            "expected a SoundCloud track or player URL, or a track id"
        )


@pytest.mark.parametrize("empty", ["date:", "date: ~", "date: null"])
def test_an_empty_post_date_takes_the_file_name_s(make_show: ShowMaker, empty: str) -> None:
    """An empty ``date:`` is no date written: Jekyll takes the file name's, as a post with
    no ``date`` does. It was a post with no date at all, a TypeError traceback when the
    build compared it with --now."""
    from pipeline.load import load_content

    text = f'---\ntitle: "Zonder"\n{empty}\n---\n\nTekst.\n'
    root = make_show(posts={"2026-03-01-zonder": text, "zonder-datum": text})
    assert build_errors(root) == [
        "Error: posts/zonder-datum.md:3: date: got nothing, expected a date like 2026-03-04 or"
        " 2026-03-04 07:00 (+01:00 optional) (or a file name starting with the date)",
        "Error: 1 problem found; nothing was written.",
    ]
    (root / "posts/zonder-datum.md").unlink()
    [post] = load_content(root).posts
    assert post.date.date().isoformat() == "2026-03-01"


COMMENT = (
    "YAML ends an unquoted value at \" #\": '{comment}' after it is a comment; to keep it,"
    ' put the whole value in quotes: "{value} {comment}"'
)


CUT = COMMENT + ", or the comment on a line of its own"


def test_a_title_cut_at_a_comment_sign_is_a_problem(make_show: ShowMaker) -> None:
    """``title: Afl. #12 over prijzen`` is the title "Afl." to YAML: the rest was dropped
    without a word, in the feed and on the page."""
    cut = episode(1).replace('title: "Afl. 1: Onderwerp 1"', "title: Afl. #12 over prijzen")
    post = "---\ntitle: Prijzen\tverhogen #2\nauthor: Sanne # en Joost\ndate: 2026-03-01\n---\nT\n"
    root = make_show(episodes={"001-a": cut}, posts={"2026-03-01-prijzen": post})
    assert build_errors(root) == [
        "Error: episodes/001-a.yaml:1: title: got 'Afl.', expected the whole text ("
        + CUT.format(value="Afl.", comment="#12 over prijzen")
        + ")",
        "Error: posts/2026-03-01-prijzen.md:2: title: got 'Prijzen\\tverhogen', expected the"
        " whole text (" + CUT.format(value="Prijzen\tverhogen", comment="#2") + ")",
        "Error: posts/2026-03-01-prijzen.md:3: author: got 'Sanne', expected the whole text ("
        + CUT.format(value="Sanne", comment="# en Joost")
        + ")",
        "Error: 3 problems found; nothing was written.",
    ]


def test_a_file_name_cut_at_a_comment_sign_says_why(make_show: ShowMaker) -> None:
    cut = episode(1).replace("audio: https://media.show.example/1.mp3", "audio: audio/afl #1.mp3")
    root = make_show(episodes={"001-a": cut}, files={"audio/afl #1.mp3": b"ID3"})
    assert build_errors(root)[0] == (
        "Error: episodes/001-a.yaml:5: audio: got 'audio/afl', expected an audio URL or an"
        " existing file in the show folder ("
        + COMMENT.format(value="audio/afl", comment="#1.mp3")
        + ")"
    )


def test_comments_after_quoted_text_numbers_and_links_are_comments(make_show: ShowMaker) -> None:
    from pipeline.load import load_content

    text = (
        episode(1)
        .replace('title: "Afl. 1: Onderwerp 1"', 'title: "Afl. #1" # de eerste')
        .replace("number: 1", "number: 1  # telt")
        .replace("/1.mp3", "/1.mp3 # nieuwe host")
    )
    root = make_show(episodes={"001-a": text})
    [found] = load_content(root).episodes
    assert (found.title, found.number, found.audio) == (
        "Afl. #1",
        1,
        "https://media.show.example/1.mp3",
    )


def test_a_comment_is_named_only_where_it_is_the_problem(make_show: ShowMaker) -> None:
    """No hint to quote a value where quoting would not help (an impossible date, an
    unknown field), nor one taken from another line: YAML also ends lines at a lone CR and
    at U+2028, and the comment after the next line's value is that value's."""
    text = (
        episode(1).replace("date: 2026-03-01 07:00", "date: 2026-02-30 07:00 # verzet")
        + "samenvatting: Kort # later\n"
    )
    # the title is YAML's line 2: split at "\n" alone, line 2 is the tags' line, whose
    # comment starts where the title ends
    lone = "---\nauthor: X\rtitle: Afl 2\ntags: [a]    # c\ndate: 2026-03-02\n---\nT\n"
    line = lone.replace("\r", "\u2028")
    root = make_show(
        episodes={"001-a": text},
        posts={"2026-03-02-los": lone, "2026-03-03-lijn": line},
    )
    errors = build_errors(root)
    assert len(errors) == 3, errors  # the date, the unknown field, and their count
    assert not [e for e in errors if "quotes" in e]


def test_artwork_that_is_no_jpeg_or_png_is_refused(make_show: ShowMaker) -> None:
    """A file's name makes it no image: a text file named cover.jpg, or a GIF saved as
    .png, went into the feed as itunes:image (which Apple refuses) and the build said
    nothing. Its first bytes are read; its size stays `pipeline check`'s to measure."""
    config = BASIC_CONFIG.replace("https://show.example/art.jpg", "static/cover.jpg")
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    png = b"\x89PNG\r\n\x1a\n" + bytes(40)  # any PNG: the loader reads only its signature
    root = make_show(
        config=config,
        episodes={
            "001-a": episode(1, image="static/kaft.png"),
            "002-b": episode(2, image="static/leeg.jpg"),
            "003-c": episode(3, image="static/echt.png"),
        },
        files={
            "static/cover.jpg": "dit is geen plaatje\n",
            "static/kaft.png": gif,
            "static/leeg.jpg": b"",
            "static/echt.png": png,
        },
    )
    assert build_errors(root) == [
        f"Error: episodes/001-a.yaml:8: image: got 'static/kaft.png', expected {ARTWORK_EXPECTED}",
        f"Error: episodes/002-b.yaml:8: image: got 'static/leeg.jpg', expected {ARTWORK_EXPECTED}",
        f"Error: podcast.toml:6: artwork: got 'static/cover.jpg', expected {ARTWORK_EXPECTED}",
        "Error: 3 problems found; nothing was written.",
    ]
