"""`pipeline serve` shows an edited post at once: its page is rendered again against the last
build (the same Site, notes and related lists), the open pages reload, and the full rebuild
follows. Only a plain edit of a post the build has takes this path."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from pipeline.build import BuildOptions, prepare
from pipeline.errors import Problems
from pipeline.load.posts import load_post
from pipeline.paths import post_path
from tests.conftest import ShowMaker, episode
from tests.preview_server import preview

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def post(title: str, text: str, tags: str = "prijzen, klanten") -> str:
    return f'---\ntitle: "{title}"\ndate: 2026-03-01 07:00\ntags: [{tags}]\n---\n\n{text}\n'


def show(make_show: ShowMaker) -> Path:
    return make_show(
        episodes={"001-a": episode(1, post="2026-03-01-prijzen")},
        posts={
            "2026-03-01-prijzen": post("Prijzen", "Over prijzen en klanten in de winkel."),
            "2026-03-02-klanten": post("Klanten", "Vaste klanten komen terug voor de prijzen."),
            "2026-03-03-etalage": post("Etalage", "De etalage verkoopt stil.", "winkel"),
        },
    )


def test_a_page_rendered_again_is_the_page_the_build_made(make_show: ShowMaker) -> None:
    """Same post, same bytes: the quick path renders with exactly the build's context."""
    root = show(make_show)
    prepared = prepare(BuildOptions(root=root, out=root / "site", now=NOW, drafts=True))
    assert prepared.again is not None
    for item in prepared.linked.content.posts:
        path = post_path(item) + "index.html"
        assert prepared.again([item]) == {path: prepared.files[path]}


def test_an_edited_post_is_rendered_with_its_new_text(make_show: ShowMaker) -> None:
    root = show(make_show)
    prepared = prepare(BuildOptions(root=root, out=root / "site", now=NOW, drafts=True))
    assert prepared.again is not None
    file = root / "posts/2026-03-02-klanten.md"
    file.write_text(post("Klanten", "Een *nieuwe* eerste zin.\n\nVaste klanten komen terug."))
    edited = load_post(file, root, UTC, Problems())
    assert edited is not None
    pages = prepared.again([edited])
    assert list(pages) == [post_path(edited) + "index.html"]
    page = pages[post_path(edited) + "index.html"]
    assert isinstance(page, bytes)
    assert b"Een <em>nieuwe</em> eerste zin." in page
    # A post the build does not have (a new file) is left to the full rebuild.
    assert prepared.again([dataclasses.replace(edited, slug="nieuw")]) == {}
    # A copy of a post's file under another date has the same slug: a new post, not an edit.
    copy = dataclasses.replace(edited, source=root / "posts/2026-05-01-klanten.md")
    assert prepared.again([copy]) == {}


def test_serve_shows_the_edit_then_rebuilds(make_show: ShowMaker) -> None:
    root = show(make_show)
    file = root / "posts/2026-03-02-klanten.md"
    with preview(root, "--now", "2026-06-01T12:00+02:00") as server:
        file.write_text(post("Klanten", "Gewijzigd terwijl de preview draait."), "utf-8")
        server.wait_for("posts/klanten/", "Gewijzigd terwijl de preview draait.")
        server.wait_for_stderr("Rebuilt after changes to 2026-03-02-klanten.md")
        lines = [line for line in server.stderr if "2026-03-02-klanten.md" in line]
        assert lines[:2] == [
            "Showing the edit of 2026-03-02-klanten.md; rebuilding...",
            "Rebuilt after changes to 2026-03-02-klanten.md.",
        ]
        # An episode file is no post: the full rebuild alone.
        (root / "episodes/001-a.yaml").write_text(episode(1, post="2026-03-01-prijzen") + "\n")
        server.wait_for_stderr("Rebuilt after changes to 001-a.yaml")
        assert not any("Showing the edit of 001-a.yaml" in line for line in server.stderr)
        # A post with a problem: no quick page; the full rebuild reports it.
        file.write_text("---\ntitle: [kapot\n---\n\nTekst.\n", "utf-8")
        server.wait_for_stderr("keeping the last good preview")
        assert sum("Showing the edit" in line for line in server.stderr) == 1
        status, _, body = server.get("posts/klanten/")
        assert status == 200 and b"Gewijzigd terwijl de preview draait." in body
