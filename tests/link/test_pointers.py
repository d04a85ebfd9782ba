"""Hand-written "Lees ook" pointers and links to other posts resolve to the post meant;
what matches nothing is a build notice with file and line."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.build import BuildOptions, build
from pipeline.link.pointers import md_links, resolve_pointers
from pipeline.load import load_content
from tests.conftest import SAMPLE_NOW, ShowMaker
from tests.link.test_related import post

POSTS = {
    "2026-01-05-de-etalage-als-stille-verkoper": post(
        "De etalage als stille verkoper", "Licht en ruimte.", "2026-01-05"
    ),
    "2026-01-12-personeel-dat-blijft": post(
        "Personeel dat blijft: wat we leerden van drie winkeliers",
        "Inwerken.",
        "2026-01-12",
    ).replace("tags: []", "tags: []\nredirect_from: /oud/personeel.html"),
    "2026-01-19-verwijzingen": post(
        "Verwijzingen",
        "\n".join(
            [
                "Lees ook: DE ETALAGE, ALS STILLE VERKOPER!",  # line 7: case, punctuation
                "Lees ook: Personeel dat blijft: wat we leerden van drie winkelers",  # typo
                "*Read also:* de-etalage-als-stille-verkoper",  # a slug
                "Zie ook: Een post die niet bestaat",  # unknown
                "Meer in [dit stuk](/2026/01/05/de-etalage-als-stille-verkoper.html) en",
                "[dat](https://show.example/oud/personeel.html), niet [dit](/posts/weg/).",
                "[Extern](https://elders.example/posts/iets/) en [foto](/media/a.jpg).",
            ]
        ),
        "2026-01-19",
    ),
}


def resolved(root: Path) -> dict[int, tuple[str | None, str]]:
    report = resolve_pointers(load_content(root))
    return {p.line: (p.target, p.how) for p in report.pointers}


def test_pointers_resolve_despite_case_punctuation_and_typos(make_show: ShowMaker) -> None:
    found = resolved(make_show(posts=POSTS))
    assert found[7] == ("post:de-etalage-als-stille-verkoper", "title")
    assert found[8] == ("post:personeel-dat-blijft", "fuzzy")
    assert found[9] == ("post:de-etalage-als-stille-verkoper", "slug")
    assert found[10] == (None, "")


def test_links_to_posts_by_old_url_and_slug(make_show: ShowMaker) -> None:
    report = resolve_pointers(load_content(make_show(posts=POSTS)))
    links = [(p.line, p.text, p.target, p.how) for p in report.pointers if p.line > 10]
    assert links == [
        (
            11,
            "/2026/01/05/de-etalage-als-stille-verkoper.html",
            "post:de-etalage-als-stille-verkoper",
            "slug",
        ),
        (12, "https://show.example/oud/personeel.html", "post:personeel-dat-blijft", "alias"),
        (12, "/posts/weg/", None, ""),
    ]  # external links and images are not posts, so they are not checked


def test_unresolved_pointers_are_build_notices_with_file_and_line(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(posts=POSTS)
    report = build(BuildOptions(root=root, out=tmp_path / "site", now=SAMPLE_NOW, offline=True))
    mine = [n for n in report.notices if n.startswith("posts/2026-01-19-verwijzingen.md")]
    assert mine == [
        "posts/2026-01-19-verwijzingen.md:10: pointer 'Een post die niet bestaat' matches no post",
        "posts/2026-01-19-verwijzingen.md:12: link '/posts/weg/' ('dit') matches no post",
    ]


def test_sample_show_pointers_all_resolve() -> None:
    from tests.conftest import REPO

    report = resolve_pointers(load_content(REPO))
    assert report.notices == ()
    assert len(report.pointers) >= 11
    assert all(p.target for p in report.pointers)


# The links md_links promises: Markdown links, an image's "![" not one of them.
_BY_LOOK_BEHIND = re.compile(
    r"(?<!!)\[([^\[\]\n]*)\]\([ \t]*<?([^)\s>\[]++)>?(?:[ \t]+\"[^\"\n]*\")?[ \t]*\)"
)


@given(st.text(st.sampled_from('[]()!<>" \tab\n/.#')))
@example("![beeld](a.jpg) en [tekst](posts/a.html) ![x](y)[z](w)")
@example('![a](b "[c](d)") [e](f "g")')  # a link inside an image's title still counts
@example("!![a](b) ![![c](d)](e) [f]( <g> )")
def test_md_links_are_the_links_and_not_the_images(text: str) -> None:
    ours = [(m.span(), m.groups()) for m in md_links(text)]
    assert ours == [(m.span(), m.groups()) for m in _BY_LOOK_BEHIND.finditer(text)]


def test_a_huge_unresolved_pointer_is_shortened_in_its_notice(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    """A "Lees ook" line of 300 KB was echoed whole in its notice, on every build."""
    long = "woord " * 50_000
    post = '---\ntitle: "Lang"\ndate: 2026-01-20\n---\nTekst.\n\nLees ook: ' + long + "\n"
    root = make_show(posts={"2026-01-20-lang": post})
    report = build(BuildOptions(root=root, out=tmp_path / "site", now=SAMPLE_NOW, offline=True))
    mine = [n for n in report.notices if n.startswith("posts/2026-01-20-lang.md")]
    assert len(mine) == 1 and len(mine[0]) < 250, mine[0][:300]
    assert mine[0].startswith("posts/2026-01-20-lang.md:7: pointer 'woord woord")
