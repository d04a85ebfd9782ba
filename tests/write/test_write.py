"""The writer: whole-folder swaps, no writes outside the output, unchanged output untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import OutputError
from pipeline.paths import seen
from pipeline.write import MARKER, update, write_output
from tests.conftest import ShowMaker, episode


def test_swap_replaces_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_output({"a.txt": b"1", "sub/b.txt": b"2", "c.txt": b"0"}, out)
    result = write_output({"c.txt": b"3"}, out)
    assert result.changed
    assert sorted(p.name for p in out.rglob("*")) == [MARKER, "c.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temp folders left


@pytest.mark.parametrize("name", ["../evil", "/etc/passwd", "a/../../b", "a\\b"])
def test_refuses_paths_outside(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        write_output({name: b"x"}, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_identical_output_is_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "site"
    source = tmp_path / "audio.mp3"
    source.write_bytes(b"ID3")
    write_output({"a.txt": b"1", "audio/x.mp3": source}, out)
    os.utime(out / "a.txt", (1, 1))
    result = write_output({"a.txt": b"1", "audio/x.mp3": source}, out)
    assert not result.changed
    assert (out / "a.txt").stat().st_mtime == 1


def test_failed_write_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_output({"a.txt": b"old"}, out)
    missing = tmp_path / "does-not-exist.mp3"
    with pytest.raises(OutputError):
        write_output({"a.txt": b"new", "x.mp3": missing}, out)
    assert (out / "a.txt").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_unchanged_files_are_linked_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_output({"same.txt": b"1", "edit.txt": b"old"}, out)
    before = (out / "same.txt").stat().st_ino
    result = write_output({"same.txt": b"1", "edit.txt": b"new", "added.txt": b"+"}, out)
    assert result.changed
    assert (out / "same.txt").stat().st_ino == before  # the same file, carried over
    assert (out / "edit.txt").read_bytes() == b"new"
    assert (out / "added.txt").read_bytes() == b"+"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_update_touches_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_output({"index.html": b"1", "posts/a/index.html": b"a", "posts/b/index.html": b"b"}, out)
    same = (out / "posts/a/index.html").stat().st_ino
    result = write_output({"index.html": b"2", "posts/a/index.html": b"a", "new/x.txt": b"x"}, out)
    assert result.changed
    assert (out / "posts/a/index.html").stat().st_ino == same
    assert (out / "index.html").read_bytes() == b"2"
    assert (out / "new/x.txt").read_bytes() == b"x"
    assert not (out / "posts/b").exists()  # emptied by the update: gone, as in a cold build
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        MARKER,
        "index.html",
        "new",
        "new/x.txt",
        "posts",
        "posts/a",
        "posts/a/index.html",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing kept aside


def test_an_update_works_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_output({"a.txt": b"old", "b.txt": b"b"}, out)

    def no_links(*args: object) -> None:
        raise PermissionError("hard links not supported here")

    monkeypatch.setattr(os, "link", no_links)
    write_output({"a.txt": b"new", "b.txt": b"b"}, out)
    assert (out / "a.txt").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_update_puts_every_file_back(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_output({"a.txt": b"old", "gone.txt": b"here", "z/b.txt": b"old"}, out)
    missing = tmp_path / "does-not-exist.mp3"
    with pytest.raises(OutputError, match="it is as it was"):
        # a.txt is replaced before the missing source is copied (names in order)
        write_output({"a.txt": b"new", "y.mp3": missing, "z/b.txt": b"new"}, out)
    assert (out / "a.txt").read_bytes() == b"old"
    assert (out / "gone.txt").read_bytes() == b"here"
    assert (out / "z/b.txt").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.txt", "gone.txt", "z"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["does-not-exist.mp3", "site"][1:]


def test_an_update_that_cannot_be_put_back_says_so_and_keeps_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_output({"a.txt": b"old", "gone.txt": b"here"}, out)

    def broken_undo(*args: object) -> None:
        raise PermissionError("read-only now")

    monkeypatch.setattr(update, "_undo", broken_undo)
    missing = tmp_path / "does-not-exist.mp3"
    with pytest.raises(OutputError, match="part old, part new") as failed:
        write_output({"a.txt": b"new", "y.mp3": missing}, out)
    assert "it is as it was" not in str(failed.value)
    assert (out / "a.txt").read_bytes() == b"new"  # replaced before the copy failed
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".site.old-")]
    assert len(kept) == 1 and str(kept[0]) in str(failed.value)
    assert (kept[0] / "a.txt").read_bytes() == b"old"
    monkeypatch.undo()
    write_output({"a.txt": b"old", "gone.txt": b"here"}, out)  # building again mends it
    assert (out / "a.txt").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the kept files are gone


def test_a_killed_build_s_leftovers_are_removed_by_the_next_build(tmp_path: Path) -> None:
    # Under the output lock no other build is running, so every leftover is dead: removed
    # at once, however young (they were kept 6 hours before).
    out = tmp_path / "site"
    for name in (".site.new-abc123", ".site.old-def456"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_bytes(b"half")
    result = write_output({"index.html": b"<p>nieuw</p>"}, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert result.notices == ()
    assert (out / "index.html").read_bytes() == b"<p>nieuw</p>"


# ---------------------------------------------------------------------------------------
# QA: `--out` can never delete the show (or anything else that is not a previous site).
#
# The output folder is replaced whole, so before this check `pipeline build --out .` replaced
# the show folder with the site, and `--out episodes` deleted every episode file.


NOW = ["--now", "2026-06-01T12:00+02:00"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, except caches and locks the commands keep in .cache/."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".cache" not in p.relative_to(folder).parts
    }


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


@pytest.mark.parametrize("command", ["build", "publish"])
@pytest.mark.parametrize(
    ("out", "what"),
    [
        (".", "a show folder"),
        ("episodes", f"not a folder this tool made (no {MARKER} in it)"),
        ("..", f"not a folder this tool made (no {MARKER} in it)"),
    ],
    ids=["root", "episodes", "parent"],
)
def test_out_never_replaces_the_show(
    make_show: ShowMaker, command: str, out: str, what: str
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    (root.parent / "other-show-notes.txt").write_text("not ours")
    before = snapshot(root.parent)
    target = (root / out).resolve()
    extra = ["--no-ping", "--offline", "--first-publication"] if command == "publish" else []
    code, stderr = invoke(
        command, "--root", str(root), "--out", str(root / out), "-q", *NOW, *extra
    )
    assert code == 1
    if out == "episodes":  # refused sooner: a folder the build reads (test_out_in_content)
        expected = (
            f"Error: refusing to build into {target}: it is inside the show's episodes/"
            " folder, whose files the build reads; choose a folder outside it (the default"
            " is site/)"
        )
    else:
        expected = (
            f"Error: refusing to replace {target}: it is {what} and would be deleted; "
            "choose an empty or new folder for --out"
        )
    assert stderr.splitlines()[-1] == expected
    assert snapshot(root.parent) == before


def test_unrelated_folder_is_not_replaced_but_previous_site_is(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("keep me")
    code, stderr = invoke("build", "--root", str(root), "--out", str(documents), "-q", *NOW)
    assert code == 1
    assert "Error: refusing to replace" in stderr
    assert (documents / "letter.txt").read_text() == "keep me"

    # An empty folder, and then the site built into it, are fine to (re)place.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("build", "--root", str(root), "--out", str(empty), "-q", *NOW)[0] == 0
    (root / "episodes" / "002-b.yaml").write_text(episode(2))
    assert invoke("build", "--root", str(root), "--out", str(empty), "-q", *NOW)[0] == 0
    assert (empty / "feed.xml").is_file()


def test_files_read_from_the_output_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page the build read from the output folder (``same``) is as it is there: it is
    not read again to compare; the others are."""
    import pipeline.write as write

    out = tmp_path / "site"
    write_output({"kept.html": b"k", "other.html": b"o"}, out)
    compared: list[str] = []
    real = write._unchanged
    monkeypatch.setattr(
        write, "_unchanged", lambda name, *a: compared.append(name) or real(name, *a)
    )
    before = {"kept.html": seen(os.lstat(out / "kept.html"))}
    result = write_output({"kept.html": b"k", "other.html": b"o"}, out, same=before)
    assert not result.changed
    assert sorted(compared) == [MARKER, "other.html"]


@pytest.mark.parametrize("meanwhile", ["written", "replaced"])
def test_a_file_read_and_then_changed_by_another_build_is_written(
    tmp_path: Path, meanwhile: str
) -> None:
    """Pages are read from the output before the writer takes its lock: another build may
    write the folder in between. The file is no longer as it was read, so it is compared,
    and this build's bytes go back: two sites are never mixed."""
    out = tmp_path / "site"
    write_output({"page.html": b"A", "other.html": b"o"}, out)
    before = {"page.html": seen(os.lstat(out / "page.html"))}
    if meanwhile == "written":  # in place (builds replace files: another inode, below)
        (out / "page.html").write_bytes(b"BB")
    else:
        (tmp_path / "new").write_bytes(b"B")
        os.replace(tmp_path / "new", out / "page.html")
    result = write_output({"page.html": b"A", "other.html": b"o"}, out, same=before)
    assert result.changed
    assert (out / "page.html").read_bytes() == b"A"


def _walked(out: Path) -> set[str]:
    """What os.walk and isfile list: the rule the writer's own listing keeps to."""
    found = set()
    for folder, _, names in os.walk(out):
        prefix = os.path.relpath(folder, out).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        found.update(prefix + n for n in names if os.path.isfile(os.path.join(folder, n)))
    return found


def test_the_output_listing_counts_files_and_links_to_files_only(tmp_path: Path) -> None:
    from pipeline.write import _existing_files

    out = tmp_path / "site"
    (out / "a" / "b").mkdir(parents=True)
    (out / "a" / "b" / "page.html").write_bytes(b"p")
    (out / ".hidden").write_bytes(b"h")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.html").write_bytes(b"x")
    (out / "linked-folder").symlink_to(tmp_path / "elsewhere")
    (out / "linked-file.html").symlink_to(out / "a" / "b" / "page.html")
    (out / "nothing").symlink_to(out / "gone")
    (out / "loop").symlink_to(out / "loop")
    (out / "a" / "empty").mkdir()
    assert (
        _existing_files(out)
        == _walked(out)
        == {
            ".hidden",
            "a/b/page.html",
            "linked-file.html",
        }
    )
    assert _existing_files(tmp_path / "none") == set()
    assert _existing_files(out / ".hidden") == set()
