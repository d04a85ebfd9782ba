"""A "Lees ook" line written with emphasis is a pointer like any other.

Before: ``*Lees ook*: <title>`` and ``**Lees ook**: <title>`` (the emphasis closed before
the colon) were no pointers: the title stayed plain text on the page, the post it named
was listed again under related items and in the ``link --write`` block, and
``related.json`` had no pointer for it. ``**Lees ook:**`` (the colon inside) was one
already and stays one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from pipeline.build import BuildOptions, build
from pipeline.cli import main
from pipeline.link.pointers import resolve_pointers
from pipeline.load import load_content
from pipeline.models import Pointer
from tests.conftest import ShowMaker
from tests.link.test_related import post

TARGET = "2026-01-05-de-etalage-als-stille-verkoper"
TITLE = "De etalage als stille verkoper"
NOW = datetime(2026, 6, 1, 10, tzinfo=UTC)


def _show(make_show: ShowMaker, line: str) -> Path:
    """A post on shop windows, and one on the shop floor pointing to it with ``line``;
    both on the same subject, so the second is related to the first as well."""
    return make_show(
        posts={
            TARGET: post(
                TITLE,
                "De etalage verkoopt voor je: licht, ruimte en een wisselende etalage.",
                "2026-01-05",
                "[winkel]",
            ),
            "2026-01-19-de-winkelvloer": post(
                "De winkelvloer",
                f"Op de winkelvloer verkoopt de etalage mee.\n\n{line}",
                "2026-01-19",
                "[winkel]",
            ),
        }
    )


@pytest.mark.parametrize(
    "line",
    [
        f"*Lees ook*: {TITLE}",
        f"**Lees ook**: {TITLE}",
        f"**Lees ook:** {TITLE}",
        f"_Lees ook_: {TITLE}",
        f"_Lees ook:_ {TITLE}",
        f"__Zie ook__ - {TITLE}",
        f"> **Lees ook**: {TITLE}",
        f"*Read also*: {TITLE}",
        f"**See also**: *{TITLE}*",
        f"Lees ook: {TITLE}",  # as before
    ],
)
def test_emphasised_pointer_is_loaded_and_resolved(make_show: ShowMaker, line: str) -> None:
    content = load_content(_show(make_show, line))
    pointing = content.posts_by_slug["de-winkelvloer"]
    assert pointing.pointers == (Pointer(TITLE, 9),)
    (found,) = resolve_pointers(content).pointers
    assert (found.line, found.target, found.how) == (
        9,
        "post:de-etalage-als-stille-verkoper",
        "title",
    )


def test_emphasised_pointers_link_on_the_page_and_in_related_json(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = _show(make_show, f"*Lees ook*: {TITLE}\n\n**Lees ook**: [de etalage]({TARGET}.md)")
    out = tmp_path / "site"
    build(BuildOptions(root=root, out=out, now=NOW, offline=True))
    page = lxml_html.fromstring((out / "posts/de-winkelvloer/index.html").read_bytes())
    lines = page.xpath("//div[@class='body']//p[starts-with(., 'Lees ook')]")
    assert [(p.xpath("string(em|strong)"), p.xpath("a/@href")) for p in lines] == [
        ("Lees ook", ["../../posts/de-etalage-als-stille-verkoper/"]),
        ("Lees ook", ["../../posts/de-etalage-als-stille-verkoper/"]),
    ]
    # Linked in the text already, so not listed again under related items.
    related = page.xpath("//section[@class='related']//a/@href")
    assert "../../posts/de-etalage-als-stille-verkoper/" not in related
    pointers = json.loads((out / "related.json").read_text("utf-8"))["pointers"]
    assert [(p["line"], p["target"], p["how"]) for p in pointers] == [
        (9, "post:de-etalage-als-stille-verkoper", "title"),
        (11, "post:de-etalage-als-stille-verkoper", "slug"),
    ]


def test_link_write_leaves_out_what_an_emphasised_pointer_names(make_show: ShowMaker) -> None:
    root = _show(make_show, f"**Lees ook**: {TITLE}")
    command = ["link", "--root", str(root), "--now", "2026-06-01T12:00+02:00"]
    listed = CliRunner().invoke(main, command)
    assert listed.exit_code == 0, listed.output
    assert "post:de-etalage-als-stille-verkoper" in listed.stdout  # related it is
    written = CliRunner().invoke(main, [*command, "--write"])
    assert written.exit_code == 0, written.output
    text = (root / "posts/2026-01-19-de-winkelvloer.md").read_text("utf-8")
    assert "de-etalage-als-stille-verkoper/" not in text  # pointed to by hand already
