"""Show folders that link out of the show, and file names that are not UTF-8.

A ``templates/`` (or ``static/``, ``posts/``, ``episodes/``) linking to a folder elsewhere
was refused once per file behind it (54,000 lines for a link to a home folder), after the
build's digest had read every one of those files. File names that are not UTF-8 were a
UnicodeEncodeError traceback from the digest, the related list or the pages. Each is now
one ``Error:`` line, nothing outside the show is read, exit 1, the last output untouched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import fingerprint
from tests.conftest import ShowMaker
from tests.load.test_odd_paths import built, refused
from tests.security.support import build

SUFFIX = {"templates": ".html", "static": ".css", "posts": ".md", "episodes": ".yaml"}


@pytest.mark.parametrize("folder", sorted(SUFFIX))
def test_a_folder_linking_out_is_one_problem_and_unread(
    make_show: ShowMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    root = built(make_show)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for n in range(40):
        (outside / f"2026-01-{n % 28 + 1:02d}-f{n}{SUFFIX[folder]}").write_text("x\n")
    shutil.rmtree(root / folder, ignore_errors=True)
    (root / folder).symlink_to(outside)
    real = fingerprint._Files.content

    def content(self: fingerprint._Files, path: str | Path, name: str, link: object) -> object:
        # The build runs in a forked process (support.run): this raising there is a
        # traceback, which fails the test.
        assert not str(path).startswith(str(outside)), f"read outside the show: {path}"
        return real(self, path, name, link)  # type: ignore[arg-type]

    monkeypatch.setattr(fingerprint._Files, "content", content)
    found = refused(root)
    assert found == [
        f"Error: {folder}: folder: got a link to {str(outside)!r}, "
        "expected a folder inside the show folder"
    ]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("posts/2026-03-02-caf\udce9.md", "posts/2026-03-02-caf\\xe9.md"),
        ("episodes/002-\udcff.yaml", "episodes/002-\\xff.yaml"),
        ("static/\udcff.css", "static/\\xff.css"),
        ("static/d\udce9/a.css", "static/d\\xe9"),  # a folder's name: named, not entered
        ("templates/\udcff.html", "templates/\\xff.html"),
    ],
)
def test_a_file_name_that_is_not_utf8_is_named(make_show: ShowMaker, name: str, shown: str) -> None:
    root = built(make_show)
    path = root / name  # Python writes the surrogates back as the bytes they stand for
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x\n")
    found = refused(root)
    assert f"Error: {shown}: file name: " in "\n".join(found) + "\n", found
    assert all("expected a file name in UTF-8" in line for line in found if shown in line)


def test_an_unpublished_file_with_such_a_name_is_digested(make_show: ShowMaker) -> None:
    """transcripts/ holds files episodes name; one that no episode names is not published,
    and the build's record keeps its name (the record is ASCII JSON, escapes and all)."""
    root = built(make_show)
    (root / "transcripts").mkdir(exist_ok=True)
    (root / "transcripts" / "\udcfe.vtt").write_bytes(b"WEBVTT\n")
    record = root / ".cache" / "build" / "last.json"
    code, _, err = build(root)
    assert code == 0, err
    before = json.loads(record.read_bytes())["inputs"]
    (root / "transcripts" / "\udcfe.vtt").write_bytes(b"WEBVTT\n\n")
    code, _, err = build(root)
    assert code == 0, err
    assert json.loads(record.read_bytes())["inputs"] != before  # its content is digested


def test_the_record_keeps_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = "transcripts/\udcfe.vtt"
    report = {"feed": "feed.xml", "episodes": [], "scheduled": [], "posts": 0, "notices": []}
    kept = fingerprint.Record(
        "i", "e", "o", None, None, {}, {**report, "files": 0}, files={name: [1, 2, 3, 4, "d"]}
    )
    (tmp_path / fingerprint.RECORD).parent.mkdir(parents=True)
    (tmp_path / fingerprint.RECORD).write_bytes(fingerprint.record_bytes(kept))
    found, notice = fingerprint.read_record(tmp_path)
    assert notice is None and found is not None and dict(found.files) == {name: [1, 2, 3, 4, "d"]}
