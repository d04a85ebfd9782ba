"""`pipeline import posts` never writes a post (or episode stub) the next build refuses.

Each input below used to be imported without a word, and the next `pipeline build` then
refused its post: a PNG's bytes as a post, a title with a control character, a password in
a link, a slug another post has, a byline's year 1, a stub two posts name. The import now
reads what it would write with load's own rules and refuses, naming the input (and its
line where it has one), writing nothing at all.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import pipeline.imports.posts as posts_module
from pipeline.errors import OutputError
from pipeline.link.pairing import pair
from pipeline.load import load_content
from tests.conftest import ShowMaker, episode
from tests.imports.test_posts import INPUTS, files, run

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
PLAYER = (
    '<iframe width="100%" height="166" src="https://w.soundcloud.com/player/'
    '?url=https%3A//api.soundcloud.com/tracks/{}"></iframe>'
)
CREDITS = '<div><a href="https://soundcloud.com/winkel/{0}">{0}</a></div>'


def errors(err: str) -> list[str]:
    return [line.removeprefix("Error: ") for line in err.splitlines()]


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("plaatje.md", PNG, ":3: file: got binary data (a NUL byte), expected a text or HTML file"),
        (
            "2026-03-01-stuk.txt",
            b"Over de kassa\n\nTekst\x00 een.\n",
            ":3: file: got binary data (a NUL byte), expected a text or HTML file",
        ),
        (
            "2026-03-01-ruis.txt",  # no NUL: the title the first line gives is refused
            bytes(range(1, 40)) * 3,
            ": title: got '\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08', expected text without "
            "control characters (tab and newline aside)",
        ),
        (
            "2026-03-01-bel.txt",
            "Hallo\x07 wereld\n\nDit is de tekst van het artikel.\n",
            ": title: got 'Hallo\\x07 wereld', expected text without control characters "
            "(tab and newline aside)",
        ),
        (
            "bel.md",
            '---\ntitle: "Hallo\\u0007 wereld"\ndate: 2026-03-01\n---\n\nTekst.\n',
            ":2: title: got 'Hallo\\x07 wereld', expected text without control characters "
            "(tab and newline aside)",
        ),
        (
            "auteur.md",
            '---\ntitle: Hallo\ndate: 2026-03-01\nauthor: "Jan\\u0000"\n---\n\nTekst.\n',
            ":4: author: got 'Jan\\x00', expected text without control characters "
            "(tab and newline aside)",
        ),
        (
            "2026-03-01-html.md",
            '---\ntitle: "<b>Hallo</b> wereld"\n---\n\nTekst.\n',
            ":2: title: got '<b>Hallo</b> wereld', expected plain text without HTML tags",
        ),
        (
            "2026-03-01-wachtwoord.txt",
            "Over de kassa\n\nDit is de tekst van het artikel, lees "
            "https://jan:geheim@example.com/x voor meer over de winkel.\n\nEn nog een alinea.\n",
            ":3: body: got 'https://jan:geheim@example.com/x', expected a web address without "
            "a user name or password (it would be published)",
        ),
        (
            "2026-03-01-diep.md",
            "# Diep\n\nEerst tekst.\n\n" + ">" * 300 + " x\n",
            ":5: body: got quotes, lists or HTML elements nested 300 deep, expected at most "
            "100 levels of quotes, lists and HTML elements",
        ),
        (
            "2026-03-01-kaal.txt",
            "Over de kassa\n\nLuister op https://soundcloud.com/\n",
            ":3: soundcloud: got 'https://soundcloud.com/', expected a SoundCloud link we "
            "understand (a SoundCloud page that is not a user, track or set)",
        ),
        (
            "jaar.txt",  # the build read the date written as 1-11-12 as no date at all
            "Over de kassa\n\nGeplaatst op 12 november 0001\n\nTekst.\n",
            ": date: got 0001-11-12, expected a date from the year 1900 to 2999",
        ),
    ],
    ids=[
        "png",
        "nul",
        "noise",
        "title-bell",
        "front-matter-title",
        "author",
        "title-markup",
        "password",
        "nesting",
        "soundcloud",
        "year-1",
    ],
)
def test_an_input_whose_post_the_build_refuses_is_refused(
    make_show: ShowMaker, tmp_path: Path, name: str, data: str | bytes, problem: str
) -> None:
    root = make_show()
    source = write(tmp_path / "in", name, data)
    before = files(root)
    code, _, err = run(root, source)
    assert code == 1
    assert errors(err) == [f"{source}{problem}", "1 problem found; nothing was written."]
    assert files(root) == before


def test_every_input_is_reported_at_once_and_nothing_is_written(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(posts={"2025-01-01-Over-De-Kassa": "---\ntitle: Oud\n---\n\nOud.\n"})
    folder = tmp_path / "in"
    good = write(folder, "2026-03-01-goed.txt", "Een goed stuk\n\nTekst.\n")
    clash = write(folder, "2026-03-02-kassa.txt", "Over de kassa\n\nTekst.\n")
    png = write(folder, "2026-03-03-plaatje.txt", PNG)
    bell = write(folder, "2026-03-04-bel.txt", "Hallo\x07\n\nTekst.\n")
    before = files(root)
    code, _, err = run(root, folder)
    assert code == 1
    assert errors(err) == [
        f"{clash}: slug: got 'over-de-kassa' (the slug of posts/2026-03-02-over-de-kassa.md, "
        "made from the title), expected a file name whose slug no other post has (also used "
        "by posts/2025-01-01-Over-De-Kassa.md as 'Over-De-Kassa': one folder on macOS and "
        "Windows, which ignore case)",
        f"{png}:3: file: got binary data (a NUL byte), expected a text or HTML file",
        f"{bell}: title: got 'Hallo\\x07', expected text without control characters "
        "(tab and newline aside)",
        "3 problems found; nothing was written.",
    ]
    assert files(root) == before  # not even the good one: fixed, all come in one run
    assert str(good) not in err


def test_two_inputs_with_one_slug_on_different_days_are_refused(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show()
    folder = tmp_path / "in"
    write(folder, "2026-03-01-a.txt", "Over de kassa\n\nTekst een.\n")
    second = write(folder, "2026-03-02-b.txt", "Over de Kassa!\n\nTekst twee.\n")
    code, _, err = run(root, folder)
    assert code == 1
    assert errors(err)[0] == (
        f"{second}: slug: got 'over-de-kassa' (the slug of posts/2026-03-02-over-de-kassa.md, "
        "made from the title), expected a file name whose slug no other post has (also used "
        "by posts/2026-03-01-over-de-kassa.md)"
    )
    assert list((root / "posts").iterdir()) == []


def test_a_post_there_already_is_never_replaced(make_show: ShowMaker, tmp_path: Path) -> None:
    """It was refused only when its turn came to be written: the inputs before it were
    written by then, and the import stopped half-way."""
    mine = "---\ntitle: Mijn versie\n---\n\nMet de hand geschreven.\n"
    root = make_show(posts={"2026-03-02-over-de-kassa": mine})
    folder = tmp_path / "in"
    write(folder, "2026-03-01-a.txt", "Een eerder stuk\n\nTekst.\n")
    source = write(folder, "2026-03-02-b.txt", "Over de kassa\n\nTekst.\n")
    before = files(root)
    code, _, err = run(root, folder)
    assert code == 1
    assert errors(err) == [
        f"{source}: file: got 'posts/2026-03-02-over-de-kassa.md', which is there already, "
        "expected a name no file has yet (the import never replaces a file)",
        "1 problem found; nothing was written.",
    ]
    assert files(root) == before


def test_originals_of_one_name_from_two_folders_are_both_kept(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show()
    one = write(tmp_path / "in" / "a", "2026-03-01-index.txt", "Over de kassa\n\nTekst.\n")
    two = write(tmp_path / "in" / "b", "2026-03-01-index.txt", "Over de etalage\n\nTekst.\n")
    code, _, err = run(root, tmp_path / "in")
    assert code == 0, err
    kept = {p.read_bytes() for p in (root / "imports").iterdir()}
    assert kept == {one.read_bytes(), two.read_bytes()}
    assert len(load_content(root).posts) == 2


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses such names")
def test_an_input_name_that_is_not_utf8_is_refused(make_show: ShowMaker, tmp_path: Path) -> None:
    """Its name went into the post's source: and the writing failed with a traceback."""
    root = make_show()
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"2026-03-01-caf\xe9.txt"), "wb") as file:
        file.write(b"Over de kassa\n\nTekst.\n")
    code, _, err = run(root, folder)
    assert code == 1
    assert errors(err) == [
        f"{folder}/2026-03-01-caf\\xe9.txt: file name: got 2026-03-01-caf\\xe9.txt, "
        "expected a file name in UTF-8 (rename the file)",
        "1 problem found; nothing was written.",
    ]
    assert run(root, "--no-keep-original", folder)[0] == 0  # no name to keep: imported
    assert len(load_content(root).posts) == 1


def test_utf16_text_is_text(make_show: ShowMaker, tmp_path: Path) -> None:
    """Notepad's "Unicode" files: every other byte a NUL, yet text, not binary data."""
    root = make_show()
    data = "Over de kassa\r\n\r\nTekst één.\r\n".encode("utf-16")  # with its BOM
    code, out, err = run(root, write(tmp_path, "2026-03-01-notepad.txt", data))
    assert code == 0, err
    assert "found: encoding: UTF-16" in out
    [post] = load_content(root).posts
    assert (post.title, post.body.strip()) == ("Over de kassa", "Tekst één.")


def test_one_episode_is_paired_with_one_input(make_show: ShowMaker, tmp_path: Path) -> None:
    """Two inputs with the player of one track both named its episode, which the build
    refuses (an episode two posts name); the second keeps the track, not the pairing."""
    track = "soundcloud: https://api.soundcloud.com/tracks/111"
    root = make_show(episodes={"001-vaste-klanten": episode(1) + track + "\n"})
    folder = tmp_path / "in"
    write(folder, "2026-03-01-a.txt", f"Over de kassa\n\n{PLAYER.format(111)}\n\nTekst.\n")
    write(folder, "2026-03-02-b.txt", f"Over de etalage\n\n{PLAYER.format(111)}\n\nTekst.\n")
    code, out, err = run(root, folder)
    assert code == 0, err
    assert "episodes/001-vaste-klanten.yaml already paired with posts/2026-03-01-" in out
    content = load_content(root)
    assert pair(content).pairs == {"001-vaste-klanten": "over-de-kassa"}
    # Likewise for a stub this run makes: one stub, named by the first input only.
    root2 = tmp_path / "second"
    (root2 / "posts").mkdir(parents=True)
    (root2 / "podcast.toml").write_bytes((root / "podcast.toml").read_bytes())
    player = PLAYER.format(222) + CREDITS.format("afl-2")
    write(folder, "2026-03-03-c.txt", f"Over personeel\n\n{player}\n\nTekst.\n")
    write(folder, "2026-03-04-d.txt", f"Over prijzen\n\n{player}\n\nTekst.\n")
    code, _, err = run(root2, folder / "2026-03-03-c.txt", folder / "2026-03-04-d.txt")
    assert code == 0, err
    content = load_content(root2)
    assert [e.slug for e in content.episodes] == ["001-over-personeel"]
    assert pair(content).pairs == {"001-over-personeel": "over-personeel"}


def test_a_player_naming_only_a_track_id_gets_no_stub(make_show: ShowMaker, tmp_path: Path) -> None:
    """A stub has no audio: the build makes SoundCloud's stream URL from the track's page,
    which a bare player (no credits under it) does not name: the build refused the stub."""
    root = make_show()
    source = write(tmp_path, "2026-03-01-a.txt", f"Over de kassa\n\n{PLAYER.format(111)}\n\nT.\n")
    code, out, err = run(root, source)
    assert code == 0, err
    assert "soundcloud https://api.soundcloud.com/tracks/111: no episode stub" in out
    assert not list((root / "episodes").iterdir())
    [post] = load_content(root).posts
    assert [link.track_id for link in post.soundcloud] == [111]  # the track is kept


@pytest.mark.parametrize(
    ("folder", "options", "name"),
    [
        ("posts", ["--no-keep-original"], "2026-03-01-kassa.txt"),
        ("imports", [], "2026-03-01-kassa.txt"),
        ("episodes", ["--no-keep-original"], "2021-05-03-jekyll-with-player.md"),
    ],
)
def test_nothing_is_written_through_a_folder_linking_out_of_the_show(
    make_show: ShowMaker, tmp_path: Path, folder: str, options: list[str], name: str
) -> None:
    """posts/, imports/ or episodes/ a link to a folder elsewhere: the post, the kept
    original or the episode stub was written there, outside the show (and the next build
    refused posts/ or episodes/ as such a link)."""
    root = make_show()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(root / folder, ignore_errors=True)
    (root / folder).symlink_to(elsewhere)
    if name.endswith(".md"):
        source = INPUTS / name
    else:
        source = write(tmp_path / "in", name, "Over de kassa\n\nTekst.\n")
    code, _, err = run(root, *options, source)
    assert code == 1
    assert errors(err) == [
        f"{folder}: folder: got a link to {str(elsewhere)!r}, expected a folder inside the "
        "show folder",
        "1 problem found; nothing was written.",
    ]
    assert list(elsewhere.iterdir()) == []
    assert not [p for p in root.rglob("*") if p.is_file() and p.suffix in (".md", ".txt")]


def test_no_stub_beside_an_episode_file_that_cannot_be_read(make_show: ShowMaker) -> None:
    """The broken file may be this track's episode, or have the stub's number: the stub
    was written as 002-..., and the build refused two episodes of one number (or one
    track) once that file was mended."""
    broken = 'title: "Afl. 2: kapot\nsoundcloud: https://api.soundcloud.com/tracks/1829374051\n'
    root = make_show(episodes={"001-a": episode(1), "002-kapot": broken})
    source = INPUTS / "2021-05-03-jekyll-with-player.md"
    code, _, err = run(root, "--no-keep-original", source)
    assert code == 1
    assert errors(err) == [
        f"{source}: episode stub: got 'episodes/002-waarom-een-vaste-klant-meer-waard-is-dan-"
        "tien-voorbijgangers.yaml', expected every episode file readable first "
        "(episodes/002-kapot.yaml may have this track or number)",
        "episodes/002-kapot.yaml:3: syntax: got a YAML error (found unexpected end of stream), "
        "expected valid YAML",
        "2 problems found; nothing was written.",
    ]
    assert sorted(p.name for p in (root / "episodes").iterdir()) == ["001-a.yaml", "002-kapot.yaml"]
    assert list((root / "posts").iterdir()) == []
    # An input with no player makes no stub: imported whatever the episode files hold.
    plain = write(root.parent / "in", "2026-03-01-kassa.txt", "Over de kassa\n\nTekst.\n")
    assert run(root, "--no-keep-original", plain)[0] == 0


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_a_write_that_stops_half_way_leaves_nothing_written(
    make_show: ShowMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException
) -> None:
    """Ctrl-C or a full disk at the third file: the first input's original and post stayed,
    while the command said "nothing was written"."""
    root = make_show()
    folder = tmp_path / "in"
    write(folder, "2026-03-01-a.txt", "Over de kassa\n\nTekst een.\n")
    write(folder, "2026-03-02-b.txt", "Over de etalage\n\nTekst twee.\n")
    real = posts_module.create_file
    calls: list[Path] = []

    def failing(path: Path, data: bytes) -> bool:
        calls.append(path)
        if len(calls) == 3:
            if isinstance(stop, OSError):
                raise OutputError(f"could not write {path}: {stop}")
            raise stop
        return real(path, data)

    monkeypatch.setattr(posts_module, "create_file", failing)
    before = files(root)
    code, _, err = run(root, folder)
    if isinstance(stop, KeyboardInterrupt):
        assert (code, err) == (130, "Interrupted; nothing was written.\n")
    else:
        assert (code, err) == (1, f"Error: could not write {calls[-1]}: {stop}\n")
    assert len(calls) == 3
    assert files(root) == before
    monkeypatch.setattr(posts_module, "create_file", real)
    assert run(root, folder)[0] == 0  # run again: everything is written
    assert len(load_content(root).posts) == 2
