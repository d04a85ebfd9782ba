"""Atom feeds set in each post's entry made once per build; the bytes are those of one
FeedGenerator holding every entry (titles, authors, tags and bodies that need escaping,
posts with and without an episode)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from pipeline.build import link_show
from pipeline.cli import main
from pipeline.models import Linked
from pipeline.render.atom import (
    add_entry,
    atom_feed,
    atom_shared,
    feed_head,
    newest,
)
from tests.conftest import REPO, SAMPLE_NOW, ShowMaker, episode

ATOM = "http://www.w3.org/2005/Atom"

LINKED = link_show(REPO, SAMPLE_NOW)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


def one_generator(linked: Linked, bodies: dict[str, str], path: str, title: str) -> bytes:
    """The feed as feedgen writes it with every entry in one FeedGenerator."""
    shared = atom_shared(linked)
    ordered = newest(linked.content.posts)
    fg = feed_head(shared, path, title, "tags/x/", ordered)
    for post in ordered:
        add_entry(fg, linked, post, bodies[post.slug], shared)
    data: bytes = fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return data


@settings(derandomize=True, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    titles=st.lists(TEXT, min_size=1, max_size=4),
    author=TEXT,
    tags=st.lists(TEXT, max_size=3),
    body=TEXT,
    title=TEXT,
)
@example(
    titles=['<b>&amp; "quotes"</b>', "  </entry>\n", "ëën 🎙"],
    author="A & B <x>",
    tags=["]]>", "tag met spatie"],
    body="<p>  </entry>\n</feed>\n<![CDATA[x]]></p>",
    title="Tag: <feed>",
)
def test_entries_made_once_give_the_bytes_of_one_feed_generator(
    titles: list[str], author: str, tags: list[str], body: str, title: str
) -> None:
    content = LINKED.content
    posts = list(content.posts)
    for k, name in enumerate(titles):
        where = k % len(posts)
        posts[where] = replace(
            posts[where],
            title=name or "t",
            author=author or None,
            tags=tuple(t for t in tags if t.strip()),
            date=posts[where].date + timedelta(minutes=k),
        )
    linked = replace(LINKED, content=replace(content, posts=tuple(posts)))
    bodies = {p.slug: f"<p>{p.slug}</p>{body}" for p in posts}
    shared = atom_shared(linked)
    path = "tags/x/feed.atom"
    title = f"Show: {title}"  # a tag feed's title: the show's, then the tag
    twice = [atom_feed(linked, posts, bodies, path, title, "tags/x/", shared) for _ in "ab"]
    assert twice[0] == twice[1] == one_generator(linked, bodies, path, title)
    assert any(e for e in linked.content.posts if linked.episode_for(e) is not None)


def test_a_link_no_address_parser_reads_stays_as_written(make_show: ShowMaker) -> None:
    """A post's raw HTML may hold a link with an unclosed IPv6 host (``//[oeps``): making
    its Atom entry's links absolute asked urlsplit, whose ValueError was a traceback from
    the build. Such a link stays as written, as on the post's page."""
    post = (
        '---\ntitle: "Kapotte links"\ndate: 2026-03-02\n---\n\n'
        '<a href="//[oeps">oeps</a> en <img src="//[::1/x.png" alt="x">\n\n'
        "[gewoon](../andere-post/)\n"
    )
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-02-kapot": post})
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 0, result.output
    entry = etree.parse(root / "site" / "posts.atom").find(f"{{{ATOM}}}entry")
    assert entry is not None
    body = html.fragment_fromstring(entry.findtext(f"{{{ATOM}}}content"), create_parent="div")
    links = [a.get("href") or a.get("src") for a in body.iter("a", "img")]
    assert links == ["//[oeps", "//[::1/x.png", "https://show.example/posts/andere-post/"]
