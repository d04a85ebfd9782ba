"""The posts as loaded, kept by the digest of their file's text, name and time zone
(.cache/build/posts.bin): a rebuild loads only the posts whose file changed, and writes,
byte for byte, what a cold build of the same content writes; a post with a problem is
never kept, so the problem is reported on every build; kept posts read back exactly
(damage, other code, the preview: test_kept_texts)."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.load.one_file as load_module
from pipeline.cli import main
from pipeline.errors import Problems
from pipeline.load.kept import _entry, _post
from pipeline.load.posts import load_post
from pipeline.paths import POST_MEMO
from pipeline.text.dates import zone
from tests.build.test_kept_texts import count_calls
from tests.build.test_related_cache import NOW, _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture

EDITED = "posts/2026-03-10-etalage-0.md"


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The file of every post loaded afresh."""
    return count_calls(monkeypatch, load_module, "load_post")


def _posts(root: Path) -> int:
    return len(list((root / "posts").glob("*.md")))


def test_an_edit_loads_that_post_alone(show: Path, tmp_path: Path, loaded: list[object]) -> None:
    out = tmp_path / "site"
    run(show, out)
    assert len(loaded) == _posts(show) and (show / POST_MEMO).is_file()
    loaded.clear()
    _edit(show / EDITED, "De winkel", "Korting, marge en prijzen.")
    run(show, out)
    assert loaded == [show.resolve() / EDITED]
    assert files(out) == cold(show, tmp_path)


def test_another_time_zone_loads_every_post_again(
    show: Path, tmp_path: Path, loaded: list[object]
) -> None:
    """A date without an offset is a moment in the show's zone: the same text is another
    moment in another zone."""
    out = tmp_path / "site"
    run(show, out)
    loaded.clear()
    _edit(show / "podcast.toml", 'timezone = "Europe/Amsterdam"', 'timezone = "America/Lima"')
    run(show, out)
    assert len(loaded) == _posts(show)
    assert files(out) == cold(show, tmp_path)


def test_a_copied_show_takes_the_kept_posts_with_their_new_place(
    show: Path, tmp_path: Path, loaded: list[object]
) -> None:
    run(show, tmp_path / "site")
    copy = tmp_path / "elsewhere" / "show"
    shutil.copytree(show, copy)
    _edit(copy / EDITED, "De winkel", "Een winkel")
    loaded.clear()
    run(copy, tmp_path / "copy-site")
    assert loaded == [copy.resolve() / EDITED]  # the others: kept, under the copy's paths
    assert files(tmp_path / "copy-site") == cold(copy, tmp_path)


def test_a_post_with_a_problem_is_loaded_and_reported_on_every_build(
    show: Path, tmp_path: Path, loaded: list[object]
) -> None:
    _edit(show / EDITED, "tags: [etalage]", "tags: [etalage]\nsoundcloud: 12.5")
    for _ in range(2):
        loaded.clear()
        result = CliRunner().invoke(
            main, ["build", "--root", str(show), "--out", str(tmp_path / "s"), "--now", NOW]
        )
        assert result.exit_code == 1
        assert f"{EDITED}:" in result.output and "soundcloud: got 12.5" in result.output
        assert show.resolve() / EDITED in loaded


POSTS = {
    "2026-02-03-in-de-zone.md": "---\ntitle: Lokaal\ndate: 2026-10-25 02:30\n---\nTekst.\n",
    "2026-02-04-met-offset.md": "---\ntitle: Offset\ndate: 2026-02-04T10:00:00+05:30\n---\nA\n",
    "2026-02-05-utc.md": "---\ntitle: Z\ndate: 2026-02-05T10:00:00.250Z\n---\n\nB\n",
    "2026-02-06-uit-de-naam.md": (
        "---\ntitle: 'Uit de naam'\nauthor: Sanne\ntags: [a, b]\nepisode: 3\n"
        "permalink: /oud/\nredirect_from: [/ouder/]\n---\n"
        "Luister: https://soundcloud.com/winkel/afl-3\n\nLees ook: Een ander stuk\n"
    ),
    "2026-02-07-speler.md": (
        "---\ntitle: Speler\ndate: 2026-02-07\nsoundcloud: 123456\n---\n"
        '<iframe src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/'
        'tracks/987%3Fsecret_token%3Ds-AbC"></iframe>\n* Zie ook: Iets\n'
    ),
    "geen-datum-in-de-naam.md": "---\ntitle: Zonder\ndate: 2026-02-08 10:00\n---\nC\n",
    "2026-02-09-concept.md": "---\ntitle: Concept\npublished: false\n---\nD\n",
}


@pytest.mark.parametrize("name", POSTS)
def test_a_kept_post_reads_back_as_it_was_loaded(tmp_path: Path, name: str) -> None:
    tz = zone("Europe/Amsterdam")
    (tmp_path / "posts").mkdir()
    path = tmp_path / "posts" / name
    path.write_text(POSTS[name], "utf-8")
    problems = Problems()
    post = load_post(path, tmp_path, tz, problems)
    assert post is not None and not problems.items, problems.items
    entry = _entry(post, POSTS[name], tz)
    assert entry is not None
    again = _post(entry, path, POSTS[name], tz)
    assert again is not None
    for field in dataclasses.fields(post):  # lines too, which == leaves out
        assert getattr(again, field.name) == getattr(post, field.name), field.name
    assert repr(again.date) == repr(post.date) and again.date.fold == post.date.fold
    assert type(again.date.tzinfo) is type(post.date.tzinfo)


def test_the_posts_above_hold_every_kind_of_date_the_loader_makes() -> None:
    """Each kind of date the loader makes: the zone's own, a fixed offset, UTC."""
    kinds = set()
    for name, text in POSTS.items():
        tz = zone("Europe/Amsterdam")
        problems = Problems()
        post = load_post(Path("/s/posts") / name, Path("/s"), tz, problems, text=text)
        assert post is not None
        kinds.add(type(post.date.tzinfo) if post.date.tzinfo is not tz else "zone")
        if post.date.tzinfo is UTC:
            kinds.add("utc")
    assert kinds == {"zone", timezone, "utc"}


TEXT = "---\ntitle: T\n---\nBody\n"
GOOD = '["T", "2026-02-03T00:00:00", 0, true, 18, 3, null, [], null, [], [], [], {}, true]'
FORGED = '["T", "2026-02-03T00:00:00", 0, true, 18, 3, null, [], null, {links}, [], [], {{}}, true]'


@pytest.mark.parametrize(
    "entry",
    [
        "",
        "{}",
        "[" * 100_000,
        GOOD.replace('"T"', "1"),  # a title that is no text
        GOOD.replace("[], [], {}", '[["a\\ud800", 4]], [], {}'),  # no page could encode it
        GOOD.replace('"T"', '"a\\u0007b"'),  # a control character the loader refuses
        GOOD.replace("0, true", "2, true"),  # a fold that is neither 0 nor 1
        GOOD.replace("0, true", "false, true"),
        GOOD.replace("0, true", "0, false"),  # said to have an offset, has none
        GOOD.replace("00:00:00", "00:00:00+01:00"),  # said to be local, has an offset
        GOOD.replace("2026-02-03T00:00:00", "0001-01-01T00:00:00"),  # a year out of range
        GOOD.replace("18, 3", "99, 3"),  # a body starting past the end
        GOOD.replace("18, 3", "-1, 3"),
        GOOD.replace("[], null, [], [], []", '["a", 1], null, [], [], []'),  # a tag number
        GOOD.replace("[], null, [], [], []", '"abc", null, [], [], []'),  # tags a, b and c
        GOOD.replace("[], [], {}", '[], "/oud/", {}'),  # aliases /, o, u, d and /
        GOOD.replace("null, [], [], [], {}", 'null, [["track"]], [], [], {}'),
        FORGED.format(links='["track", "r", null, null, null, null]'),  # a link, not a list
        GOOD.replace("{}", '{"title": "2"}'),  # a line that is no number
        GOOD.replace("{}", "[]"),
        GOOD[:-1] + ", 1]",  # one field more
        GOOD.replace("{}, true", "{}"),  # one field less
        GOOD.replace("{}, true", '{}, "ja"'),  # published neither true nor false
        GOOD.replace("{}, true", "{}, 1"),
    ],
)
def test_an_entry_that_is_no_post_is_loaded_again(entry: str) -> None:
    assert _post(GOOD, Path("/s/posts/x.md"), TEXT, zone("UTC")) is not None
    assert _post(entry, Path("/s/posts/x.md"), TEXT, zone("UTC")) is None
