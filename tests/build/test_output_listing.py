"""A build with nothing new checks the output folder without listing the folders the
record vouches for (``output_listing.py``): the answer must be the one a full listing
gives, whatever was done to the output since."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline import output_listing
from pipeline.fingerprint import RECORD
from pipeline.output_listing import listing, output_intact
from tests.conftest import ShowMaker, episode

FUTURE = 1 << 62  # a probe's time after every folder's: all vouched for


def _tree(out: Path) -> None:
    for name, text in {
        "index.html": "<p>thuis</p>",
        "posts/a/index.html": "<p>a</p>",
        "posts/b/index.html": "<p>b</p>",
        "posts/b/deep/er.txt": "dieper",
        ".pipeline-output": "",
    }.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, "utf-8")
    (out / "leeg").mkdir()  # a folder with nothing in it: new names there count too


def _rewrite_same_size(out: Path) -> None:
    path = out / "posts/a/index.html"
    before = path.stat()
    path.write_text("<p>b</p>", "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))


def _put_back_times(out: Path) -> None:
    """A name added, then the folder's modification time set back (as ``cp -a`` does)."""
    folder = out / "posts/a"
    before = folder.stat()
    (folder / "stray.html").write_text("x", "utf-8")
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))


def _folder_for_link(out: Path) -> None:
    shutil.rmtree(out / "leeg")
    (out / "leeg").symlink_to(out / "posts")


CHANGES: dict[str, tuple[Callable[[Path], object], bool]] = {
    "nothing": (lambda out: None, True),
    "a file added": (lambda out: (out / "posts/a/nieuw.html").write_text("x"), False),
    "a file in an empty folder": (lambda out: (out / "leeg/nieuw.html").write_text("x"), False),
    "a file deep down": (lambda out: (out / "posts/b/deep/nog.txt").write_text("x"), False),
    "a file removed": (lambda out: (out / "posts/b/deep/er.txt").unlink(), False),
    "a file grown": (lambda out: (out / "index.html").write_text("<p>thuis!</p>"), False),
    "a file rewritten, same size": (_rewrite_same_size, False),
    "a file renamed": (lambda out: (out / "index.html").rename(out / "index2.html"), False),
    "a folder renamed": (lambda out: (out / "posts/b").rename(out / "posts/c"), False),
    "a folder made a file": (
        lambda out: (shutil.rmtree(out / "posts/b/deep"), (out / "posts/b/deep").write_text("")),
        False,
    ),
    "a folder made a link": (_folder_for_link, False),
    "a hidden file added": (lambda out: (out / "posts/a/.verborgen").write_text("x"), True),
    "an empty folder added": (lambda out: (out / "posts/a/leeg2").mkdir(), True),
    "a name added, times put back": (_put_back_times, False),
    "the output removed": (lambda out: shutil.rmtree(out), False),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("vouched", [True, False])
def test_the_check_answers_as_a_full_listing_does(
    tmp_path: Path, change: str, vouched: bool
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    _tree(out)
    device = os.lstat(out).st_dev
    outputs, folders = listing(out, (device, FUTURE if vouched else 0))
    assert all(folders.values()) if vouched else not any(folders.values())
    assert set(folders) == {"", "posts", "posts/a", "posts/b", "posts/b/deep", "leeg"}
    assert sorted(outputs) == [
        "index.html", "posts/a/index.html", "posts/b/deep/er.txt", "posts/b/index.html"
    ]  # fmt: skip
    do, intact = CHANGES[change]
    do(out)
    full = out.is_dir() and listing(out)[0] == outputs
    assert output_intact(out, outputs, folders) is full is intact


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_listing_from_the_last_one_is_a_full_listing(tmp_path: Path, change: str) -> None:
    """After a build, the record's listing is made from the last one where folders are
    unchanged: the same files and folders as a full listing, whatever was done."""
    out = tmp_path / "site"
    out.mkdir()
    _tree(out)
    clock = (os.lstat(out).st_dev, FUTURE)
    then = listing(out, clock)
    CHANGES[change][0](out)
    if out.is_dir():
        assert listing(out, clock, then) == listing(out, clock)
    else:
        assert listing(out, clock, then) == ({}, {})


def test_an_unchanged_folder_stays_vouched_for_without_a_new_probe(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    _tree(out)
    then = listing(out, (os.lstat(out).st_dev, FUTURE))
    (out / "posts/a/nieuw.html").write_text("x", "utf-8")
    found, folders = listing(out, (os.lstat(out).st_dev, 0), then)  # a probe vouching none
    assert "posts/a/nieuw.html" in found
    assert folders["posts/a"] == [] and folders["posts/b"] == then[1]["posts/b"] != []


def _listed(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[str]:
    """The folders of ``out`` listed from now on (not the show's, nor the code's)."""
    listed: list[str] = []
    real = os.scandir

    def scandir(path: str) -> os._ScandirIterator[str]:
        if str(path).startswith(str(out)):
            listed.append(path)
        return real(path)

    monkeypatch.setattr(output_listing.os, "scandir", scandir)
    return listed


def test_vouched_folders_are_not_listed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    _tree(out)
    outputs, folders = listing(out, (os.lstat(out).st_dev, FUTURE))
    listed = _listed(monkeypatch, out)
    assert output_intact(out, outputs, folders)
    assert listed == []
    (out / "posts/b/nieuw.html").write_text("x", "utf-8")  # that folder alone is listed
    assert not output_intact(out, outputs, folders)
    assert listed == [str(out / "posts/b")]


def test_a_folder_on_another_device_or_changed_since_the_probe_is_not_vouched(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    _tree(out)
    device = os.lstat(out).st_dev
    assert not any(listing(out, (device + 1, FUTURE))[1].values())
    # the probe's clock: folders changed at or after its time are listed next time
    changed = os.lstat(out / "posts/b").st_ctime_ns
    found = listing(out, (device, changed))[1]
    assert found["posts/b"] == []
    for folder, entry in found.items():
        times = os.lstat(out / folder)
        assert (entry != []) is (max(times.st_mtime_ns, times.st_ctime_ns) < changed)


@pytest.mark.parametrize("damaged", ["tekst", 5, [1, 2], {"a": 1}, None])
def test_a_damaged_folder_entry_means_that_folder_is_listed(
    tmp_path: Path, damaged: object
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    _tree(out)
    outputs, folders = listing(out, (os.lstat(out).st_dev, FUTURE))
    folders["posts/a"] = damaged  # type: ignore[assignment]
    assert output_intact(out, outputs, folders)
    (out / "posts/a/nieuw.html").write_text("x", "utf-8")
    assert not output_intact(out, outputs, folders)


def test_a_build_records_its_folders_and_the_next_lists_none(
    make_show: ShowMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record keeps every folder of the output; with each one vouched for, a build
    with nothing new lists none of them, and one that changed is listed and rebuilt."""
    from pipeline import fingerprint
    from pipeline.write import stamps
    from tests.build.test_incremental import POST, run

    show = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-over-de-kassa": POST})
    out = tmp_path / "site"
    monkeypatch.setattr(stamps, "clock", lambda out: (os.lstat(out.parent).st_dev, FUTURE))
    run(show, out)
    record = json.loads((show / RECORD).read_text("utf-8"))
    folders = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir()}
    assert set(record["folders"]) == folders | {""}
    assert all(record["folders"].values())

    def here(check: Callable[[], bool]) -> Callable[[], bool]:
        answer = check()
        return lambda: answer

    monkeypatch.setattr(fingerprint, "meanwhile", here)
    listed = _listed(monkeypatch, out)
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err
    assert listed == []
    (out / "episodes" / "stray.html").write_text("x", "utf-8")
    # a probe that vouches for nothing new: folders unchanged since stay vouched for, as
    # the last record had them (their listing is taken from it), the changed one is not
    monkeypatch.setattr(stamps, "clock", lambda out: (os.lstat(out.parent).st_dev, 0))
    _, err = run(show, out)
    assert "Nothing changed since the last build" not in err
    assert not (out / "episodes" / "stray.html").exists()
    again = json.loads((show / RECORD).read_text("utf-8"))["folders"]
    assert again["episodes"] == [] and again[""] == record["folders"][""]
    assert [k for k, v in again.items() if v != record["folders"][k]] == ["episodes"]


@pytest.mark.parametrize(
    "damage",
    ["a file's name with a NUL", "a folder's name with a NUL", "a name no path can encode"],
)
def test_a_damaged_name_in_the_record_means_a_full_build_not_a_traceback(
    make_show: ShowMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """The record's names are used as paths: one no path can hold is a record not to
    trust, also where the check runs in the build's own process (one core)."""
    from pipeline import fingerprint
    from pipeline.write import stamps
    from tests.build.test_incremental import POST, files, run

    show = make_show(posts={"2026-03-01-over-de-kassa": POST})
    out = tmp_path / "site"
    monkeypatch.setattr(stamps, "clock", lambda out: (os.lstat(out.parent).st_dev, FUTURE))
    run(show, out)
    expected = files(out)
    record = json.loads((show / RECORD).read_text("utf-8"))
    if damage == "a file's name with a NUL":
        record["outputs"]["posts/stray\u0000.html"] = [1, 2]
    elif damage == "a folder's name with a NUL":
        record["folders"]["posts/leeg\u0000"] = [1, 2, 3, 0]
        record["folders"]["posts"][3] += 1
    else:
        record["outputs"]["x\ud800.html"] = [1, 2]
    (show / RECORD).write_text(json.dumps(record), "utf-8")
    monkeypatch.setattr(fingerprint, "meanwhile", lambda check: check)  # in this process
    _, err = run(show, out)
    assert "Nothing changed since the last build" not in err and "Traceback" not in err
    assert files(out) == expected
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err


def test_a_record_missing_a_folder_lists_its_parent(tmp_path: Path) -> None:
    """Each folder vouched for keeps how many names it held: a record that lost an empty
    folder's entry gives its parent one name too few, and the parent is listed."""
    out = tmp_path / "site"
    out.mkdir()
    _tree(out)
    outputs, folders = listing(out, (os.lstat(out).st_dev, FUTURE))
    del folders["leeg"]
    assert output_intact(out, outputs, folders)
    (out / "leeg" / "stray.html").write_text("x", "utf-8")
    assert not output_intact(out, outputs, folders)
    outputs, folders = listing(out, (os.lstat(out).st_dev, FUTURE))
    del outputs["posts/b/deep/er.txt"], folders["posts/b/deep"]  # a file and its folder
    assert not output_intact(out, outputs, folders)
