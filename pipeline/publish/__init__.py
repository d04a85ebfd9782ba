"""Publish safely on a schedule: build at the clock, check, compare, write, record, notify.

Podcast apps never forgive a changed GUID, a moved enclosure, a re-dated or a vanished
episode: they show duplicates, re-download, or lose a listener's place. So before anything
is written, the new feed is compared with the last published one (the state file
``published.json`` kept in the show folder, or the live feed), and publishing is refused,
naming each episode, unless the user allows that episode's change explicitly.

A run with nothing due writes nothing (the site and the state file keep every byte), so a
scheduled job can run it every hour.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import requests

from pipeline.build import BuildOptions, Log, prepare
from pipeline.check import check_prepared
from pipeline.enrich.transport import DEADLINE
from pipeline.errors import Problem, PublishError, PublishRefused
from pipeline.parallel import default_jobs
from pipeline.paths import cache_inside, cache_refused, output_folder
from pipeline.publish.guard import check_allowed, compare, compare_live, compare_show_guid
from pipeline.publish.live import Live, read_live
from pipeline.publish.ping import notify, pending_file, remember
from pipeline.publish.plan import PublishPlan, plan_changes
from pipeline.publish.state import (
    STATE_FILE,
    Published,
    published_episodes,
    read_state,
    state_bytes,
    state_guid,
)
from pipeline.write import exclusive_lock, replace_file, write_output, written

__all__ = [
    "STATE_FILE",
    "PublishOptions",
    "PublishPlan",
    "PublishRefused",
    "PublishReport",
    "Published",
    "publish",
]

LOCK_FILE = Path(".cache") / "publish.lock"


@dataclass(frozen=True)
class PublishOptions:
    root: Path
    out: Path
    now: datetime
    allow: frozenset[str] = frozenset()  # episode slugs (or GUIDs) whose change is accepted
    previous: str = "state"  # "state": published.json; "live": the feed at its URL
    feed_url: str | None = None  # where the live feed is (default: the show's feed URL)
    live_timeout: float = DEADLINE  # seconds for reading the live feed, retries included
    offline: bool = False
    ping: bool = True  # notify the WebSub hub and Podping when the feed changed
    first_publication: bool = False  # no published.json yet, and that is intended
    session: requests.Session | None = None
    env: Mapping[str, str] | None = None  # where PODPING_TOKEN is read (default os.environ)
    dry_run: bool = False  # report what would go out, change or be refused; write nothing


@dataclass(frozen=True)
class PublishReport:
    out: Path
    episodes: tuple[Published, ...]  # everything in the feed, newest first
    new: tuple[Published, ...]  # not in the previous feed
    allowed: tuple[str, ...]  # changes let through by --allow-change, described
    scheduled: tuple[tuple[str, datetime], ...]
    changed: bool  # the site's bytes changed
    state_changed: bool
    notices: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pinged: tuple[str, ...] = ()  # the services notified, described
    plan: PublishPlan | None = None  # a dry run's findings (nothing was written)


def _quiet(_: str) -> None:
    pass


def publish(options: PublishOptions, log: Log = _quiet) -> PublishReport:
    """Build at ``options.now``, check, compare with the last publication, then write.

    One publish at a time per show: a second one started meanwhile fails at once (it would
    compare with a state file the first is about to replace)."""
    root = options.root.resolve()
    output_folder(root, options.out)
    if options.offline and options.previous == "live":
        raise PublishError(
            "--previous live reads the feed online; it cannot be used with --offline"
        )
    if options.dry_run:
        return _dry_run(root, options, log)
    if not cache_inside(root, LOCK_FILE):  # a lock is a file written: never outside the show
        where = cache_refused(root, LOCK_FILE)
        raise PublishError(f"{LOCK_FILE}: {where}; remove the link")
    if options.ping:  # refused now: once the site is written, a run must not stop at it
        pending_file(root)
    lock = root / LOCK_FILE
    busy = f"another `pipeline publish` is running for this show (lock {lock}); nothing was written"
    with exclusive_lock(lock, busy):
        return _publish(root, options, log)


def _publish(root: Path, options: PublishOptions, log: Log) -> PublishReport:
    prepared = prepare(
        BuildOptions(
            root=root,
            out=options.out,
            now=options.now,
            offline=options.offline,
            jobs=default_jobs(),
        ),
        log,
    )
    content = prepared.linked.content
    log("Checking the feed")
    report = check_prepared(prepared, now=options.now)
    if report.errors:
        raise PublishRefused(
            Problem(f.path, f.line, f.field, f.got, f.expected) for f in report.errors
        )
    warnings = [f"{f}" for f in report.warnings]
    current = published_episodes(content.show, content.episodes)
    session = options.session
    if options.previous == "live":
        url = options.feed_url or content.show.feed_url
        log(f"Reading the live feed {url}")
        live = read_live(
            url,
            session or _session(options.live_timeout),
            content.show.analytics_prefixes,
            options.first_publication,
        )
        if live.note:
            warnings.append(live.note)
    else:
        state_file = root / STATE_FILE
        live = Live(read_state(state_file, options.first_publication), None, state_guid(state_file))
    scheduled = published_episodes(content.show, prepared.scheduled)
    check_allowed(options.allow, live.episodes, current, scheduled, live.names())
    found = compare_live(live, [*current, *scheduled], options.allow)
    previous = found.previous
    warnings.extend(found.warnings)
    # Scheduled episodes too, so a refusal can point at the file and line of each.
    everything = replace(content, episodes=content.episodes + tuple(prepared.scheduled))
    problems, allowed = compare(previous, current, everything, options.allow, scheduled)
    problems += found.problems + compare_show_guid(live.guid, content.show, root)
    allowed += found.allowed
    if problems:
        raise PublishRefused(sorted(problems, key=lambda p: (p.path, p.line or 0, p.field)))

    log("Writing the site")
    result = write_output(prepared.files, options.out)
    with written(result.out):  # the site is out: an interrupt from here must not say otherwise
        state = state_bytes(content, current)
        state_path = root / STATE_FILE
        state_changed = not state_path.is_file() or state_path.read_bytes() != state
        # A run stopped after writing the site left the state file behind: the site is
        # unchanged now, but what subscribers get is new, so the pings are still owed. They
        # are remembered before the state file records the publication, so a run stopped
        # between the two still has them sent by the next.
        changed = result.changed or state_changed
        if options.ping and changed:
            remember(root, content.show)
        if state_changed:
            replace_file(state_path, state)
    notices = [*prepared.notices, *result.notices]
    pinged: tuple[str, ...] = ()
    if options.ping:
        # WebSub and Podping: a failure is a warning, remembered and retried next run.
        pings = notify(
            root,
            content.show,
            None if options.offline else (session or _session()),
            os.environ if options.env is None else options.env,
            changed=changed,
            offline=options.offline,
        )
        pinged = tuple(p.describe() for p in pings.sent)
        warnings.extend(pings.warnings)
        notices.extend(pings.notices)
    known = {p.guid for p in previous.values()}
    return PublishReport(
        out=result.out,
        episodes=tuple(current),
        new=tuple(p for p in current if p.guid not in known),
        allowed=tuple(sorted(allowed)),
        scheduled=tuple((e.slug, e.date) for e in prepared.scheduled),
        changed=result.changed,
        state_changed=state_changed,
        notices=tuple(notices),
        warnings=tuple(warnings),
        pinged=pinged,
    )


def _session(deadline: float = DEADLINE) -> requests.Session:
    """A session caching in memory; ``deadline``: seconds for each request, retries
    included."""
    from pipeline.enrich.http import make_session

    return make_session(None, deadline=deadline)


def _dry_run(root: Path, options: PublishOptions, log: Log) -> PublishReport:
    """What :func:`publish` would do at ``options.now``, by reading only: no site, no state
    file, no ping and no lock (a dry run may run beside a real one). What the real run
    would refuse is collected in ``plan.problems`` instead of raised, all at once."""
    build = BuildOptions(
        root=root, out=options.out, now=options.now, offline=options.offline, jobs=default_jobs()
    )
    prepared = prepare(build, log)
    content = prepared.linked.content
    log("Checking the feed")
    report = check_prepared(prepared, now=options.now)
    problems = [Problem(f.path, f.line, f.field, f.got, f.expected) for f in report.errors]
    warnings = [str(f) for f in report.warnings]
    current = published_episodes(content.show, content.episodes)
    live = Live({}, None)
    try:
        if options.previous == "live":
            url = options.feed_url or content.show.feed_url
            log(f"Reading the live feed {url}")
            session = options.session or _session(options.live_timeout)
            live = read_live(
                url, session, content.show.analytics_prefixes, options.first_publication
            )
            warnings.extend([live.note] if live.note else [])
        else:
            state_file = root / STATE_FILE
            live = Live(
                read_state(state_file, options.first_publication), None, state_guid(state_file)
            )
    except PublishRefused as exc:  # a damaged state file: listed with the rest
        problems.extend(exc.problems)
    scheduled = published_episodes(content.show, prepared.scheduled)
    check_allowed(options.allow, live.episodes, current, scheduled, live.names())
    found = compare_live(live, [*current, *scheduled], options.allow)
    previous = found.previous
    warnings.extend(found.warnings)
    everything = replace(content, episodes=content.episodes + tuple(prepared.scheduled))
    refused, allowed = compare(previous, current, everything, options.allow, scheduled)
    refused += found.problems + compare_show_guid(live.guid, content.show, root)
    allowed += found.allowed
    problems.extend(sorted(refused, key=lambda p: (p.path, p.line or 0, p.field)))
    log("Comparing with the site and the state file")
    plan = plan_changes(
        prepared,
        options.out,
        root / STATE_FILE,
        state_bytes(content, current),
        problems,
        {p.guid: p.slug for p in previous.values()},
    )
    known = {p.guid for p in previous.values()}
    return PublishReport(
        out=options.out.resolve(),
        episodes=tuple(current),
        new=tuple(p for p in current if p.guid not in known),
        allowed=tuple(sorted(allowed)),
        scheduled=tuple((e.slug, e.date) for e in prepared.scheduled),
        changed=bool(plan.files),
        state_changed=plan.state_changed,
        notices=prepared.notices,
        warnings=tuple(warnings),
        plan=plan,
    )
