"""``pipeline status``: what is live, what is scheduled and when, what blocks it and why, and
what the next hourly run would publish.

It reads and never writes, and it works offline: the show is built in memory as the next
run would build it (lookups answered from the HTTP cache), checked as ``publish`` checks it,
and compared with the last publication this folder knows (``published.json``; what only
``site/`` holds was built locally and is not published).
Items due after the next run are looked at for what will stop them on their day (audio
that is missing or of a type Apple refuses, a post or episode they name that is not there
in time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from pipeline.build import BuildOptions, prepare
from pipeline.check import check_prepared
from pipeline.check.audio import due_text, until
from pipeline.errors import Problem, ProblemsError
from pipeline.load.partial import item_files, load_all
from pipeline.models import Content, Episode, Post
from pipeline.paths import not_utf8, rel
from pipeline.publish.guard import compare
from pipeline.publish.state import published_episodes
from pipeline.status.items import episode_gaps, post_gaps
from pipeline.status.record import Record, next_run, read_record
from pipeline.status.report import (
    BLOCKED,
    DRAFT,
    DUE,
    LIVE,
    SCHEDULED,
    Row,
    StatusReport,
    built_note,
)

__all__ = ["Row", "StatusReport", "status"]

LEFT_OUT = ": left out: "  # how a build run with skip_failed names an episode it left out


def status(root: Path, now: datetime, out: Path | None = None) -> StatusReport:
    """The show in ``root`` at ``now``; ``out`` is the site publish writes (``root/site``)."""
    root = root.resolve()
    site = (out or root / "site").resolve()
    content, problems = load_all(root)
    content = _dated(content)
    show = content.show
    run = next_run(root, now)
    record = read_record(root, show, content.posts, site)
    found = Found(list(problems) + list(record.problems))
    if not problems:
        _build_and_check(content, site, run.at, record, found)
    later: list[Problem] = []  # what stops items due after the next run, on their day
    for episode in content.episodes:
        if episode.date > run.at:
            later.extend(episode_gaps(episode, content))
    for post in content.posts:
        if post.date > run.at:
            later.extend(post_gaps(post, content))
    tz = show.timezone
    dates = {rel(e.source, root): e.date for e in content.episodes}
    dates.update({rel(p.source, root): p.date for p in content.posts})
    warnings = [
        f"{p}; due {due_text(dates[p.path], tz)}, {until(now, dates[p.path])}" for p in later
    ]
    rows = _rows(content, now, record, found, later)
    return StatusReport(
        title=show.title,
        timezone=tz,
        now=now,
        next_run=run.at,
        hourly_minute=run.minute,
        record=record.source,
        site=record.site,
        episodes=tuple(r for r in rows if r.kind == "episode"),
        posts=tuple(r for r in rows if r.kind == "post"),
        problems=tuple(sorted(found.problems, key=lambda p: (p.path, p.line or 0, p.field))),
        warnings=(*found.warnings, *warnings),
    )


@dataclass
class Found:
    """What the build and check found: problems (the next run fails), warnings, and the
    episodes left out of the offline build (file -> why)."""

    problems: list[Problem]
    warnings: list[str] = field(default_factory=list)
    unchecked: dict[str, str] = field(default_factory=dict)


def _build_and_check(
    content: Content, site: Path, at: datetime, record: Record, found: Found
) -> None:
    """Build in memory what the run at ``at`` would publish, check it as ``publish`` does,
    and hold it against the state file (the GUID guard); problems and warnings to ``found``.

    Offline, an episode whose SoundCloud lookup is not in the cache is left out of the
    build and noted, rather than failing everything else."""
    root = content.root
    options = BuildOptions(root, site, now=at, offline=True, skip_failed=True)
    try:
        prepared = prepare(options)
    except ProblemsError as exc:
        found.problems.extend(exc.problems)
        return
    for notice in prepared.notices:
        where, left_out, why = notice.partition(LEFT_OUT)
        if left_out:
            found.unchecked[where] = why
    report = check_prepared(prepared)
    found.problems.extend(
        Problem(f.path, f.line, f.field, f.got, f.expected) for f in report.errors
    )
    found.warnings.extend(str(f) for f in report.warnings)
    if record.state is None:  # no state file, or one refused (its problem is in found)
        return
    built = prepared.linked.content
    skipped = {e.slug for e in content.episodes if rel(e.source, root) in found.unchecked}
    previous = {k: p for k, p in record.state.items() if p.slug not in skipped}
    current = published_episodes(built.show, built.episodes)
    scheduled = published_episodes(built.show, prepared.scheduled)
    everything = replace(built, episodes=built.episodes + tuple(prepared.scheduled))
    refused, _ = compare(previous, current, everything, frozenset(), scheduled)
    found.problems.extend(refused)


def _dated(content: Content) -> Content:
    """Only the items whose date loaded. A file whose date is broken (a number, a list, a
    year out of range) loads half, with no date to sort or compare by: its problem is
    already listed, and its row, blocked, comes from the files that did not load."""
    episodes = tuple(e for e in content.episodes if e.date is not None)
    posts = tuple(p for p in content.posts if p.date is not None)
    return replace(content, episodes=episodes, posts=posts)


def _rows(
    content: Content, now: datetime, record: Record, found: Found, later: Iterable[Problem]
) -> list[Row]:
    root = content.root
    why: Mapping[str, list[str]] = _by_path([*found.problems, *later])
    unchecked = found.unchecked
    rows: list[Row] = []
    loaded: set[str] = set()
    items: list[Episode | Post] = sorted(
        (*content.episodes, *content.posts), key=lambda i: (i.date, i.slug), reverse=True
    )
    for item in items:
        path = rel(item.source, root)
        loaded.add(path)
        notes = []
        if path in unchecked:
            notes.append(f"not checked offline: {unchecked[path]}")
        if isinstance(item, Episode):
            published = record.episode_live(item, now)
            if item.block:
                notes.append("hidden from Apple Podcasts: block: true")
        else:
            published = item.date.isoformat() if record.post_live(item, now) else None
        reasons = tuple(why.get(path, ()))
        if reasons:
            state = BLOCKED
        elif published:
            state = LIVE
        else:
            state = DUE if item.date <= now else SCHEDULED
        if isinstance(item, Post) and not item.published and state != BLOCKED:
            if published:
                notes.append("published: false: the next publish takes it off the site")
            else:
                state = DRAFT
        built = not published and record.built(item)  # in site/ by `pipeline build` only
        if built:
            notes.append(built_note(record.site))
        kind = "episode" if isinstance(item, Episode) else "post"
        rows.append(
            Row(kind, item.slug, path, item.title, item.date, state, published, reasons,
                tuple(notes), built)
        )  # fmt: skip
    # Files that did not load at all; a name that is not UTF-8 as the loader's problem
    # names it (printable): its bytes as they are ended the report in a UnicodeEncodeError.
    unloaded = {not_utf8(path) or path: kind for path, kind in item_files(root).items()}
    for path, kind in sorted(unloaded.items()):
        if path not in loaded:
            slug = PurePosixPath(path).stem
            rows.append(Row(kind, slug, path, "", None, BLOCKED, None, tuple(why.get(path, ()))))
    return rows


def _by_path(problems: Iterable[Problem]) -> dict[str, list[str]]:
    """Each file's problems, without the file name the row already shows."""
    found: dict[str, list[str]] = defaultdict(list)
    for p in problems:
        where = f"line {p.line}: " if p.line else ""
        text = f"{where}{p.field}: got {p.got}, expected {p.expected}"
        if text not in found[p.path]:
            found[p.path].append(text)
    return found
