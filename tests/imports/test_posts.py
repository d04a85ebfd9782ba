"""`pipeline import posts`: one fixture per kind of damage, each with its expected clean post
(tests/data/import/expected/); then the imported folder builds; a second run changes nothing."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build import BuildOptions, build
from pipeline.cli import main
from pipeline.load import load_content
from tests.conftest import REPO, ShowMaker, episode

DATA = REPO / "tests" / "data" / "import"
INPUTS = DATA / "inputs"
EXPECTED = DATA / "expected"
# The fixture's player embeds track 1829374051: this episode has it and no post yet.
PLAYER_EPISODE = episode(1, soundcloud="https://api.soundcloud.com/tracks/1829374051").replace(
    "2026-03-01", "2021-05-03"
)


def run(root: Path, *args: str | Path) -> tuple[int, str, str]:
    command = ["import", "posts", "--root", str(root), *map(str, args)]
    result = CliRunner().invoke(main, command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def show(make_show: ShowMaker) -> Path:
    return make_show(episodes={"001-vaste-klanten": PLAYER_EPISODE})


def test_each_damaged_input_becomes_its_expected_post(show: Path) -> None:
    code, _out, err = run(show, str(INPUTS))
    assert code == 0, err
    posts = sorted((show / "posts").glob("*.md"))
    if os.environ.get("UPDATE_IMPORT_EXPECTED"):
        EXPECTED.mkdir(exist_ok=True)
        for post in posts:
            (EXPECTED / post.name).write_bytes(post.read_bytes())
    expected = sorted(EXPECTED.glob("*.md"))
    assert [p.name for p in posts] == [p.name for p in expected]
    for post, want in zip(posts, expected, strict=True):
        assert post.read_text("utf-8") == want.read_text("utf-8"), post.name
    # originals kept beside the post's source reference
    assert sorted(p.name for p in (show / "imports").iterdir()) == sorted(
        p.name for p in INPUTS.iterdir()
    )


def test_report_lists_every_removed_text(show: Path) -> None:
    code, out, _ = run(show, "--dry-run", str(INPUTS))
    assert code == 0
    for line in [
        "removed: line 1: contact line: 'Tel: 020-1234567 | info@dewinkel.example'",
        "removed: line 3: image file name: 'shutterstock_552211.jpg'",
        "removed: line 9: share buttons: 'Delen: Facebook LinkedIn WhatsApp'",
        "removed: line 11: download prompt: 'Wil je meer weten? Download ons gratis e-book:'",
        "removed: line 13: call to action: 'New Call-to-action'",
        "removed: line 15: byline (author moved to front matter): 'Door Pieter de Graaf'",
        "removed: line 10: reading time: "
        '\'<i class="fa fa-clock-o" aria-hidden="true"> **7 MIN READ**</i>\'',
        "removed: line 12: bold author name opening the text: '**MARIEKE DEKKER** --'",
        "removed: line 3: repeated title: 'Zo Maak Je Van Je Etalage Een Uitnodiging'",
        "removed: line 16: signature (date): 'Juli, 2023'",
        "removed: line 11: page footer: '© De Winkel, alle rechten voorbehouden'",
        "kept: cross-link pointer 'Lees ook: Minder posten, beter posten'",
        "encoding: line 3: 'β€' -> '“' (cp1253, lost byte)",
        "encoding: line 5: 'Γ' -> 'ê' (cp1253, lost byte)",
        "found: soundcloud https://soundcloud.com/achterdetoonbank/"
        "afl-1-waarom-kleine-winkels-toch-winnen: paired with episodes/001-vaste-klanten.yaml",
    ]:
        assert line in out, line
    assert "SoundCloud player: '<iframe" in out
    assert list((show / "posts").glob("*.md")) == []  # --dry-run wrote nothing
    assert not (show / "imports").exists()


def test_imported_folder_builds_and_pairs(show: Path, tmp_path: Path) -> None:
    assert run(show, str(INPUTS))[0] == 0
    content = load_content(show)
    post = content.posts_by_slug["waarom-een-vaste-klant-meer-waard-is-dan-tien-voorbijgangers"]
    assert post.episode == "001-vaste-klanten"
    assert post.soundcloud and post.soundcloud[0].slug == "afl-1-waarom-kleine-winkels-toch-winnen"
    assert [p.text for p in content.posts_by_slug["personeel-dat-blijft"].pointers] == [
        "Nieuwe collega's inwerken voor de feestdagen"
    ]
    now = datetime(2026, 6, 1, tzinfo=UTC)
    report = build(BuildOptions(root=show, out=tmp_path / "site", now=now, offline=True))
    assert report.posts == 7
    assert (tmp_path / "site" / "feed.xml").is_file()


def test_importing_twice_creates_nothing_new(show: Path) -> None:
    assert run(show, str(INPUTS))[0] == 0
    before = files(show)
    code, out, _ = run(show, str(INPUTS))
    assert code == 0
    assert files(show) == before
    assert out.count("already imported as posts/") == len(list(INPUTS.iterdir()))


def test_a_player_without_episode_gets_a_stub(make_show: ShowMaker) -> None:
    root = make_show()
    code, _out, err = run(
        root, "--no-keep-original", str(INPUTS / "2021-05-03-jekyll-with-player.md")
    )
    assert code == 0, err
    stub = (
        root / "episodes" / "001-waarom-een-vaste-klant-meer-waard-is-dan-tien-voorbijgangers.yaml"
    )
    text = stub.read_text("utf-8")
    assert "guid: tag:soundcloud,2010:tracks/1829374051" in text
    assert 'post: "2021-05-03-waarom-een-vaste-klant-meer-waard-is-dan-tien-voorbijgangers"' in text
    assert not (root / "imports").exists()
    content = load_content(root)  # the stub and the post load, and pair by post:
    assert content.episodes[0].post == content.posts[0].stem


def test_missing_date_is_an_error_naming_the_file(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show()
    loose = tmp_path / "los.txt"
    loose.write_text("Een titel\n\nEen zin zonder datum.\n", "utf-8")
    code, _, err = run(root, str(loose))
    assert code == 1
    assert f"Error: {loose}: date: got nothing, expected a date in the front matter" in err
    assert list((root / "posts").iterdir()) == []
    assert run(root, "--date", "2024-02-03", str(loose))[0] == 0
    assert (root / "posts" / "2024-02-03-een-titel.md").is_file()


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_an_input_that_is_no_article_is_refused_before_reading(
    show: Path, tmp_path: Path, kind: str
) -> None:
    """A FIFO or /dev/zero blocked `import posts` for ever, and any size was read whole."""
    if kind == "fifo":
        source = tmp_path / "pijp.md"
        os.mkfifo(source)
        expected = "file: got a special file, expected a text or HTML file"
    elif kind == "device":
        source = Path("/dev/zero")
        expected = "file: got a special file, expected a text or HTML file"
    else:
        source = tmp_path / "dump.html"
        with source.open("wb") as sparse:  # 25 MB on paper, nothing on disk
            sparse.truncate(25 * 10**6)
        expected = "file: got 25.0 MB, expected at most 20 MB"
    before = files(show)
    code, _out, err = run(show, str(source))
    assert code == 1
    assert f"Error: {source}: {expected}" in err
    assert files(show) == before
