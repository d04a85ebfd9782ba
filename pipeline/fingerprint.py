"""What a build read, fingerprinted, so that a build with nothing new does nothing.

A successful build records, in ``.cache/build/last.json``, a digest of everything it read
(the show's text files by content; large local files, the HTTP and audio caches and the
pipeline's own code by size and modification time; the installed libraries and the zone's
rules, ``machine.py``), the window of moments in which the same items are due, and every
file it wrote with its size, times and inode. The next build computes the digest again
first: when it is the same, ``--now`` lies in the window and the output folder holds exactly
those files, untouched (``output_listing.py``), nothing can come out different, and the
build stops there.

A text file's content digest is kept with its size, times and inode, as git's index keeps
them: a file whose ``stat`` still says the same is not read again (at 10,000 posts, hashing
90 MB was most of a build with nothing new). Its change time (``st_ctime``) moves with
every write, and no program can set it back (on POSIX; on Windows it is the creation time,
so there every file is read). A file changed shortly before it was looked at (``RACY_NS``,
by this machine's clock) could change again within one tick of the file system's clock
without any time moving, and is read every time until it has been quiet.

The record is an optimisation only: deleting it changes no output byte; one that cannot
be read is ignored with a notice; anything it does not cover means a full build. Only a
regular file of at most ``RECORD_LIMIT`` bytes inside the show is read (a FIFO hung the
build); a ``.cache`` that is (or has) a linked folder is neither read nor written."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat as kinds
import sys
import time
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import pipeline
from pipeline.forked import meanwhile
from pipeline.machine import installed, zone_signature
from pipeline.output_listing import listing, output_intact
from pipeline.paths import READ_FOLDERS, cache_inside, cache_refused, outside_show, read_small_file
from pipeline.show_zone import show_timezone

RECORD = Path(".cache") / "build" / "last.json"
AFRESH = "ignored, building everything"
NOTHING_CHANGED = "Nothing changed since the last build"  # what a build that stops here says
RECORD_VERSION = 4  # 2: the text files' digests with their stat; 3: the folders; 4: ctimes
BY_CONTENT = 1 << 20  # files up to 1 MiB are hashed; larger ones (audio) by size and time
RECORD_LIMIT = 256 << 20  # bytes: 10,000 posts make a record of a few MiB; larger is not ours
# A .cache linking elsewhere: read, it could pass off a stranger's record as ours.
OUTSIDE = "outside the show folder (a link leads there), where a build neither reads nor writes"
RACY_NS = 2_000_000_000  # a file changed this recently is read again next time (see above)
REFRESH_AFTER = 64  # files read again by a build with nothing new that make it keep them
_CHANGE_TIME = os.name == "posix"  # st_ctime is the time of the last change (see above)
PACKAGE = Path(pipeline.__file__).resolve().parent


_NONE: Mapping[str, Any] = MappingProxyType({})  # an empty default no one can fill
# What a build prints (build.report_summary), which a repeated build prints again
REPORT_KEYS = frozenset({"feed", "episodes", "scheduled", "posts", "notices", "files"})


# Tuples rather than dataclasses: a build with nothing new imports this module and little
# else (``unchanged.py``), and importing dataclasses (with inspect) cost it 12 ms of 150.
class Record(NamedTuple):
    """The last successful build of a show, as ``last.json`` keeps it."""

    inputs: str  # digest of everything read in the show's own folders (inputs_digest)
    extra_digest: str  # digest of the other files it read (extras_digest of ``extra``)
    options: str  # the options that shape the output (options_key)
    due_from: str | None  # ISO moment: --now before this would leave out an item built
    due_until: str | None  # ISO moment: --now at or after this would bring in a new item
    outputs: Mapping[str, list[int]]  # file -> [size, mtime_ns, ctime_ns, inode], as written
    report: Mapping[str, object] = _NONE  # what the build printed
    extra: tuple[str, ...] = ()  # files outside READ_FOLDERS the build copied or read
    # text file -> [size, mtime_ns, ctime_ns, inode, content digest], for the next digest
    files: Mapping[str, list[int | str]] = _NONE
    # output folder -> its times and inode, where vouched for (``output_listing.py``)
    folders: Mapping[str, list[int]] = _NONE

    def due_at(self, now: datetime) -> bool:
        """True when ``now`` makes the same episodes and posts due as at the last build."""
        if self.due_from is not None and now < datetime.fromisoformat(self.due_from):
            return False
        return self.due_until is None or now < datetime.fromisoformat(self.due_until)


Known = Mapping[str, list[int | str]]  # text file -> [size, mtime_ns, ctime_ns, inode, digest]


def options_key(out: Path, offline: bool, skip_failed: bool) -> str:
    """The options that shape a build's output, as its record keeps them."""
    return f"out={out} offline={offline} skip_failed={skip_failed}"


def inputs_digest(root: Path, known: Known | None = None) -> tuple[str, dict[str, list[int | str]]]:
    """One digest of what a build of ``root`` reads from the show's own folders and caches
    (the local files episodes name elsewhere: :func:`extras_digest`), and each text file's
    ``stat`` and content digest for next time; ``known``: the last build's, whose files
    with the same ``stat`` are not read again."""
    files = _Files(known or {}, time.time_ns() - RACY_NS)
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_bytes(f"{pipeline.__version__} {sys.version}"))
    for key in sorted(os.environ):
        if key.startswith("PIPELINE_"):  # host overrides change what the build fetches
            digest.update(_bytes(f"env {key}={os.environ[key]}\n"))
    for path, name in _code_files():  # an edited template or module of the pipeline itself
        _stat_into(digest, path, name)
    # A library upgraded, or new rules for the show's zone (a page keeps local times)
    digest.update(_bytes(repr((installed(), zone_signature(show_timezone(root))))))
    _file_into(digest, root / "podcast.toml", "podcast.toml", files)
    for folder in READ_FOLDERS:
        if outside_show(root, folder) is not None:  # linking out: refused by the build, unread
            digest.update(_bytes(f"outside {folder} {os.path.realpath(root / folder)}\n"))
            continue
        # templates/ loads through a linked folder (``render/templates.py``): its files too
        for path, name in _walk(root, folder, links=folder == "templates"):
            _file_into(digest, path, name, files)
    for cache in ("http", "audio"):  # answers and produced audio the build takes up
        if not cache_inside(root, Path(".cache", cache)):
            digest.update(_bytes(f"outside .cache/{cache}\n"))  # the build does not use it
            continue
        for path, name in _walk(root, f".cache/{cache}", depth=1):
            _stat_into(digest, path, name)
    return digest.hexdigest(), files.seen


class _Files:
    """The text files' digests known from the last build, and those seen by this one."""

    def __init__(self, known: Known, quiet_before: int) -> None:
        self.known = known
        self.quiet_before = quiet_before  # ns: a file changed at or after this is not kept
        self.seen: dict[str, list[int | str]] = {}

    def content(self, path: str | Path, name: str, link: os.stat_result) -> str | None:
        """The digest of the file's content (None: unreadable), read only when its
        ``stat`` differs from the last build's."""
        key: list[int | str] = [link.st_size, link.st_mtime_ns, link.st_ctime_ns, link.st_ino]
        was = self.known.get(name)
        if type(was) is list and len(was) == 5 and was[:4] == key and type(was[4]) is str:
            found: str = was[4]
        else:
            try:
                with open(path, "rb") as file:
                    found = hashlib.sha256(file.read()).hexdigest()[:32]
            except OSError:
                return None
        if _CHANGE_TIME and max(link.st_mtime_ns, link.st_ctime_ns) < self.quiet_before:
            self.seen[name] = [*key, found]
        return found


def extras_digest(root: Path, extra: Iterable[str]) -> str:
    """A digest of the other files a build read (audio, artwork...): small ones by content,
    large ones by size and time."""
    digest = hashlib.blake2b(digest_size=20)
    files = _Files({}, 0)  # a few files, each read every time: nothing is kept of them
    for name in sorted(set(extra)):
        _file_into(digest, root / name, name, files)
    return digest.hexdigest()


def read_record(root: Path) -> tuple[Record | None, str | None]:
    """The last build's record, or None (with a notice when one was there but unusable:
    damaged, not a regular file, too large, or behind a ``.cache`` linking elsewhere)."""
    if not cache_inside(root, RECORD):
        return None, f"{RECORD}: {cache_refused(root, RECORD, OUTSIDE)}; {AFRESH}"
    try:
        data = json.loads(read_small_file(root / RECORD, RECORD_LIMIT, "a record", follow=False))
    except FileNotFoundError:
        return None, None
    except (OSError, ValueError, RecursionError) as exc:  # JSON nested 100,000 deep: recursion
        why = getattr(exc, "strerror", None) or exc  # not "[Errno 21] Is a directory: 3"
        return None, f"{RECORD}: unreadable ({why}); ignored, building everything"
    try:
        if data.pop("version") != RECORD_VERSION:
            return None, None  # written by another version: not ours to trust
        if not isinstance(data["outputs"], dict):  # each compared as it is (output_listing)
            raise TypeError("outputs is not a mapping")
        data["extra"] = tuple(data.get("extra", ()))
        # A folder's entry is compared, never trusted: anything but its times and inode
        # as they are now means the folder is listed (``output_listing.py``).
        if not isinstance(data.setdefault("folders", {}), dict):
            raise TypeError("folders is not a mapping")
        if not isinstance(data.setdefault("files", {}), dict):
            raise TypeError("files is not a mapping")
        if not isinstance(report := data.get("report"), dict) or not report.keys() >= REPORT_KEYS:
            raise TypeError("report is not what a build prints")  # printed when repeated
        return Record(**data), None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        return None, f"{RECORD}: damaged ({exc!r}); ignored, building everything"


def record_bytes(record: Record) -> bytes:
    # ``_asdict`` is shallow: a deep copy of every file's entry took 0.2 s.
    data: dict[str, object] = {"version": RECORD_VERSION}
    data.update(record._asdict())
    data["outputs"] = dict(record.outputs)
    data["files"] = dict(record.files)
    data["folders"] = dict(record.folders)
    data["report"] = dict(record.report)
    # ASCII: a file name that is not UTF-8 (in transcripts/, say) is kept as \udcff escapes
    return (json.dumps(data, sort_keys=True) + "\n").encode("ascii")


def _code_files() -> list[tuple[str, str]]:
    return [f for f in _walk(PACKAGE, ".", hidden=True) if "__pycache__/" not in f[1]]


def _walk(
    root: Path, folder: str, depth: int | None = None, hidden: bool = False, links: bool = False
) -> list[tuple[str, str]]:
    """Files below ``root/folder`` as (path, name relative to ``root``), in a stable order,
    hidden ones left out (as the build does). ``os.scandir`` rather than pathlib: at 10,000
    posts the Path objects alone cost a tenth of a second. ``links``: a linked folder inside
    the show is walked as well as named, each folder once (a loop ends there)."""
    found: list[tuple[str, str]] = []
    followed = {os.path.realpath(os.path.join(root, folder))}

    def scan(path: str, name: str, level: int) -> None:
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # not a folder, or gone: the build reports it
            return
        for entry in entries:
            if entry.name.startswith(".") and not hidden:
                continue
            inner = entry.name if name == "." else f"{name}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if depth is None or level < depth:  # depth 1: one folder down too
                    scan(entry.path, inner, level + 1)
            else:
                found.append((entry.path, inner))
                if links and entry.is_symlink() and _new_folder(root, entry, followed):
                    scan(entry.path, inner, level + 1)

    scan(os.path.join(root, folder), folder, 0)
    return found


def _new_folder(root: Path, entry: os.DirEntry[str], followed: set[str]) -> bool:
    """True when the link ``entry`` leads to a folder inside the show not walked yet."""
    try:  # a loop or a name too long: not followed (the build reports it)
        inside = entry.is_dir() and outside_show(root, entry.path) is None
    except OSError:
        return False
    real = os.path.realpath(entry.path)
    if not inside or real in followed:
        return False
    followed.add(real)
    return True


def _file_into(digest: hashlib.blake2b, path: str | Path, name: str, files: _Files) -> None:
    try:
        link = os.lstat(path)
    except OSError:
        digest.update(_bytes(f"missing {name}\n"))
        return
    if kinds.S_ISLNK(link.st_mode):  # the build checks where it leads; not read here
        with contextlib.suppress(OSError):
            digest.update(_bytes(f"link {name} -> {os.readlink(path)}\n"))
        _stat_into(digest, path, name)
        return
    if not kinds.S_ISREG(link.st_mode):
        # a FIFO or device would block or never end; the build refuses it anyway
        digest.update(_bytes(f"special {name} {link.st_mode:o}\n"))
        return
    if link.st_size > BY_CONTENT:
        digest.update(_bytes(f"stat {name} {link.st_size} {link.st_mtime_ns}\n"))
        return
    content = files.content(path, name, link)
    digest.update(_bytes(f"file {name} {link.st_size} {content or 'unreadable'}\n"))


def _bytes(text: str) -> bytes:
    # A file name that is not UTF-8 arrives with lone surrogates: digested as the bytes it
    # is (a plain encode() raised, a traceback before the build could name the file).
    return text.encode("utf-8", "surrogateescape")


def _stat_into(digest: hashlib.blake2b, path: str | Path, name: str) -> None:
    try:
        stat = os.stat(path)
        digest.update(_bytes(f"stat {name} {stat.st_size} {stat.st_mtime_ns}\n"))
    except OSError:
        digest.update(_bytes(f"missing {name}\n"))


class Recall(NamedTuple):
    """What the record says about a build about to start."""

    inputs: str  # this build's digest of the show's folders
    same: Record | None  # the last build's record when nothing has changed since
    notice: str | None = None  # a damaged record, ignored
    files: Known = _NONE  # the text files' digests, for the record
    asked: tuple[str, str, str] = ("", "", "")  # root, options, out
    then: Record | None = None  # the last build's record, for the same output folder


def recall(
    root: Path, options: str, now: datetime, out: Path, earlier: Recall | None = None
) -> Recall:
    """Digest the inputs and compare with the last build: ``same`` when it would repeat.
    ``earlier``: this answer for the same show, options and output, found a moment ago
    before the command line loaded (``unchanged.py``) and taken as it is."""
    asked = (str(root), options, str(out))
    if earlier is not None and earlier.same is None and earlier.asked == asked:
        return earlier
    record, notice = read_record(root)
    known = record.files if record is not None else {}
    if record is None or record.options != options or not record.due_at(now):
        inputs, files = inputs_digest(root, known)
        then = record if record is not None and record.options == options else None
        return Recall(inputs, None, notice, files, asked, then)
    # The output folder (20,000 files at 10,000 posts) is checked on the other core while
    # this process hashes the inputs: together they took 0.35 s, each alone under 0.2 s.
    intact = meanwhile(lambda: output_intact(out, record.outputs, record.folders))
    try:
        inputs, files = inputs_digest(root, known)
        read_same = record.inputs == inputs and record.extra_digest == extras_digest(
            root, record.extra
        )
    finally:
        untouched = intact()  # always: the child is reaped and the pipe closed
    same = record if read_same and untouched else None
    if same is not None and files != record.files:
        # Text files hashed again because their stat had moved (changed too shortly before
        # the last build to be kept, or touched with the same bytes) are kept as they are
        # now: else each build with nothing new would read them again, for ever (after a
        # clone and a first build at once: every post). Not for a few: writing the record
        # (30 ms of imports alone) costs more than reading them again for a long time.
        moved = sum(1 for name, entry in files.items() if record.files.get(name) != entry)
        if moved >= REFRESH_AFTER:
            keep(root, RECORD, record_bytes(same._replace(files=files)))
    return Recall(inputs, same, notice, files, asked, record)


def remember(
    root: Path,
    recall_: Recall,
    options: str,
    window: tuple[datetime | None, datetime | None],
    out: Path,
    report: Mapping[str, object],
    extra: Iterable[str],
) -> None:
    """Record a successful build (after its output is in place), if its ``.cache`` is
    inside the show."""
    from pipeline.errors import OutputError
    from pipeline.write import replace_file
    from pipeline.write.stamps import clock

    if not cache_inside(root, RECORD):  # read_record said so at the start
        return
    extra = tuple(sorted(set(extra)))
    try:
        # The folders of the output the last build left, and unchanged since, not listed
        then = recall_.then
        try:
            outputs, folders = listing(out, clock(out), then and (then.outputs, then.folders))
        except ValueError:  # a damaged record's name no path can hold: listed afresh
            outputs, folders = listing(out, clock(out))
    except OSError:
        # A folder of the output could not be listed (gone meanwhile, unreadable): a record
        # missing its files would let their loss pass for "nothing changed". None is
        # written, and a record from before matches neither these inputs nor these files.
        return
    record = Record(
        inputs=recall_.inputs,
        extra_digest=extras_digest(root, extra),
        options=options,
        due_from=window[0].isoformat() if window[0] is not None else None,
        due_until=window[1].isoformat() if window[1] is not None else None,
        outputs=outputs,
        report=dict(report),
        extra=extra,
        files=recall_.files,
        folders=folders,
    )
    try:
        (root / RECORD).parent.mkdir(parents=True, exist_ok=True)
        replace_file(root / RECORD, record_bytes(record))
    except (OSError, OutputError):
        pass  # a read-only show folder: the next build is a full one, nothing worse


def keep(root: Path, name: Path, data: bytes | Iterable[bytes]) -> None:
    """Keep a cache file of a successful build (a read-only show: nothing kept)."""
    from pipeline.errors import OutputError
    from pipeline.write import replace_file

    if cache_inside(root, name):
        with contextlib.suppress(OSError, OutputError):
            replace_file(root / name, data)
