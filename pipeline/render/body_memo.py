"""The posts' HTML, kept for the next build (``.cache/build/bodies.bin``).

A post's HTML follows from its Markdown once its "Lees ook" lines and links are linked
(``bodies.link_pointers``) and from the code that renders it (markdown-it, the sanitiser):
Markdown and sanitising were 3.4 s of CPU at 10,000 posts on every build, and an edit
changes one post. So each body is kept by the digest of its linked Markdown, under the
code's key (``kept_texts.py``, the file's format): a post whose linked text is the same is
not rendered again (a post that now links another one's new address is).

It is an optimisation only: deleting it changes no output byte; a damaged one (cut short,
a byte changed, not a file) is named in a notice and every post is rendered; one of other
code is passed over quietly. Only the bodies of the last build are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipeline.kept_texts import key_of, read_texts, text_chunks
from pipeline.models import Linked, Post
from pipeline.parallel import MIN_PARALLEL
from pipeline.paths import BODY_MEMO
from pipeline.render.bodies import Bodies, linked_texts, render_texts

KIND = "bodies"
# bytes: 10,000 posts keep about 65 MB; one read whole before its digest is checked, so
# no larger than a build's memory can take beside the rest
MEMO_LIMIT = 512 << 20


def remembered_bodies(
    linked: Linked,
    posts: Sequence[Post],
    root: Path | None,
    jobs: int = 1,
    few: Callable[[], object] | None = None,
) -> tuple[Bodies, Iterator[bytes] | None, str | None]:
    """:func:`~pipeline.render.bodies.post_bodies`, reading what the last build kept in the
    show ``root`` (None: read and keep nothing, as the preview); also the file to keep,
    made as it is written, and a notice when the kept one was damaged. ``few``: called
    before rendering when there are too few bodies to render for workers of their own
    (another process may start beside them then)."""
    texts = linked_texts(linked, posts)
    if root is None:
        return render_texts(texts, jobs), None, None
    keys = {slug: key_of(text) for slug, text in texts.items()}
    found, notice = read_texts(
        root, BODY_MEMO, KIND, keys.values(), MEMO_LIMIT, "every post rendered afresh"
    )
    missing = {slug: text for slug, text in texts.items() if keys[slug] not in found}
    if few is not None and len(missing) < MIN_PARALLEL:
        few()
    rendered = render_texts(missing, jobs)
    bodies = {slug: rendered[slug] if slug in rendered else found[keys[slug]] for slug in texts}
    return bodies, text_chunks(KIND, ((keys[s], html) for s, html in bodies.items())), notice
