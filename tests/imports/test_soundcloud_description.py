"""`pipeline import soundcloud` of a feed whose descriptions are HTML (many hosts write
``<p>``, ``<br>`` and links there): the episode's ``summary`` is plain text, as the loader
reads it, so pages no longer show the tags themselves."""

from __future__ import annotations

from pipeline.load import load_content
from tests.conftest import ShowMaker
from tests.imports.test_soundcloud import feed, item, page, run
from tests.loopback import Loopback

HTML = (
    "<p>Over de <b>kassa</b>.</p><p>Zie <a href='https://winkel.example/kassa'>ons stuk</a>"
    "<br>en meer &amp; zo.</p><script>alert(1)</script><!-- intern -->"
)


def _with_description(n: int, description: str) -> str:
    escaped = description.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return item(n).replace("</item>", f"<description>{escaped}</description></item>")


def test_an_html_description_becomes_a_plain_summary(make_show: ShowMaker) -> None:
    items = _with_description(1, HTML) + _with_description(2, "Gewoon: 1 < 2 en <3 voor jou.")
    with Loopback({"/f.rss": page(feed(items))}) as server:
        root = make_show()
        code, _, stderr = run(root, server.url + "/f.rss")
    assert code == 0, stderr
    summaries = {e.number: e.summary for e in load_content(root).episodes}
    assert summaries[1] == (
        "Over de kassa.\n\nZie ons stuk (https://winkel.example/kassa)\nen meer & zo."
    )
    assert summaries[2] == "Gewoon: 1 < 2 en <3 voor jou."
