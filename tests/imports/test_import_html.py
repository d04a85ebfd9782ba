"""Scraped article HTML: the date, author and title the page's metadata gives (Open Graph
article tags, JSON-LD, <time datetime>), the page's chrome reported with its source line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker
from tests.imports.damage import damage

PAGE = """<!doctype html>
<html lang="nl"><head>
<meta charset="utf-8">
<title>De kassa als gesprekspartner | Winkelpraat</title>
{head}
</head>
<body>
<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<div class="cookie-banner">Deze site gebruikt cookies. <button>Akkoord</button></div>
<article>
<h1>De kassa als gesprekspartner</h1>
{byline}
<p>Een klant zei: “ik kom hier voor het praatje”, en dat is één compliment.</p>
<ol start="3"><li>Vraag naar de hond.</li><li>Vraag naar het weer.</li></ol>
</article>
<footer>© Winkelpraat</footer>
</body></html>
"""
JSON_LD = """<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "BlogPosting",
 "headline": "De kassa als gesprekspartner", "datePublished": "2025-09-14T08:30:00+02:00",
 "dateModified": "2026-01-02T10:00:00+01:00",
 "author": {"@type": "Person", "name": "Joost van Lier"}}
</script>"""
OPEN_GRAPH = """<meta property="og:title" content="De kassa als gesprekspartner">
<meta property="article:published_time" content="2025-09-14T08:30:00+02:00">
<meta name="author" content="Joost van Lier">"""
TIME = '<p class="meta">Door Joost van Lier, <time datetime="2025-09-14">14 september</time></p>'


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "posts", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("head", "byline", "date"),
    [
        (JSON_LD, "", "2025-09-14 08:30:00 +0200"),
        (OPEN_GRAPH, "", "2025-09-14 08:30:00 +0200"),
        ("", TIME, "2025-09-14 00:00:00 +0200"),
    ],
    ids=["json-ld", "open-graph", "time-element"],
)
def test_page_metadata_gives_date_author_title(
    make_show: ShowMaker, tmp_path: Path, head: str, byline: str, date: str
) -> None:
    root = make_show()
    page = tmp_path / "kassa.html"  # no date in the file name: the page must give it
    page.write_text(PAGE.format(head=head, byline=byline), "utf-8")
    code, out, err = run(root, str(page))
    assert code == 0, err
    post = root / "posts" / "2025-09-14-de-kassa-als-gesprekspartner.md"
    text = post.read_text("utf-8")
    assert 'title: "De kassa als gesprekspartner"' in text
    assert f'date: "{date}"' in text
    assert 'author: "Joost van Lier"' in text
    assert "“ik kom hier voor het praatje”" in text
    assert "3. Vraag naar de hond.\n4. Vraag naar het weer." in text  # the list keeps its start
    lines = page.read_text("utf-8").split("\n")
    nav, cookie, footer = (
        next(n for n, line in enumerate(lines, 1) if line.startswith(tag))
        for tag in ("<nav>", '<div class="cookie', "<footer>")
    )
    assert f"removed: line {nav}: page nav: 'Home Blog'" in out
    assert (
        f"removed: line {cookie}: page cookie notice: 'Deze site gebruikt cookies. Akkoord'" in out
    )
    assert f"removed: line {footer}: page footer: '© Winkelpraat'" in out
    assert "cookies" not in text and "Winkelpraat" not in text


def test_damaged_page_is_repaired_before_its_metadata_is_read(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show()
    page = tmp_path / "kassa.html"
    page.write_text(damage(PAGE.format(head=JSON_LD, byline=""), "cp1253"), "utf-8")
    code, out, err = run(root, str(page))
    assert code == 0, err
    text = (root / "posts" / "2025-09-14-de-kassa-als-gesprekspartner.md").read_text("utf-8")
    assert "“ik kom hier voor het praatje”, en dat is één compliment." in text
    line = next(n for n, t in enumerate(page.read_text("utf-8").split("\n"), 1) if "<p>Een" in t)
    assert f"encoding: line {line}: 'Γ©' -> 'é' (cp1253)" in out


def test_a_year_in_the_text_is_no_date(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show()
    page = tmp_path / "zonder-datum.html"
    page.write_text(
        "<html><head><title>Sinds 2019 open</title></head><body><article><h1>Sinds 2019 open"
        "</h1><p>We openden in maart 2019 en zijn er nog.</p></article></body></html>",
        "utf-8",
    )
    code, _, err = run(root, str(page))
    assert code == 1
    assert f"Error: {page}: date: got nothing, expected a date in the front matter" in err


def test_an_empty_page_is_an_error_not_a_traceback(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show()
    page = tmp_path / "leeg.html"
    page.write_text("  \n", "utf-8")
    code, _, err = run(root, str(page))
    assert code == 1
    assert err.splitlines()[0] == (
        f"Error: {page}:1: html: got 'Document is empty', expected an HTML page"
    )
