"""Pages of the last build that need not be rendered again.

Every page is keyed by a digest of what its template is given: the values passed to it
(the post with its text, the related items, the player, the page's own meta tags...),
what every page shares (the show, the labels, the dock), the templates (the package's and
the show's own) and the pipeline's code. A build keeps, in ``.cache/build/pages.json``,
each page's key and the digest of the bytes it wrote. The next build computes the keys
again; where one is the same and the output folder still holds a file with exactly those
bytes, that file is the page, read instead of rendered. An edit of one post renders again
the pages that show something of it (its own, its tags', the pages listing it as related,
the home page) and reads the rest.

Nor is such a page read where its file is, by ``lstat``, the one the last build left: the
memo keeps each page's size, times and inode as they were once the build had written its
output, and a file written since has another change time (reading back 13,400 pages of a
10,000-post site was 1.8 s of an edit's build, and their bytes in memory). The page is then
a :class:`~pipeline.render.KeptPage`. A file is vouched for so only where its bytes were
found to be the page's after the tick of the clock it was last changed in was over (a
write later in the same tick could leave the times as they were: git's "racily clean"
files), and its times are as found then once the build has written the output: one the
build saw before it took its bytes as the page, or one it wrote itself and compared once
written (``write/stamps.py``). Not one another build or program wrote meanwhile; such a
file is read next time.

The memo is an optimisation only: deleting it changes no output byte. A value the digest
does not know (anything but plain data and dataclasses of plain data) makes its page
render every time; a page changed or removed in the output folder is rendered again; a
damaged memo is passed over with a notice.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.machine import code_key
from pipeline.paths import PAGE_MEMO, Seen, Unusable, read_kept, read_small_file, seen
from pipeline.render import KeptPage, page_digest, read_page
from pipeline.render.site.digests import Fingerprints, Unknown
from pipeline.render.templates import templates_digest

MEMO_VERSION = 3
MEMO_LIMIT = 256 << 20  # bytes: 10,000 posts make a memo of 1.5 MB; larger is not ours
# A page's key (a digest of what its template is given), the digest of its bytes, and
# the digest of what a post's page is made from (``Site.post_inputs``; else "")
Entry = tuple[str, str, str]
Entries = Mapping[str, Entry]  # page path -> its entry
# A file the build saw that changed less than this many nanoseconds before it was seen is
# not vouched for by its times: Linux stamps them from a clock that moves in ticks of up
# to 10 ms; some file systems keep whole seconds. (A file the build wrote is compared
# against the file system's own clock: ``write/stamps.py``.)
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class PageMemo:
    """The pages of the last build (``pages``), the folder it wrote them to (``out``) and
    each page's file there as it was left (``files``: only those vouched for)."""

    out: Path
    pages: Entries = field(default_factory=dict)
    files: Mapping[str, Seen] = field(default_factory=dict)


class PageReuse:
    """One build's keys: which pages the last build's output holds already."""

    def __init__(
        self,
        memo: PageMemo | None,
        root: Path,
        shared: Mapping[str, object],
        lasting: Iterable[object] = (),
        keys: bool = True,
        known: Iterable[tuple[object, bytes]] = (),
    ) -> None:
        """``lasting``: what many pages show, digested once (``known``: some of them with
        the digest of all they follow from); ``keys``: False where no page is read or kept
        (the preview): then no key is made at all."""
        self.memo = memo
        self.fingerprints = Fingerprints()
        self.kept: dict[str, Entry] = {}  # this build's pages, for the next one
        # pages read from the last build's output, with the file as it was before reading
        self.read: dict[str, Seen] = {}
        self._shared: str | None = None
        if not keys:
            return
        digest = hashlib.blake2b(digest_size=16)
        digest.update(code_key().encode())
        digest.update(templates_digest(root).encode())
        try:
            self.fingerprints.known(known)
            self.fingerprints.remember(lasting)
            digest.update(self.fingerprints.of(shared))
            self._shared = digest.hexdigest()
        except (Unknown, RecursionError):
            pass

    @property
    def active(self) -> bool:
        """Whether pages get keys (not in the preview, nor where the shared part is not
        plain data)."""
        return self._shared is not None

    def lasting(self, value: object) -> None:
        """``value`` is shown by many pages: digested once for the build."""
        if self._shared is not None:
            with contextlib.suppress(Unknown, RecursionError):  # then with each page
                self.fingerprints.remember([value])

    def shared_with(self, values: object) -> bytes:
        """What all pages share and ``values``, digested; raises Unknown."""
        assert self._shared is not None
        return hashlib.blake2b(self._shared.encode() + self.fingerprints.of(values)).digest()

    def inputs_key(self, shared: bytes, values: object) -> str:
        """A page's inputs (``Site.post_inputs``): ``shared`` and ``values``, digested."""
        found = self.fingerprints.of(values)
        return hashlib.blake2b(shared + found, digest_size=16).hexdigest()

    def key(self, template: str, path: str, context: Mapping[str, object]) -> str | None:
        """The key of page ``path``, or None when some value cannot be digested."""
        if self._shared is None:
            return None
        try:
            values = self.fingerprints.of((template, path, context))
        except (Unknown, RecursionError):
            return None
        return hashlib.blake2b(self._shared.encode() + values, digest_size=16).hexdigest()

    def unchanged(self, path: str, inputs: str | None) -> KeptPage | None:
        """Page ``path`` as the last build left it in the output, when what it is made from
        (``inputs``) is the same and the file is vouched for: neither made nor read."""
        if not inputs or self.memo is None:
            return None
        entry = self.memo.pages.get(path)
        before = self.memo.files.get(path)
        if entry is None or entry[2] != inputs or before is None:
            return None
        file = self.memo.out / path
        try:
            if seen(os.lstat(file)) != before:
                return None
        except OSError:
            return None
        self.read[path] = before
        self.kept[path] = entry
        return KeptPage(file, entry[1])

    def with_inputs(self, path: str, inputs: str | None) -> None:
        """Page ``path`` of this build, made (or read) from ``inputs``: its entry keeps them."""
        entry = self.kept.get(path)
        if entry is not None and inputs:
            self.kept[path] = (entry[0], entry[1], inputs)

    def previous(self, path: str, key: str | None) -> bytes | KeptPage | None:
        """The last build's page ``path`` when it was rendered from ``key`` and is still in
        the output folder as written (a FIFO or a folder there: rendered again): a
        KeptPage where the file is the one the last build left, else its bytes."""
        if key is None or self.memo is None:
            return None
        entry = self.memo.pages.get(path)
        if entry is None or entry[0] != key:
            return None
        file = self.memo.out / path
        try:
            # The file as it is before it is read: if it changes after, the writer, which
            # takes these bytes as what the output holds, sees it changed (build.py).
            before = seen(os.lstat(file))
            if self.memo.files.get(path) == before:
                self.read[path] = before
                self.kept[path] = entry
                return KeptPage(file, entry[1])
            data = read_page(file, entry[1])
        except (OSError, ValueError):
            return None
        self.read[path] = before
        self.kept[path] = entry
        return data

    def note(self, path: str, key: str | None, data: bytes) -> None:
        if key is not None:
            self.kept[path] = (key, page_digest(data), "")


def page_bytes(page: bytes | KeptPage) -> bytes:
    """The bytes of a page, reading a KeptPage from the output; OutputError when that file
    is no longer the page (written meanwhile: the writer refuses such a build too)."""
    if not isinstance(page, KeptPage):
        return page
    try:
        return read_page(page.path, page.digest)
    except ValueError as exc:
        raise OutputError(
            f"{page.path} changed while this build ran ({exc}: another build, or a"
            " program writing into the site?); nothing was written: build again"
        ) from None


def memo_chunks(
    pages: Entries,
    out: Path,
    read: Mapping[str, Seen],
    since: int,
    written: Mapping[str, Seen],
) -> Iterator[bytes]:
    """The memo of ``pages``, made as it is kept, after the build has written ``out``.

    A page's file there is vouched for only as it is now and as this build either saw it,
    before reading it or taking it as a :class:`~pipeline.render.KeptPage` (``read``), or
    wrote it and found it holding its bytes once the tick it was written in was over
    (``written``: the writer's ``settled`` files). Not a file written since by another
    build or program (its bytes are not the digest's), nor one seen less than
    :data:`RACY_NS` after it last changed
    (``since``: when this build began to look at the output, by this machine's clock),
    which could have changed again in that tick after it was seen."""
    yield b'{"pages":{'
    for n, (path, (key, digest, inputs)) in enumerate(sorted(pages.items())):
        entry: list[object] = [key, digest, inputs]
        before = written.get(path)
        if before is None and (saw := read.get(path)) is not None and since - saw[2] > RACY_NS:
            before = saw
        if before is not None:
            with contextlib.suppress(OSError):
                found = os.lstat(out / path)
                if stat.S_ISREG(found.st_mode) and seen(found) == before:
                    entry.extend(before)
        text = json.dumps(path) + ":" + json.dumps(entry, separators=(",", ":"))
        yield (b"," if n else b"") + text.encode("utf-8")
    yield b'},"version":%d}\n' % MEMO_VERSION


def read_memo(root: Path, out: Path) -> tuple[PageMemo | None, str | None]:
    """The memo the last build kept in the show ``root``, for pages in ``out``: None when
    there is none (with a notice when a file was there but damaged)."""
    return read_kept(
        root, PAGE_MEMO, MEMO_LIMIT, "a page memo", functools.partial(_memo_from, out=out),
        "every page rendered afresh",
    )  # fmt: skip


def _memo_from(data: bytes, out: Path) -> PageMemo:
    found = json.loads(data)
    if not isinstance(found, dict) or found.get("version") != MEMO_VERSION:
        raise Unusable("another version's")
    pages = found["pages"]
    if not isinstance(pages, dict) or not all(_entry(k, v) for k, v in pages.items()):
        raise ValueError("not a map of pages to their digests and how each file was left")
    files = {k: (v[3], v[4], v[5], v[6]) for k, v in pages.items() if len(v) == 7}
    return PageMemo(out, {k: (v[0], v[1], v[2]) for k, v in pages.items()}, files)


def _entry(path: object, value: object) -> bool:
    """Two digests and the inputs' (or ""), then maybe the file's size, times and inode
    (``paths.seen``)."""
    return (
        isinstance(path, str)
        and isinstance(value, list)
        and len(value) in (3, 7)
        and all(isinstance(v, str) and len(v) == 32 for v in value[:2])
        and isinstance(value[2], str)
        and len(value[2]) in (0, 32)
        and all(type(v) is int and v >= 0 for v in value[3:])
    )


def other_files(
    memo: PageMemo | None, files: Mapping[str, object], pages: Entries, read: Mapping[str, Seen]
) -> tuple[dict[str, Entry], dict[str, Seen]]:
    """Memo entries for the build's files made from bytes that are not pages (show notes,
    chapters, the search index: 7,400 files at 10,000 posts), keyed by their bytes' digest;
    and of these and the pages made again (not ``read`` from the output), those the output
    holds as they are, with each file as it was then: as the last build left it
    (``PageMemo.files``), or as read now and found the same. The writer, which read each
    back to compare on every build, takes one whose ``lstat`` is still that as unchanged
    (``write.write_output``'s ``same``); the memo vouches for it next time, as for the
    pages read (``memo_chunks``)."""
    entries: dict[str, Entry] = {}
    same: dict[str, Seen] = {}
    for name, data in files.items():
        if type(data) is not bytes or name in read:
            continue
        own = pages.get(name)
        digest = page_digest(data) if own is None else own[1]
        if own is None:
            entries[name] = (digest, digest, "")
        if memo is None:
            continue
        entry, before = memo.pages.get(name), memo.files.get(name)
        if entry is not None and entry[1] == digest and before is not None:
            same[name] = before
        elif (found := _same_file(memo.out / name, data)) is not None:
            same[name] = found
    return entries, same


def _same_file(path: Path, data: bytes) -> Seen | None:
    """The file at ``path`` as it was when found holding ``data`` (None: it does not),
    read as the writer would compare it; never through a last link."""
    try:
        before = os.lstat(path)
        if not stat.S_ISREG(before.st_mode) or before.st_size != len(data):
            return None
        if read_small_file(path, len(data), follow=False) != data:
            return None
        return seen(before) if seen(os.lstat(path)) == seen(before) else None
    except (OSError, ValueError):
        return None
