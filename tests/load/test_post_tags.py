"""A post's tags: each is a page and a feed that lists the post with all its tags, so one
post's work grows with the square of its tags; a post has at most ``MAX_TAGS``."""

from __future__ import annotations

import time

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.load.posts import MAX_TAGS
from tests.conftest import ShowMaker, episode
from tests.load.test_content import NOW, build_errors


def _post(tags: list[str]) -> str:
    return f"---\ntitle: Alles\ndate: 2026-03-01\ntags: [{', '.join(tags)}]\n---\n\nTekst.\n"


def test_a_post_with_thousands_of_tags_is_refused_at_once(make_show: ShowMaker) -> None:
    """Before: 4,000 tags took 9 s of CPU (every tag's feed listed all 4,000 as the post's
    categories) and 100,000 did not end; now one problem line, before any rendering."""
    tags = [f"t{i}" for i in range(20_000)]
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-alles": _post(tags)})
    started = time.process_time()
    assert build_errors(root) == [
        f"Error: posts/2026-03-01-alles.md:4: tags: got 20,000 tags, expected at most "
        f"{MAX_TAGS} tags",
        "Error: 1 problem found; nothing was written.",
    ]
    assert time.process_time() - started < 5


def test_a_post_with_as_many_tags_as_allowed_builds(make_show: ShowMaker) -> None:
    tags = [f"t{i}" for i in range(MAX_TAGS)]
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-alles": _post(tags)})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 0, result.output
    assert (root / "site" / "tags" / "t99").is_dir()
