"""A failed in-place update puts back exactly the files it replaced or removed.

``chattr +i`` on one output file makes its rename fail, and putting it "back" fails the
same way; tests cannot count on CAP_LINUX_IMMUTABLE, so ``os.replace`` is made to fail for
one chosen target instead, both when replacing it and when putting it back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.errors import OutputError
from pipeline.write import write_output
from pipeline.write.update import NotPutBack, update_in_place

OLD = {
    "index.html": b"old index",
    "posts.atom": b"old atom",
    "posts/a/index.html": b"old a",
    "posts/b/index.html": b"old b",
    "gone.txt": b"old gone",
}
NEW = {
    "index.html": b"new index",
    "posts.atom": b"new atom",
    "posts/a/index.html": b"new a",
    "posts/b/index.html": b"new b",
    "posts/c/index.html": b"new c",  # added
}


def _site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    for name, data in OLD.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return out


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _refuse(monkeypatch: pytest.MonkeyPatch, out: Path, name: str) -> list[str]:
    """Make every rename onto ``out/name`` fail, like an immutable file; return the
    targets renamed onto, in order."""
    real: Callable[..., None] = os.replace
    target = os.path.join(str(out), name)
    seen: list[str] = []

    def replace(src: str, dst: str) -> None:
        seen.append(str(dst))
        if str(dst) == target:
            raise PermissionError(1, "Operation not permitted", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return seen


@pytest.mark.parametrize("failing", ["posts.atom", "posts/b/index.html", "index.html"])
def test_failed_replace_puts_back_every_replaced_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    out = _site(tmp_path)
    _refuse(monkeypatch, out, failing)
    with pytest.raises(PermissionError):
        update_in_place(out, NEW, unchanged=(), existing=set(OLD))
    assert _tree(out) == OLD  # every other file's old bytes, nothing added, nothing lost
    assert not (out / "posts" / "c").exists()  # the folder the update made is gone too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no kept folder left


def test_failed_replace_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _site(tmp_path)
    _refuse(monkeypatch, out, "posts.atom")
    with pytest.raises(PermissionError):
        update_in_place(out, NEW, unchanged=(), existing=set(OLD))
    assert [p for p in out.rglob("*.new")] == []
    assert not (out / ".posts.atom.new").exists()


def test_file_never_replaced_is_not_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _site(tmp_path)
    seen = _refuse(monkeypatch, out, "posts.atom")
    with pytest.raises(PermissionError):
        update_in_place(out, NEW, unchanged=(), existing=set(OLD))
    # Once when the update tried it, never again while putting things back.
    assert seen.count(str(out / "posts.atom")) == 1


def test_one_failing_put_back_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The update fails late (on ``posts/b``); putting back ``index.html`` fails too. The
    other files are still put back, and the error says where the kept copies are."""
    out = _site(tmp_path)
    real = os.replace
    broken = {str(out / "posts/b/index.html")}

    def replace(src: str, dst: str) -> None:
        if str(dst) in broken:
            raise PermissionError(1, "Operation not permitted", str(dst))
        real(src, dst)
        if str(dst) == str(out / "index.html"):
            broken.add(str(dst))  # replaced once, then refuses to go back

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(NotPutBack) as caught:
        update_in_place(out, NEW, unchanged=(), existing=set(OLD))
    after = _tree(out)
    assert after.pop("index.html") == b"new index"  # the one that could not go back
    assert after == {k: v for k, v in OLD.items() if k != "index.html"}
    assert Path(caught.value.kept, "index.html").read_bytes() == b"old index"
    assert [p for p in out.rglob("*.new")] == []


def test_write_output_reports_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_output(dict(OLD), out)
    before = _tree(out)
    _refuse(monkeypatch, out, "posts.atom")
    with pytest.raises(OutputError, match="it is as it was"):
        write_output(dict(NEW), out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
