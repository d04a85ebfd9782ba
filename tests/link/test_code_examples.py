"""A post that shows the "Lees ook" syntax in code keeps it as code, through every reader of
it: no pointer or link is resolved from the code, its built page shows the code as written,
its words count for related items while our block's do not, and ``pipeline link --write``
takes no marker in inline code for one of ours. A real "Lees ook" line or block after the
code still works."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipeline.build import BuildOptions, build
from pipeline.link.pointers import resolve_pointers
from pipeline.link.text import BLOCK_BEGIN, BLOCK_END, Analyzer
from pipeline.load import load_content
from tests.conftest import BASIC_CONFIG, SAMPLE_NOW, ShowMaker
from tests.link.test_command import run
from tests.link.test_related import SELLING, post

B, E = BLOCK_BEGIN, BLOCK_END
OLD = "/2026/01/05/verkopen-aan-de-toonbank.html"  # an old address of a post in SELLING
REAL_BLOCK = (
    f"{B}\n**Lees ook**\n\n"
    "- [Verkopen aan de toonbank](https://show.example/posts/verkopen-aan-de-toonbank/)\n"
    f"{E}"
)

# slug -> (body, the code the page shows as written, what of it is resolved: real only)
EXAMPLES: dict[str, tuple[str, list[str], list[str]]] = {
    "met-backticks": (
        "Zo verwijs je:\n\n```markdown\nLees ook: Verkopen aan de toonbank\n"
        f"Meer in [dit stuk]({OLD}).\n```\n\nLees ook: Fietsen repareren in de schuur",
        [f"Lees ook: Verkopen aan de toonbank\nMeer in [dit stuk]({OLD}).\n"],
        ["Fietsen repareren in de schuur"],
    ),
    "met-tildes": (  # a longer fence around a shorter one
        "Zo:\n\n~~~~\n~~~\nLees ook: De verkoop van vulpennen\n~~~\n~~~~\n\nNa de code.",
        ["~~~\nLees ook: De verkoop van vulpennen\n~~~\n"],
        [],
    ),
    "ingesprongen": (
        f"Zo:\n\n    *Zie ook:* Appeltaart bakken op vrijdag\n    [oud]({OLD})\n\nKlaar.",
        [f"*Zie ook:* Appeltaart bakken op vrijdag\n[oud]({OLD})\n"],
        [],
    ),
    "inline": (  # a code span over two lines, and a link in code beside a real one
        "Een verwijzing staat op een eigen regel: `\nLees ook: De verkoop van vulpennen`.\n\n"
        f"Niet ``[zo]({OLD})`` maar [zo]({OLD}), zoals [hier]({OLD}).",
        [" Lees ook: De verkoop van vulpennen", f"[zo]({OLD})"],
        [OLD, OLD],
    ),
    "open-tot-het-eind": (
        "Tot slot:\n\n```\nLees ook: Appeltaart bakken op vrijdag",
        ["Lees ook: Appeltaart bakken op vrijdag\n"],
        [],
    ),
    "half-blok": (  # only a begin marker in the example, then a real line and block
        f"Het blok begint zo:\n\n```\n{B}\n```\n\n"
        f"Lees ook: De verkoop van vulpennen\n\n{REAL_BLOCK}",
        [f"{B}\n"],
        ["De verkoop van vulpennen"],
    ),
}


def _show(make_show: ShowMaker) -> Path:
    posts = dict(SELLING)
    for day, (slug, (body, _, _)) in enumerate(EXAMPLES.items(), start=3):
        posts[f"2026-02-{day:02d}-{slug}"] = post(f"Voorbeeld {slug}", body, f"2026-02-{day:02d}")
    return make_show(posts=posts)


def test_only_real_pointers_and_links_are_resolved(make_show: ShowMaker) -> None:
    report = resolve_pointers(load_content(_show(make_show)))
    assert report.notices == ()
    for slug, (_, _, real) in EXAMPLES.items():
        found = sorted(p.text for p in report.pointers if p.source == f"post:{slug}")
        assert found == sorted(real), slug
    assert all(p.target for p in report.pointers)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, lxml_html.HtmlElement]:
    """The body of each example's built page."""
    tmp = tmp_path_factory.mktemp("code")
    root = _show(lambda posts: _made(tmp, posts))
    out = tmp / "site"
    build(BuildOptions(root=root, out=out, now=SAMPLE_NOW, offline=True))
    found = {}
    for slug in EXAMPLES:
        page = lxml_html.fromstring((out / "posts" / slug / "index.html").read_bytes())
        found[slug] = page.xpath("//main/article//div[@class='body']")[0]
    return found


def _made(tmp: Path, posts: dict[str, str]) -> Path:
    """What ``make_show`` writes, for a module's fixture."""
    root = tmp / "show"
    (root / "episodes").mkdir(parents=True)
    (root / "posts").mkdir()
    (root / "podcast.toml").write_text(BASIC_CONFIG, encoding="utf-8")
    for name, text in posts.items():
        (root / "posts" / f"{name}.md").write_text(text, "utf-8")
    return root


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_page_shows_the_code_as_written(
    pages: dict[str, lxml_html.HtmlElement], slug: str
) -> None:
    body = pages[slug]
    assert [code.text_content() for code in body.xpath(".//code")] == EXAMPLES[slug][1]
    assert body.xpath(".//code//a") == []


@pytest.mark.parametrize(
    ("slug", "linked"),
    [
        ("met-backticks", ["../../posts/fietsen-repareren/"]),
        ("inline", ["../../posts/verkopen-aan-de-toonbank/"] * 2),
        ("half-blok", ["../../posts/de-verkoop-van-vulpennen/"]),
    ],
)
def test_the_real_line_after_the_code_links(
    pages: dict[str, lxml_html.HtmlElement], slug: str, linked: list[str]
) -> None:
    body = pages[slug]
    assert body.xpath(".//p[not(ancestor::pre)]/a/@href") == linked


def test_the_real_block_after_the_code_is_rendered_as_a_list(
    pages: dict[str, lxml_html.HtmlElement],
) -> None:
    body = pages["half-blok"]
    assert body.xpath(".//p/strong/text()") == ["Lees ook"]
    assert body.xpath(".//ul/li/a/@href") == ["../../posts/verkopen-aan-de-toonbank/"]
    assert "pipeline:lees-ook" not in lxml_html.tostring(body, encoding="unicode").replace(
        "&lt;!-- pipeline:lees-ook begin --&gt;", ""
    )  # the real markers are comments the page drops; the quoted one is text


def test_code_words_count_and_the_real_blocks_do_not() -> None:
    words = Analyzer("nl").words(
        f"Voorbeeld:\n\n```\n{B}\nvoorbeeldregel\n```\n\ntussenzin\n\n"
        f"Inline `{B}` binnenwoord `{E}` buitenwoord.\n\n{B}\nblokwoord\n{E}\n"
    )
    assert {"voorbeeldregel", "tussenzin", "binnenwoord", "buitenwoord"} <= set(words)
    assert "blokwoord" not in words


INLINE_MARKERS = {
    "begin only": f"Begin het blok met `{B}` op een eigen regel.",
    "begin and end": f"Het blok staat tussen `{B}` en `{E}`, niet erbuiten.",
}


@pytest.mark.parametrize("body", INLINE_MARKERS.values(), ids=INLINE_MARKERS.keys())
def test_link_write_leaves_markers_in_inline_code_alone(make_show: ShowMaker, body: str) -> None:
    posts = dict(SELLING)
    name = "2026-01-19-een-goede-verkoper"
    posts[name] = post("Een goede verkoper", f"Een verkoper luistert.\n\n{body}", "2026-01-19")
    root = make_show(posts=posts)
    path = root / "posts" / f"{name}.md"
    before = path.read_text("utf-8")

    status, out, err = run(root, "--write")
    assert status == 0, out + err
    after = path.read_text("utf-8")
    assert after.startswith(before)  # the sentence with its code, byte for byte
    assert after[len(before) :].startswith(f"\n{B}\n**Lees ook**")

    status, _, _ = run(root, "--write")
    assert status == 0
    assert path.read_text("utf-8") == after
