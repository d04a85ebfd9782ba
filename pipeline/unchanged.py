"""``pipeline build`` on a show with nothing new, answered before the command line loads.

Run again with nothing new (by hand, by an editor's save hook, by CI), a build's answer is
a digest of its inputs checked against the last build's record (``fingerprint.py``); but
loading click and the commands to get there cost more than the check itself (50 of 170 ms
at 1,000 posts). So ``__main__`` asks here first, with only the record's modules imported.

Only the plain spellings are answered here: ``build`` with ``--root``, ``--out``,
``--now``, ``--offline``, ``--skip-failed``, ``--strict`` and ``-q``/``--quiet``, each at
most once, each value neither empty nor starting with ``-``. Anything else (``--help``, an
option click would refuse, a ``--now`` it cannot read, ``--strict`` with notices) goes to
the command line as before. When the show has changed, what was checked is handed on, so
the build does not digest it twice.

What ``pipeline build`` prints after a build is worded here, for both ways.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.fingerprint import Recall, recall
from pipeline.paths import out_in_content
from pipeline.show_zone import show_timezone
from pipeline.text.dates import parse_date, zone

_VALUES = {"--root": "root", "--out": "out", "--now": "now"}
NOTHING_CHANGED = "Nothing changed since the last build"
_FLAGS = {
    "--offline": "offline",
    "--skip-failed": "skip_failed",
    "--strict": "strict",
    "-q": "quiet",
    "--quiet": "quiet",
}


def options_key(out: Path, offline: bool, skip_failed: bool) -> str:
    """The options that shape a build's output, as its record keeps them."""
    return f"out={out} offline={offline} skip_failed={skip_failed}"


def notice_lines(summary: Mapping[str, Any]) -> list[str]:
    return [f"Notice: {notice}" for notice in summary["notices"]]


def result_lines(
    summary: Mapping[str, Any], out: Path, changed: bool
) -> tuple[list[str], list[str]]:
    """The end of what ``pipeline build`` prints: (to stderr, to stdout). ``summary``: a
    build's report as its record keeps it (``build.summary``)."""
    scheduled = [f"Scheduled: {slug} (due {when})" for slug, when in summary["scheduled"]]
    state = "written" if changed else "unchanged"
    built = (
        f"Built {len(summary['episodes'])} episodes and {summary['posts']} posts into {out} "
        f"({summary['files']} files, {state})."
    )
    return scheduled, [built, f"Feed: {out / str(summary['feed'])}"]


def parse(args: Sequence[str]) -> dict[str, Any] | None:
    """``build``'s options from the command line, or None when it is not the plainest
    spelling (see above)."""
    if not args or args[0] != "build":
        return None
    found: dict[str, Any] = {}
    rest = list(args[1:])
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=")
        if name in _VALUES and not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if name in _VALUES:
            if not value or value.startswith("-") or _VALUES[name] in found:
                return None
            found[_VALUES[name]] = value
        elif word in _FLAGS and _FLAGS[word] not in found:
            found[_FLAGS[word]] = True
        else:
            return None
    return found


def answer(args: Sequence[str]) -> tuple[int | None, Recall | None]:
    """(0, None) when this build would repeat the last one, which is said here as the
    command would say it; else (None, what was checked, if anything) for the command."""
    options = parse(args)
    if options is None:
        return None, None
    given = Path(options.get("root", "."))  # as the command does: ROOT/site, then resolved
    try:
        root, out = given.resolve(), Path(options.get("out", given / "site")).resolve()
    except (OSError, RuntimeError):  # a link looping back on itself: the command says so
        return None, None
    if out_in_content(root, out) is not None:  # refused by the command, with its reason
        return None, None
    key = options_key(out, options.get("offline", False), options.get("skip_failed", False))
    now = datetime.now().astimezone()
    if "now" in options:  # as the command reads it: without an offset, in the show's zone
        try:
            now = parse_date(options["now"], zone(show_timezone(given)))
        except ValueError:  # the command says what is wrong with it
            return None, None
    memory = recall(root, key, now, out)
    if memory.same is None:
        return None, memory
    summary = memory.same.report
    if options.get("strict") and summary["notices"]:  # the command's error to give
        return None, None
    scheduled, printed = result_lines(summary, out, changed=False)
    said = [] if options.get("quiet") else [NOTHING_CHANGED]
    err = [*said, *notice_lines(summary), *scheduled]
    if not _fits(sys.stderr, err) or not _fits(sys.stdout, printed):
        return None, memory  # the command says what it can of a name this stream cannot
    sys.stderr.write("".join(f"{line}\n" for line in err))
    sys.stdout.write("".join(f"{line}\n" for line in printed))
    return 0, None


def _fits(stream: Any, lines: list[str]) -> bool:
    try:
        "".join(lines).encode(stream.encoding or "utf-8", stream.errors or "strict")
    except (UnicodeError, LookupError, AttributeError):
        return False
    return True
