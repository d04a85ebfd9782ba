"""Paths in one place: files as the user knows them (relative to the show folder, for
messages), and where things live in the built site, as paths and absolute URLs, so the
feed, the pages and the show notes always agree."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

if TYPE_CHECKING:  # annotations only: reading --now imports this module, not the models
    from pipeline.models import Episode, Post, Show

T = TypeVar("T")

CONFIG_FILE = "podcast.toml"  # the show, at the root of its folder


def rel(path: Path, root: Path) -> str:
    """The path as the user knows it: relative to the show folder, with forward slashes."""
    # Paths are kept normal (one slash between parts, none at the end): below the show
    # folder, its text starts with the folder's and a slash. A string test, not
    # ``relative_to``'s parse of both paths: 12 us a call, 0.3 s a build at 10,000 posts.
    full, base = str(path), str(root).rstrip("/")
    if os.sep == "/" and len(full) > len(base) + 1 and full.startswith(base + "/"):
        return full[len(base) + 1 :]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


INSIDE_EXPECTED = "a file inside the show folder"
HIDDEN_EXPECTED = "a file inside the show folder, outside hidden folders such as .git"
LOOP_EXPECTED = "a file inside the show folder, not a link that loops back on itself"
NUL_EXPECTED = "a file name without a NUL character"
LONG_EXPECTED = "a file name the file system allows (at most 255 bytes between slashes)"
UTF8_NAME_EXPECTED = "a file name in UTF-8 (rename the file)"


def not_utf8(name: str) -> str | None:
    """``name`` as it can be printed (its bytes that are not UTF-8 as ``\\xe9``) when it is
    not UTF-8, else None. Python hands such names over with lone surrogates, which every
    page, feed and digest that encodes them refused with a traceback."""
    try:
        name.encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system name decodes to
        return ascii(name)[1:-1]


def enclosing_show(folder: Path) -> Path | None:
    """The nearest folder above ``folder`` holding a podcast.toml, for the message to a
    command run inside a show but not at its top. Whether each holds one is all that is
    looked at: nothing outside the show folder given is read."""
    for parent in folder.absolute().parents:
        if (parent / CONFIG_FILE).is_file():
            return parent
    return None


def outside_show(root: Path, name: str | Path) -> str | None:
    """Why the local file ``name`` (relative to the show folder, or absolute) may not be
    read or published, or None when it is a file inside the show folder.

    Symbolic links are resolved first: a link in ``static/`` to ``/etc/passwd`` names a
    file outside the show, whatever its own name says. Hidden folders (``.git``,
    ``.cache``) hold the repository's and the tool's own files, never a show's.
    Returns the ``expected`` part of a problem: ``INSIDE_EXPECTED``, ``HIDDEN_EXPECTED``,
    or, for a name no file can have, ``LOOP_EXPECTED``, ``NUL_EXPECTED`` or
    ``LONG_EXPECTED``. Never raises: a missing file is the caller's to report (None).
    """
    if "\0" in str(name):  # every system call refuses it (ValueError), resolve() too
        return NUL_EXPECTED
    try:
        base = root.resolve()
        path = base / name
        target = path.resolve()  # Python 3.11 raises RuntimeError on a link loop
    except RuntimeError:
        return LOOP_EXPECTED
    except (OSError, ValueError) as exc:
        return _unreadable(exc)
    # resolve() stays silent about a name too long and, on Python 3.13, about a loop; the
    # caller's is_file() would then raise one of those (not every OSError is "missing").
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            return _unreadable(exc)
    if not target.is_relative_to(base) or target == base:
        return INSIDE_EXPECTED
    if any(part.startswith(".") for part in target.relative_to(base).parts):
        return HIDDEN_EXPECTED
    return None


def _unreadable(exc: OSError | ValueError) -> str:
    """The ``expected`` part for a name the file system refused (``exc``)."""
    if isinstance(exc, ValueError):
        return NUL_EXPECTED
    if exc.errno == errno.ELOOP:
        return LOOP_EXPECTED
    if exc.errno == errno.ENAMETOOLONG:
        return LONG_EXPECTED
    return f"a file the pipeline may read ({exc.strerror or exc})"


# The related items' snapshot (``link/snapshot_file.py``), kept beside the build's record
# (``fingerprint.RECORD``) by a build that succeeded, for the next one to start from.
RELATED_SNAPSHOT = Path(".cache") / "build" / "related.npz"
# Each page's key and bytes' digest (``render/site/memo.py``): pages to read, not render.
PAGE_MEMO = Path(".cache") / "build" / "pages.json"
# The search words of each page by its bytes (``render/site/search_memo.py``).
SEARCH_MEMO = Path(".cache") / "build" / "search.bin"
BODY_MEMO = Path(".cache") / "build" / "bodies.bin"  # the posts' HTML (render/body_memo.py)
NOTES_MEMO = Path(".cache") / "build" / "notes.bin"  # show notes' texts (render/notes_memo.py)
FACTS_MEMO = Path(".cache") / "build" / "facts.bin"  # paired posts' facts (notes/kept.py)
POST_MEMO = Path(".cache") / "build" / "posts.bin"  # posts as loaded, episodes' YAML (load/)


def cache_inside(root: Path, name: Path) -> bool:
    """Whether the cache file ``name`` is inside the show, reached through no linked
    folder: a ``.cache`` (or a file in it) that links elsewhere is neither read nor
    written, as a build reads nothing outside; nor is one whose ``.cache`` or
    ``.cache/build`` is a link to a folder inside the show (:func:`cache_link`)."""
    try:
        if cache_link(root, name) is not None:
            return False
        return (root / name).resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def cache_link(root: Path, name: Path) -> Path | None:
    """The first folder on the way to the cache file ``name`` (``name`` itself when it is
    a folder) that is a symbolic link, relative to ``root``; else None. Written through,
    ``ln -s ../episodes .cache/build`` put the build's memos among the episodes: a link
    is never the build's to follow, wherever it leads. A link as the file itself is not
    counted here: it is replaced whole when kept (``read_kept`` names it when read)."""
    try:
        parts = (root / name).relative_to(root).parts
    except ValueError:  # not below root as written: cache_inside's resolve() decides
        return None
    for end in range(1, len(parts) + 1):
        step = root.joinpath(*parts[:end])
        if step.is_symlink() and (end < len(parts) or step.is_dir()):
            return Path(*parts[:end])
    return None


LINKS_OUT = "links outside the show folder"  # a cache file a link leads out of the show


def cache_refused(root: Path, name: Path, outside: str = LINKS_OUT) -> str:
    """Why the cache file ``name``, not :func:`cache_inside`, is passed over: ``outside``
    (it leads out of the show), or that a folder on its way inside the show is a link
    ("outside the show folder" would send its user looking for a link out)."""
    linked = cache_link(root, name)
    with contextlib.suppress(OSError, RuntimeError):  # a loop: it leads nowhere inside
        if linked is not None and (root / linked).resolve().is_relative_to(root.resolve()):
            return f"{linked.as_posix()} is a link, where a build neither reads nor writes"
    return outside


class Unusable(ValueError):
    """A kept cache file made by another version of the pipeline: passed over quietly."""


def read_kept(
    root: Path,
    name: Path,
    limit: int,
    what: str,
    parse: Callable[[bytes], T],
    afresh: str,
) -> tuple[T | None, str | None]:
    """``parse`` of the cache file ``name`` a successful build kept in the show ``root``
    (the related items' snapshot, the pages' memo, the search words), and a notice.

    None without a notice when there is none, it is behind a ``.cache`` linking outside the
    show (the build record's notice says so, once), or ``parse`` raises Unusable; None with
    a notice naming the file when it is a link (never followed: it could lead out of the
    show, to /dev/zero), cannot be read (a FIFO, more than ``limit`` bytes) or ``parse``
    raises anything else: a damaged cache is never the build's end. ``afresh``: what the
    build does instead."""
    if not cache_inside(root, name.parent):
        return None, None
    if os.path.islink(root / name):  # said: in silence, every build was slow for no reason given
        return None, f"{name}: a link, not read; {afresh}"
    try:  # without following a link put there meanwhile (O_NOFOLLOW: "unreadable")
        data = read_small_file(root / name, limit, what, follow=False)
    except FileNotFoundError:
        return None, None
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or exc
        return None, f"{name}: unreadable ({why}); {afresh}"
    try:
        return parse(data), None
    except Unusable:
        return None, None
    except Exception as exc:  # whatever damaged bytes make a parser raise
        return None, f"{name}: damaged ({exc}); {afresh}"


# Folders of the show whose every file a build may read (fingerprint.py hashes them all).
READ_FOLDERS = ("posts", "episodes", "templates", "static", "transcripts")
# And with audio/, the folders an output folder may not lie in: it would be read back
# (static/: the site copied into itself, growing every build) or mix with the posts.
CONTENT_FOLDERS = (*READ_FOLDERS, "audio")


def out_in_content(root: Path, out: Path) -> str | None:
    """The content folder of ``root`` that the output folder ``out`` lies in, or None."""
    base, target = root.resolve(), out.resolve()
    for folder in CONTENT_FOLDERS:
        if target.is_relative_to(base / folder):
            return folder
    return None


def output_folder(root: Path, out: Path) -> Path:
    """``out`` resolved; OutputError for a link looping back on itself (``--out`` is checked
    by the command line, the default ``ROOT/site`` is not) or a folder inside one the build
    reads (``--out static/site`` copied the site into itself on every build)."""
    from pipeline.errors import OutputError

    try:
        target = out.resolve()
    except (OSError, RuntimeError):
        raise OutputError(
            f"{out}: got a link that loops back on itself, expected a folder"
        ) from None
    if (folder := out_in_content(root, target)) is not None:
        raise OutputError(
            f"refusing to build into {target}: it is inside the show's {folder}/ folder, whose"
            " files the build reads; choose a folder outside it (the default is site/)"
        )
    return target


Seen = tuple[int, int, int, int]  # a file as a build saw it: size, times and inode


def seen(found: os.stat_result) -> Seen:
    """What changes when a file is written again or replaced (a rename gives another inode)."""
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def read_small_file(
    path: Path, limit: int = 64 << 20, what: str = "this file", follow: bool = True
) -> bytes:
    """The bytes of the regular file ``path``: OSError when it cannot be opened, ValueError
    (saying why) for anything else, a FIFO (a plain read blocked for ever) or more than
    ``limit`` bytes (a link to /dev/zero filled the memory; a sparse file is not read at
    all, one growing meanwhile no further). Opened without waiting (and, ``follow=False``,
    without following a last link), checked on the open descriptor, so what is checked is
    what is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags if follow else flags | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as file:  # not open(): tests watch it for text files read
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise ValueError("not a regular file")
        if found.st_size > limit:
            raise ValueError(f"{found.st_size:,} bytes, more than the {limit:,} {what} may have")
        # As much as the file holds, and past that only if it grew meanwhile: a read of
        # ``limit`` bytes sets that much memory aside first (16 MB for each of 12,000 posts
        # and episodes was a tenth of an edit's build).
        data = file.read(found.st_size + 1)
        if len(data) > found.st_size:
            data += file.read(limit + 1 - len(data))
    if len(data) > limit:
        raise ValueError(f"more than the {limit:,} bytes {what} may have")
    return data


def refused_file(path: Path) -> str:
    """What the file ``read_small_file`` refused is, for a problem line's "got": its size
    (past the limit), a special file (a pipe put in its place), or why it cannot be read."""
    try:
        found = path.stat()
    except OSError as exc:
        return f"a file that cannot be read ({exc.strerror})"
    return f"{found.st_size:,} bytes" if stat.S_ISREG(found.st_mode) else "a special file"


EPISODE_PAGES = "episodes/"  # the site's folder of episode pages
POST_PAGES = "posts/"


def episode_path(episode: Episode) -> str:
    return f"{EPISODE_PAGES}{episode.slug}/"


def post_path(post: Post) -> str:
    return f"{POST_PAGES}{post.slug}/"


# A local file is published under its own name, and that name is its web address as
# written: "?" and "#" end the path and "%" starts an escape the server decodes, so
# "afl #12.mp3" went out as the enclosure .../audio/afl%20 (with a fragment). Its copy in
# the site has "-" in their place; every link is made from the same name.
_NOT_IN_ADDRESS = str.maketrans("?#%", "---")


def published_name(local: str) -> str:
    """The name a local file (``audio/afl #12.mp3``) has in the site: ``afl -12.mp3``."""
    return PurePosixPath(local).name.translate(_NOT_IN_ADDRESS)


def audio_path(episode: Episode) -> str:
    """Site path of a self-hosted audio file (the MP3 `pipeline audio` made from it, if any)."""
    name = PurePosixPath(published_name(episode.audio or ""))
    return f"audio/{name.stem}.mp3" if episode.audio_output else f"audio/{name.name}"


def asset_path(local: str) -> str:
    """Site path of a local file named in the config (artwork)."""
    return f"media/{published_name(local)}"


def absolute(show: Show, path: str) -> str:
    return show.base_url + path.lstrip("/")


def artwork_url(show: Show, image: str | None = None) -> str:
    image = image or show.artwork
    return image if "://" in image else absolute(show, asset_path(image))


def enclosure_url(show: Show, episode: Episode) -> str | None:
    if not episode.audio:
        return None
    return episode.audio if "://" in episode.audio else absolute(show, audio_path(episode))


def feed_uri(url: str) -> str:
    """``url`` as a feed must carry it: spaces and non-ASCII characters percent-encoded,
    a host name outside ASCII in its IDNA form (``shöw.example`` -> ``xn--shw-tna.example``:
    a host percent-encoded is no host at all).

    A local file or an episode file name with a space ("afl 2.mp3") makes a URL that
    browsers forgive but feed readers and Apple do not; escapes already present are kept.
    """
    scheme, sep, rest = url.partition("://")
    if sep and not rest.isascii():
        host, slash, path = rest.partition("/")
        if not host.isascii():
            # a label too long or empty: no such host; left as it was
            with contextlib.suppress(UnicodeError):
                host = host.encode("idna").decode("ascii")
            url = f"{scheme}://{host}{slash}{path}"
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")
