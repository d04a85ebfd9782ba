"""An output folder holding a symbolic link to a folder (made by hand: the output is the
tool's): a build never writes through it, outside the output folder; the site is written
anew, with a folder of its own in the link's place, and what the link led to is left as
it was."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.write import write_output


def test_an_update_does_not_write_through_a_linked_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_output({"a/x.html": b"one", "b.html": b"b"}, out)
    elsewhere = tmp_path / "elsewhere"
    os.rename(out / "a", elsewhere)
    (out / "a").symlink_to(elsewhere)
    write_output({"a/x.html": b"two", "a/y.html": b"new", "b.html": b"b2"}, out)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.html"]
    assert (elsewhere / "x.html").read_bytes() == b"one"
    assert not (out / "a").is_symlink()
    assert (out / "a/x.html").read_bytes() == b"two"
    assert (out / "a/y.html").read_bytes() == b"new"
    assert (out / "b.html").read_bytes() == b"b2"


def test_a_linked_folder_no_file_goes_through_is_dropped_too(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_output({"b.html": b"b"}, out)
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff/keep.txt").write_bytes(b"mine")
    (out / "stuff").symlink_to(tmp_path / "stuff")
    write_output({"b.html": b"b2"}, out)
    assert not os.path.lexists(out / "stuff")
    assert (tmp_path / "stuff/keep.txt").read_bytes() == b"mine"
