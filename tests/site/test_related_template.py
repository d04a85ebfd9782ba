"""A show's own template for the related list sees each entry as an item with its reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import SAMPLE_NOW

OWN = (
    '{% for item in related %}<p class="why" data-kind="{{ item.kind }}"'
    ' data-draft="{{ item.draft }}" data-year="{{ item.date.year }}">'
    '<a href="{{ link(item.path) }}">{{ item.title }}</a>: {{ item.reason }}</p>{% endfor %}\n'
)


def _build(root: Path) -> None:
    args = ["build", "--root", str(root), "--now", SAMPLE_NOW.isoformat(), "--offline"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def test_a_shows_related_template_reads_title_kind_date_and_reason(sample_copy: Path) -> None:
    (sample_copy / "templates").mkdir()
    (sample_copy / "templates/_related.html").write_text(OWN, "utf-8")
    _build(sample_copy)
    site = sample_copy / "site"
    related = json.loads((site / "related.json").read_text("utf-8"))["items"]
    checked = 0
    for key, entry in related.items():
        kind, _, slug = key.partition(":")
        if kind != "post":
            continue
        page = (site / "posts" / slug / "index.html").read_text("utf-8")
        shown = re.findall(r'<p class="why" data-kind="(\w+)" data-draft="(\w+)"', page)
        reasons = {link["reason"] for link in entry["related"] if link["kind"] == "related"}
        for reason in reasons:
            if f": {reason}</p>" in page.replace("&#39;", "'"):
                checked += 1
        assert all(k in ("post", "episode") and d == "False" for k, d in shown)
    assert checked >= 5  # reasons of several pages' related items, as related.json says them
