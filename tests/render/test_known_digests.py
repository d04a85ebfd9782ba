"""A post as loaded is digested, for the pages' keys, by the digest it is kept by (its
file's text, its name and the show's zone: ``load/kept.py``), not field by field."""

from __future__ import annotations

from pathlib import Path

from pipeline.render.site.digests import Fingerprints
from tests.build.test_incremental import POST
from tests.conftest import ShowMaker


def test_a_known_digest_is_taken_for_that_instance_alone() -> None:
    from pipeline.models import Pointer

    value, twin = Pointer("Lees ook", 3), Pointer("Lees ook", 3)
    fingerprints = Fingerprints()
    fingerprints.known([(value, b"van de tekst")])
    fingerprints.remember([value, twin])  # not digested again field by field
    by_fields = Fingerprints().of(twin)
    assert fingerprints.of(value) != by_fields  # the known digest
    assert fingerprints.of(twin) == by_fields
    other = Fingerprints()
    other.known([(value, b"van een andere tekst")])
    assert other.of(value) != fingerprints.of(value)


def test_loading_hands_on_each_post_with_its_kept_digest(make_show: ShowMaker) -> None:
    from pipeline.load import remembered_content

    show: Path = make_show(posts={"2026-03-01-over-de-kassa": POST})
    content, _, _, _ = remembered_content(show)
    post = content.posts[0]
    assert content.kept[post.slug][0] is post
    again, _, _, _ = remembered_content(show)
    assert again.kept[post.slug][1] == content.kept[post.slug][1]
    (show / "posts/2026-03-01-over-de-kassa.md").write_text(POST + "Nog een zin.\n", "utf-8")
    changed, _, _, _ = remembered_content(show)
    assert changed.kept[post.slug][1] != content.kept[post.slug][1]
    # loaded without the cache (the preview, a read-only show): none, digested by fields
    assert remembered_content(show, keep=False)[0].kept == {}
