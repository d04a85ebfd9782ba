"""Odd paths in a show folder: links that loop, NUL characters and names too long for the
file system, pipes, broken links and folders where files belong (in ``posts/``,
``episodes/``, ``static/`` and ``templates/``), and post slugs that are no folder of their
own, no web address as written, or the same folder as another's on macOS and Windows.

Each is an ``Error:`` line naming the file (and the field, with its line), exit 1, the last
good build's output untouched; never a traceback or a silent fallback. A build runs in a
forked process with a time limit, so a pipe read by mistake fails the test, not hangs it.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from pipeline.paths import LONG_EXPECTED, LOOP_EXPECTED, NUL_EXPECTED, outside_show, rel
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.security.support import build, errors, post, run, snapshot

TRANSCRIPT = "WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def built(make_show: ShowMaker, **files: str | bytes) -> Path:
    """A small show with one episode and one post, built once: the last good output."""
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={"2026-03-01-eerste": post("Tekst.")},
        files={"static/extra.css": "body {}\n", **files},
    )
    code, _, stderr = build(root)
    assert code == 0, stderr
    return root


def refused(root: Path) -> list[str]:
    """The ``Error:`` lines of a build that must fail, the count line left off; the
    output of the last good build is checked to be untouched.

    The build's record goes first: an empty folder or a link to nothing where nothing was
    is no change to the files it fingerprints, and a build with nothing new stops before
    loading (pipeline/fingerprint.py); here the load itself is under test."""
    (root / ".cache" / "build" / "last.json").unlink()
    site = snapshot(root / "site")
    code, _, stderr = build(root)
    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert snapshot(root / "site") == site
    found = errors(stderr)
    assert found[-1].endswith("found; nothing was written."), found
    return found[:-1]


# ---------------------------------------------------------------------------------------
# 1. outside_show() never raises: Path.resolve() does on a link loop (RuntimeError), a NUL
# character (ValueError), and is_file() after it on a name too long (ENAMETOOLONG).


def test_outside_show_names_what_no_file_can_be(tmp_path: Path) -> None:
    (tmp_path / "l.vtt").symlink_to("l.vtt")
    (tmp_path / "d").symlink_to("d")
    (tmp_path / "fine.vtt").write_text(TRANSCRIPT)
    assert outside_show(tmp_path, "l.vtt") == LOOP_EXPECTED
    assert outside_show(tmp_path, tmp_path / "l.vtt") == LOOP_EXPECTED
    assert outside_show(tmp_path, "d/x.vtt") == LOOP_EXPECTED
    assert outside_show(tmp_path, "a\0b.vtt") == NUL_EXPECTED
    assert outside_show(tmp_path, "a" * 300 + ".mp3") == LONG_EXPECTED
    assert outside_show(tmp_path, "fine.vtt") is None
    assert outside_show(tmp_path, "missing.vtt") is None  # the caller says it is missing


LONG = "a" * 300 + ".mp3"


@pytest.mark.parametrize(
    ("field", "value", "line", "expected"),
    [
        ("transcript", "transcripts/l.vtt", 8, LOOP_EXPECTED),
        ("transcript", '"transcripts/a\\0b.vtt"', 8, NUL_EXPECTED),
        ("audio", "audio/l.mp3", 5, LOOP_EXPECTED),
        ("audio", LONG, 5, LONG_EXPECTED),
    ],
    ids=["transcript-loop", "transcript-nul", "audio-loop", "audio-too-long"],
)
def test_episode_file_that_no_file_can_be(
    make_show: ShowMaker, field: str, value: str, line: int, expected: str
) -> None:
    root = built(make_show, **{"transcripts/x.vtt": TRANSCRIPT, "audio/x.txt": ""})
    (root / "transcripts" / "l.vtt").symlink_to("l.vtt")
    (root / "audio" / "l.mp3").symlink_to("l.mp3")
    text = episode(1)
    if field == "audio":
        text = text.replace("audio: https://media.show.example/1.mp3", f"audio: {value}")
    else:
        text += f"{field}: {value}\n"
    (root / "episodes" / "001-a.yaml").write_text(text)
    shown = value.strip('"').replace("\\0", "\\x00")
    if len(shown) > 60:
        shown = shown[:57]
    problems = refused(root)  # a NUL is also a control character, reported as such
    assert all(p.startswith(f"Error: episodes/001-a.yaml:{line}: {field}: ") for p in problems)
    assert any(
        p.startswith(f"Error: episodes/001-a.yaml:{line}: {field}: got '{shown}")
        and p.endswith(f", expected {expected}")
        for p in problems
    ), problems


def test_show_artwork_that_loops(make_show: ShowMaker) -> None:
    root = built(make_show)
    (root / "static" / "l.png").symlink_to("l.png")
    config = BASIC_CONFIG.replace("https://show.example/art.jpg", "static/l.png")
    (root / "podcast.toml").write_text(config)
    assert refused(root) == [
        f"Error: podcast.toml:6: artwork: got 'static/l.png', expected {LOOP_EXPECTED}",
        "Error: static/l.png: file: got a link that loops (l.png), expected a file",
    ]


@pytest.mark.parametrize("value", ["static/l.png", '"static/a\\0b.png"', LONG])
def test_chapter_image_that_no_file_can_be(make_show: ShowMaker, value: str) -> None:
    """Chapter images are measured (load/tags.py) and alternates checked (episode_tags.py)
    by their own resolve(), which raised on these."""
    root = built(make_show)
    (root / "static" / "l.png").symlink_to("l.png")
    text = episode(1) + f'chapters:\n  - start: "0:00"\n    title: Intro\n    img: {value}\n'
    text += f"alternates:\n  - audio: {value}\n    type: audio/mpeg\n"
    (root / "episodes" / "001-a.yaml").write_text(text)
    problems = refused(root)
    assert any(p.startswith("Error: episodes/001-a.yaml:11: chapters.img: got ") for p in problems)


# ---------------------------------------------------------------------------------------
# 2. A link loop among the posts or episodes crashed DirEntry.is_file() (ELOOP).

LOOPS = [
    "Error: posts/2020-01-01-x.md: file: got a link that loops (x.md), expected a text file",
    "Error: posts/x.md: file: got a link that loops (2020-01-01-x.md), expected a text file",
]


def test_post_links_that_loop(make_show: ShowMaker) -> None:
    root = built(make_show)
    (root / "posts" / "2020-01-01-x.md").symlink_to("x.md")
    (root / "posts" / "x.md").symlink_to("2020-01-01-x.md")
    assert refused(root) == LOOPS


def test_episode_link_that_loops(make_show: ShowMaker) -> None:
    root = built(make_show)
    (root / "episodes" / "002-b.yaml").symlink_to("002-b.yaml")
    assert refused(root) == [
        "Error: episodes/002-b.yaml: file: got a link that loops (002-b.yaml), expected a text file"
    ]


@pytest.mark.parametrize("command", ["status", "check"])
def test_other_commands_report_a_link_loop(make_show: ShowMaker, command: str) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    (root / "posts" / "2020-01-01-x.md").symlink_to("x.md")
    (root / "posts" / "x.md").symlink_to("2020-01-01-x.md")
    code, _, stderr = run([command, "--root", str(root)])
    assert code == 1
    assert "Traceback" not in stderr
    assert all(line in errors(stderr) for line in LOOPS), stderr


# ---------------------------------------------------------------------------------------
# 3. A slug of dots names the posts list (posts/./) or the home page (posts/../).


def test_post_slug_of_dots(make_show: ShowMaker) -> None:
    root = built(make_show)
    (root / "posts" / "2026-01-01-..md").write_text(post("Punt."))
    (root / "posts" / "2026-01-02-...md").write_text(post("Punten."))
    expected = "expected a file name with a slug after the date"
    problems = refused(root)
    assert [p.split(", expected")[0] for p in problems] == [
        "Error: posts/2026-01-01-..md: slug: got '.'",
        "Error: posts/2026-01-02-...md: slug: got '..'",
    ]
    assert all(expected in p for p in problems)


@pytest.mark.parametrize("slug", ["a?b#c", "50%2F50", "a\\b", "a\nb"])
def test_post_slug_that_is_no_web_address(make_show: ShowMaker, slug: str) -> None:
    """A slug is a page's folder and web address as written: posts/a?b#c/ was linked as
    posts/a, 50%2F50/ asked the server for 50/50/, a newline vanished from links (a\\nb/
    is ab/ to a browser), and a backslash stopped the build at writing, unformatted."""
    root = built(make_show)
    (root / "posts" / f"2026-01-01-{slug}.md").write_text(post("Vreemd."))
    [problem] = refused(root)
    shown = slug.replace("\n", "\\n")
    assert problem == (
        f"Error: posts/2026-01-01-{shown}.md: slug: got {slug!r}, expected a file name"
        " without \\, ?, #, % or control characters (it is the page's web address)"
    )


@pytest.mark.parametrize("name", ["../../x", "/etc/x", "2026/a", "..", "", "x%y"])
def test_episode_post_that_no_post_can_have(make_show: ShowMaker, name: str) -> None:
    """No post is called that (a post is a file directly in posts/, its slug is refused as
    above): refused while the episode is still scheduled, not only once it is due, so that
    `pipeline new --post` refuses it too (it checks its file as the build reads it)."""
    root = built(make_show)
    (root / "episodes" / "002-b.yaml").write_text(
        episode(2).replace("2026-03-02", "2099-03-02") + f"post: {name!r}\n"
    )
    assert refused(root) == [
        f"Error: episodes/002-b.yaml:8: post: got {name!r}, expected the file name or slug of"
        " a post directly in posts/, e.g. 2026-03-04-my-post (no /, \\, ?, #, % or control"
        " characters, not only dots)"
    ]


def test_episode_name_that_is_no_web_address(make_show: ShowMaker) -> None:
    root = built(make_show)
    (root / "episodes" / "002-vraag?.yaml").write_text(episode(2))
    [problem] = refused(root)
    assert problem.startswith("Error: episodes/002-vraag?.yaml: file name: got '002-vraag?'")


# ---------------------------------------------------------------------------------------
# 4. Slugs differing only in case or in Unicode form are one folder on macOS (and, for
# case, on Windows): one page would overwrite the other there.

CAFE_NFC = unicodedata.normalize("NFC", "café")
CAFE_NFD = unicodedata.normalize("NFD", "café")


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        ("Hallo", "hallo", "as 'Hallo': one folder on macOS and Windows, which ignore case"),
        (CAFE_NFC, CAFE_NFD, "with its accents encoded otherwise: one folder on macOS"),
    ],
    ids=["case", "unicode-form"],
)
def test_post_slugs_that_are_one_folder(
    make_show: ShowMaker, first: str, second: str, why: str
) -> None:
    root = built(make_show)
    (root / "posts" / f"2026-01-01-{first}.md").write_text(post("Een."))
    (root / "posts" / f"2026-01-02-{second}.md").write_text(post("Twee."))
    [problem] = refused(root)
    assert problem.startswith(f"Error: posts/2026-01-02-{second}.md: slug: got '{second}'")
    assert f"(also used by posts/2026-01-01-{first}.md" in problem
    assert problem.endswith(why + ")")


def test_episode_names_that_are_one_folder(make_show: ShowMaker) -> None:
    root = built(make_show)
    (root / "episodes" / "001-A.yaml").write_text(episode(2))
    [problem] = refused(root)
    assert problem == (
        "Error: episodes/001-a.yaml: file name: got '001-a', expected a name no other "
        "episode has (.yaml or .yml) (also used by episodes/001-A.yaml as '001-A': one "
        "folder on macOS and Windows, which ignore case)"
    )


# ---------------------------------------------------------------------------------------
# 5. static/ and templates/: what is not a file was left out in silence (a broken
# static/style.css gave the package's style, a folder templates/post.html its page).


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("static/style.css", os.mkfifo, "got a special file, expected a file"),
        (
            "static/style.css",
            lambda p: p.symlink_to("nergens.css"),
            "got a link to nothing (nergens.css), expected a file",
        ),
        (
            "static/style.css",
            lambda p: p.symlink_to("style.css"),
            "got a link that loops (style.css), expected a file",
        ),
        (
            "static/fonts",
            lambda p: p.symlink_to("../transcripts", target_is_directory=True),
            "got a link to a folder, expected a file or a folder, not a link",
        ),
        ("templates/post.html", Path.mkdir, "got a folder, expected a template file"),
        ("templates/shownotes/notes.md", os.mkfifo, "got a special file, expected a template file"),
        (
            "templates/base.html",
            lambda p: p.symlink_to("base.html"),
            "got a link that loops (base.html), expected a template file",
        ),
    ],
    ids=[
        "static-fifo",
        "static-broken-link",
        "static-link-loop",
        "static-linked-folder",
        "template-folder",
        "template-fifo",
        "template-link-loop",
    ],
)
def test_static_or_template_that_is_not_a_file(
    make_show: ShowMaker, name: str, make: object, expected: str
) -> None:
    root = built(make_show, **{"templates/shownotes/.keep": "", "transcripts/x.vtt": TRANSCRIPT})
    make(root / name)  # type: ignore[operator]
    assert refused(root) == [f"Error: {name}: file: {expected}"]


@pytest.mark.parametrize("folder", ["static", "templates"])
def test_site_files_folder_that_is_a_broken_link(make_show: ShowMaker, folder: str) -> None:
    root = built(make_show)
    if (root / folder).exists():
        (root / folder / "extra.css").unlink()
        (root / folder).rmdir()
    (root / folder).symlink_to("nergens")
    assert refused(root) == [
        f"Error: {folder}: folder: got a link to nothing (nergens), expected a folder"
    ]


def test_every_odd_entry_is_reported_at_once(make_show: ShowMaker) -> None:
    root = built(make_show)
    os.mkfifo(root / "static" / "a.css")
    (root / "templates").mkdir()
    (root / "templates" / "post.html").mkdir()
    (root / "posts" / "2020-01-01-x.md").symlink_to("2020-01-01-x.md")
    assert refused(root) == [
        "Error: posts/2020-01-01-x.md: file: got a link that loops (2020-01-01-x.md), "
        "expected a text file",
        "Error: static/a.css: file: got a special file, expected a file",
        "Error: templates/post.html: file: got a folder, expected a template file",
    ]


def test_ordinary_folders_and_hidden_entries_pass(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1)},
        files={
            "static/img/logo.png": PNG,
            "static/linked.png": PNG,
            "templates/shownotes/mine.txt": "{{ title }}\n",
            "templates/partials/x.html": "<b>x</b>\n",
        },
    )
    (root / "static" / "link.png").symlink_to("img/logo.png")
    os.mkfifo(root / "static" / ".editor-pipe")  # hidden: never read, never published
    (root / "templates" / ".swap").symlink_to(".swap")
    code, _, stderr = build(root)
    assert code == 0, stderr
    assert (root / "site" / "static" / "link.png").read_bytes() == PNG


def _rel_by_parts(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("/s/posts/a.md", "/s"),
        ("/s/posts/a.md", "/s/"),
        ("/show/posts/a.md", "/s"),  # a folder whose name starts alike is not inside
        ("/s", "/s"),
        ("/", "/"),
        ("/posts/a.md", "/"),
        ("/s/p q/é\n.md", "/s"),
        ("/elsewhere/a.md", "/s"),
        ("posts/a.md", "."),
        ("s/posts/a.md", "s"),
    ],
)
def test_rel_is_what_comparing_the_parts_gives(path: str, root: str) -> None:
    assert rel(Path(path), Path(root)) == _rel_by_parts(Path(path), Path(root))
