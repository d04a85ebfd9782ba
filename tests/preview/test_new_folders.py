"""`pipeline serve` watches content folders made after it started: a show without
`static/` or `episodes/` until now, or a `posts/` deleted and made again. Only the folders
there at the start were watched, so edits in a new one never rebuilt the preview."""

from __future__ import annotations

import shutil

from tests.conftest import ShowMaker, episode
from tests.preview_server import preview

NOW = "2026-06-01T12:00+02:00"


def post(title: str) -> str:
    return f'---\ntitle: "{title}"\ndate: 2026-03-01 07:00\n---\n\nTekst van {title}.\n'


def test_a_static_folder_made_later_is_served_and_watched(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    assert not (root / "static").exists()
    with preview(root, "--now", NOW) as server:
        (root / "static").mkdir()
        (root / "static/colofon.txt").write_text("Eerste versie van het colofon.\n", "utf-8")
        server.wait_for("static/colofon.txt", "Eerste versie")
        # Not only the folder's arrival: later edits in it are seen too.
        (root / "static/colofon.txt").write_text("Tweede versie van het colofon.\n", "utf-8")
        server.wait_for("static/colofon.txt", "Tweede versie")
        assert not any("Traceback" in line for line in server.stderr), server.stderr


def test_a_show_without_episodes_gets_them_while_serving(make_show: ShowMaker) -> None:
    root = make_show(posts={"2026-03-01-artikel": post("Artikel")})
    shutil.rmtree(root / "episodes")
    with preview(root, "--now", NOW) as server:
        server.wait_for("posts/artikel/", "Tekst van Artikel.")
        (root / "episodes").mkdir()
        (root / "episodes/001-a.yaml").write_text(episode(1), "utf-8")
        server.wait_for("episodes/001-a/", "Onderwerp 1")
        path = root / "episodes/001-a.yaml"
        path.write_text(episode(1).replace("Onderwerp 1", "Een nieuwe titel"), "utf-8")
        server.wait_for("episodes/001-a/", "Een nieuwe titel")


def test_a_posts_folder_deleted_and_made_again_is_watched_again(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-artikel": post("Artikel")})
    with preview(root, "--now", NOW) as server:
        server.wait_for("posts/artikel/", "Tekst van Artikel.")
        shutil.rmtree(root / "posts")
        (root / "posts").mkdir()
        (root / "posts/2026-03-01-artikel.md").write_text(post("Terug"), "utf-8")
        server.wait_for("posts/artikel/", "Tekst van Terug.")
        (root / "posts/2026-03-01-artikel.md").write_text(post("Nog eens"), "utf-8")
        server.wait_for("posts/artikel/", "Tekst van Nog eens.")
