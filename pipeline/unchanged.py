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

import codecs
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from pipeline.fingerprint import NOTHING_CHANGED, Recall, options_key, recall
from pipeline.paths import out_in_content
from pipeline.show_zone import show_timezone
from pipeline.text.dates import parse_date, zone
from pipeline.text.plural import counted

_VALUES = {"--root": "root", "--out": "out", "--now": "now"}
_FLAGS = {
    "--offline": "offline",
    "--skip-failed": "skip_failed",
    "--strict": "strict",
    "-q": "quiet",
    "--quiet": "quiet",
}


def notice_lines(summary: Mapping[str, Any]) -> list[str]:
    return [f"Notice: {notice}" for notice in summary["notices"]]


def result_lines(
    summary: Mapping[str, Any], out: Path, changed: bool
) -> tuple[list[str], list[str]]:
    """The end of what ``pipeline build`` prints: (to stderr, to stdout). ``summary``: a
    build's report as its record keeps it (``build.report_summary``)."""
    scheduled = [f"Scheduled: {slug} (due {when})" for slug, when in summary["scheduled"]]
    state = "written" if changed else "unchanged"
    built = (
        f"Built {counted(len(summary['episodes']), 'episode')} and "
        f"{counted(summary['posts'], 'post')} into {out} "
        f"({counted(summary['files'], 'file')}, {state})."
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


class Answer(NamedTuple):
    code: int | None  # the exit code, when answered here; None: the command's to answer
    checked: Recall | None = None  # what was found when the show has changed, handed on


def answer(args: Sequence[str]) -> Answer:
    """The exit code when this build would repeat the last one, said here as the command
    would say it; else None, with what was checked, for the command."""
    options = parse(args)
    if options is None:
        return Answer(None)
    try:
        found = _check(options)
    except Exception:  # whatever it is, the command meets it again and reports it its way
        return Answer(None)
    if isinstance(found, Answer):
        return found
    err, printed = found
    try:
        for stream, lines in ((sys.stderr, err), (sys.stdout, printed)):
            stream.write("".join(f"{line}\n" for line in lines))
            stream.flush()
    except OSError:  # a closed pipe (``| head -0``), a full disk: a failure, as in click
        return Answer(1)
    return Answer(0)


def _check(options: Mapping[str, Any]) -> Answer | tuple[list[str], list[str]]:
    """What to print when nothing has changed; else the answer for the command."""
    given = Path(options.get("root", "."))  # as the command does: ROOT/site, then resolved
    for folder in (given, Path(options.get("out", given))):
        if folder.exists() and not os.access(folder, os.R_OK):  # click refuses it
            return Answer(None)
    root, out = given.resolve(), Path(options.get("out", given / "site")).resolve()
    if out_in_content(root, out) is not None:  # refused by the command, with its reason
        return Answer(None)
    key = options_key(out, options.get("offline", False), options.get("skip_failed", False))
    now = datetime.now().astimezone()
    if "now" in options:  # as the command reads it: without an offset, in the show's zone
        try:
            now = parse_date(options["now"], zone(show_timezone(given)))
        except ValueError:  # the command says what is wrong with it
            return Answer(None)
    memory = recall(root, key, now, out)
    if memory.same is None:
        return Answer(None, memory)
    summary = memory.same.report
    if options.get("strict") and summary["notices"]:  # the command's error to give
        return Answer(None)
    scheduled, printed = result_lines(summary, out, changed=False)
    said = [] if options.get("quiet") else [NOTHING_CHANGED]
    err = [*said, *notice_lines(summary), *scheduled]
    if not _fits(sys.stderr, err) or not _fits(sys.stdout, printed):
        return Answer(None)
    return err, printed


def _fits(stream: TextIO | None, lines: list[str]) -> bool:
    """Whether ``lines`` print on ``stream`` as the command prints them: click writes to a
    stream that is not UTF-8 its own way, and a name that is not UTF-8 its own way too."""
    try:
        if stream is None or codecs.lookup(stream.encoding).name != "utf-8":
            return False
        "".join(lines).encode("utf-8")
    except (UnicodeError, LookupError, AttributeError, TypeError):
        return False
    return True
