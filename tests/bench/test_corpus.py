"""The bench corpus has the shape issue 15 describes, and every build reads it cleanly."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

from bench._corpus import NOW, generate
from bench._sites import content, write_hugo, write_show
from pipeline.build import BuildOptions, build
from pipeline.link.pairing import pair
from pipeline.link.pointers import resolve_pointers
from pipeline.load import load_content


def words(body: str) -> int:
    """Words as a reader counts them: not the player's HTML, not link targets."""
    text = re.sub(r"<[^>]*>|\]\([^)]*\)", " ", body)
    return sum(1 for w in text.split() if re.search(r"[^\W\d_]", w))


def test_posts_have_the_shape_of_a_real_shop_blog() -> None:
    posts = generate(500)
    lengths = [words(p.body) for p in posts]
    assert min(lengths) >= 300 and max(lengths) <= 1500
    assert 820 <= statistics.median(lengths) <= 940
    assert sum("<iframe" in p.body for p in posts) == 100  # one in five, the episodes' posts
    assert all(("<iframe" in p.body) == (p.episode is not None) for p in posts)
    lees_ook = sum(p.body.rstrip().splitlines()[-1].startswith("Lees ook: ") for p in posts)
    assert 0.28 <= lees_ook / len(posts) <= 0.38
    assert all(2 <= len(p.tags) <= 5 and len(set(p.tags)) == len(p.tags) for p in posts)
    assert len({p.topic for p in posts}) == 30
    assert len({p.slug for p in posts}) == len(posts)
    assert all(p.date < NOW for p in posts)
    assert generate(500) == posts  # the same corpus every run


def test_the_show_builds_and_pairs_every_episode_and_resolves_lees_ook(tmp_path: Path) -> None:
    posts = generate(60)
    root = write_show(tmp_path / "show", posts)
    loaded = load_content(root)
    assert len(loaded.posts) == 60 and len(loaded.episodes) == 12
    pairing = pair(loaded)
    assert len(pairing.pairs) == 12 and not pairing.unpaired_episodes
    report = build(BuildOptions(root=root, out=tmp_path / "site", now=NOW, offline=True))
    assert report.posts == 60 and len(report.episodes) == 12
    # "Lees ook:" lines and links name earlier posts: every one resolves to its post.
    pointers = resolve_pointers(loaded)
    assert pointers.notices == ()
    assert len(pointers.pointers) >= 15 and all(p.target for p in pointers.pointers)
    # The same posts as in-memory content (for 100,000 posts without files).
    memory, pairs = content(posts)
    assert [p.slug for p in memory.posts] == [p.slug for p in loaded.posts]
    assert pairs == pairing.pairs


def test_the_hugo_site_carries_the_same_posts(tmp_path: Path) -> None:
    posts = generate(20)
    site = write_hugo(tmp_path / "hugo", posts, related=True)
    assert len(list((site / "content" / "posts").glob("*.md"))) == 20
    assert len(list((site / "content" / "episodes").glob("*.md"))) == 4
    assert ".Site.RegularPages.Related" in (site / "layouts/_default/single.html").read_text()
    plain = write_hugo(tmp_path / "plain", posts, related=False)
    assert ".Related" not in (plain / "layouts/_default/single.html").read_text()
