"""QA: `pipeline import posts` reports odd front matter as `Error:` lines (an impossible date
was a PyYAML traceback; a `!!binary` permalink a JSON one; an alias our own traceback) and
writes nothing; a list or mapping where a title, author or tags belong is refused (it was
written as its Python spelling, "['Goed', 'Beter']", or dropped unsaid)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\ntitle: Goed\ndate: 2026-02-30\n---\nTekst.\n",
            ":3: date: got '2026-02-30', expected a date like 2026-03-04 or 2026-03-04 07:00 "
            "(+01:00 optional)",
        ),
        (
            "---\ntitle: Goed\ndate: 2026-01-02\npermalink: !!binary aGFsbG8=\n---\nTekst.\n",
            ":4: permalink: got b'hallo', expected a text or a list of texts",
        ),
        (
            "---\ntitle: [Goed\n---\nTekst.\n",
            ":3: front matter: got \"did not find expected ',' or ']'\", expected valid YAML",
        ),
        (
            "---\ntitle: Goed\ndate: 2026-01-02\nx: &a [1, 2]\ny: [*a, *a]\n---\nTekst.\n",
            ":5: y: got an alias (*a), expected a value written out (YAML anchors and aliases "
            "are not allowed in content files)",
        ),
        (
            "---\ntitle: [Goed, Beter]\ndate: 2026-01-02\n---\nTekst.\n",
            ":2: title: got ['Goed', 'Beter'], expected a text",
        ),
        (
            "---\ntitle: Goed\ndate: 2026-01-02\nauthor: {naam: Ann}\n---\nTekst.\n",
            ":4: author: got {'naam': 'Ann'}, expected a text",
        ),
        (
            "---\ntitle: Goed\ndate: 2026-01-02\ntags: {winkel: 1}\n---\nTekst.\n",
            ":4: tags: got {'winkel': 1}, expected a list of tags",
        ),
        (
            "---\n- Goed\n- 2026-01-02\n---\nTekst.\n",
            ":1: document: got 'list', expected a mapping of fields (key: value)",
        ),
    ],
    ids=[
        "impossible-date",
        "binary-permalink",
        "malformed",
        "alias",
        "list-title",
        "mapping-author",
        "mapping-tags",
        "list-front-matter",
    ],
)
def test_import_front_matter(
    make_show: ShowMaker, tmp_path: Path, text: str, expected: str
) -> None:
    root = make_show()
    source = tmp_path / "oud.md"
    source.write_text(text)
    result = CliRunner().invoke(main, ["import", "posts", "--root", str(root), str(source)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {source}{expected}",
        "Error: 1 problem found; nothing was written.",
    ]
    assert list((root / "posts").iterdir()) == []
    assert not (root / "imports").exists()


def test_import_into_posts_that_is_a_file(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show()
    (root / "posts").rmdir()
    (root / "posts").write_text("oeps")
    source = tmp_path / "goed.md"
    source.write_text("---\ntitle: Goed\ndate: 2026-01-02\n---\nTekst.\n")
    result = CliRunner().invoke(main, ["import", "posts", "--root", str(root), str(source)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot write {root / 'posts' / '2026-01-02-goed.md'}: a file where a folder "
        "belongs"
    )
    assert (root / "posts").read_text() == "oeps"
