"""What ``pipeline status`` reports: one row per episode and post, and the next run.

Rendered as one screen of text (live items beyond the newest few are counted, not listed,
unless asked for) or as JSON for scripts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.check.audio import due_text, until
from pipeline.errors import Problem
from pipeline.text.dates import zone
from pipeline.text.plural import counted

LIVE, DUE, SCHEDULED, BLOCKED = "live", "due", "scheduled", "blocked"
DRAFT = "draft"  # a post's "published: false": never goes out while so
SHOWN_LIVE = 5  # live episodes and posts listed in the text, newest first


def built_note(site: str) -> str:
    """The note on an item the site folder holds that no publication recorded: a
    `pipeline build` put it there, on this computer only."""
    return f"built locally into {site}, not published yet"


@dataclass(frozen=True)
class Row:
    """One episode or post and its state: live, due (goes out on the next run), scheduled,
    or blocked (``reasons`` say why)."""

    kind: str  # "episode" or "post"
    slug: str
    path: str  # its file, relative to the show folder
    title: str
    date: datetime | None  # None when the file could not be read
    state: str
    published: str | None = None  # the date it went out with (ISO), when live
    reasons: tuple[str, ...] = ()  # why it is blocked
    notes: tuple[str, ...] = ()  # what else to know (not checked offline, hidden from Apple)
    built: bool = False  # in the site folder, but not published (a local build put it there)

    @property
    def goes_out(self) -> bool:
        """Not published yet: goes out when its date has come and nothing blocks the run."""
        return self.state in (DUE, SCHEDULED) or (self.state == BLOCKED and not self.published)


@dataclass(frozen=True)
class StatusReport:
    title: str
    timezone: str
    now: datetime
    next_run: datetime
    hourly_minute: int | None  # the workflow's minute past each hour; None: by hand
    record: str  # where the last publication was read from ("" when nowhere)
    episodes: tuple[Row, ...]  # newest first
    posts: tuple[Row, ...]
    problems: tuple[Problem, ...]  # what makes the next run fail: `Error:` lines
    warnings: tuple[str, ...] = ()
    site: str = ""  # the site folder ("site/"), when there is one: never the publication

    @property
    def built(self) -> tuple[Row, ...]:
        """Items in the site folder that are not published: built locally only."""
        return tuple(r for r in (*self.episodes, *self.posts) if r.built)

    @property
    def next_items(self) -> tuple[Row, ...]:
        """What the next run puts out (when nothing stops it), oldest first."""
        items = [
            r
            for r in (*self.episodes, *self.posts)
            if r.goes_out and r.date is not None and r.date <= self.next_run
        ]
        return tuple(sorted(items, key=lambda r: (r.date or self.now, r.kind, r.slug)))

    def when(self, moment: datetime) -> str:
        return due_text(moment, self.timezone)

    def to_json(self) -> str:
        def row(r: Row) -> dict[str, Any]:
            return {
                "kind": r.kind,
                "slug": r.slug,
                "path": r.path,
                "title": r.title,
                "date": r.date.isoformat() if r.date else None,
                "state": r.state,
                "published": r.published,
                "reasons": list(r.reasons),
                "notes": list(r.notes),
                "built_locally": r.built,
            }

        data = {
            "ok": not self.problems,
            "show": self.title,
            "timezone": self.timezone,
            "now": self.now.isoformat(),
            "record": self.record or None,
            "site": self.site or None,
            "next_run": {
                "at": self.next_run.isoformat(),
                "hourly_minute": self.hourly_minute,
                "refused": bool(self.problems),
                "publishes": [f"{r.kind}:{r.slug}" for r in self.next_items],
            },
            "episodes": [row(r) for r in self.episodes],
            "posts": [row(r) for r in self.posts],
            "problems": [str(p) for p in self.problems],
            "warnings": list(self.warnings),
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def lines(self, everything: bool = False) -> list[str]:
        """The report as text, one screen: every item that is not live, the newest live
        ones (all with ``everything``), then what the next run does."""
        out = [f"{self.title}: {self.when(self.now)}"]
        if self.record:
            out.append(f"Last publication: {self.record}.")
        else:
            out.append(
                "Last publication: no published.json in this folder (the hourly workflow "
                "keeps it in its cache); items dated before now count as live."
            )
        count = len(self.built)
        if self.site and count:  # `pipeline build` writes the site folder too
            them = "it" if count == 1 else "them"
            out.append(
                f"{self.site} holds a local build: {counted(count, 'item')} in it not published "
                f"yet (only `pipeline publish` puts {them} online)."
            )
        elif self.site and not self.record:
            out.append(
                f"{self.site} is not taken as the last publication: `pipeline build` writes "
                "there too."
            )
        for heading, rows in (("Episodes", self.episodes), ("Posts", self.posts)):
            out += ["", f"{heading} ({len(rows)})"]
            live = [r for r in rows if r.state == LIVE]
            hidden = live[SHOWN_LIVE:] if not everything else []
            out += [line for r in rows if r not in hidden for line in self._row(r)]
            if hidden:
                out.append(f"  ... {len(hidden)} older live; --all lists them")
        out += ["", self._next()]
        return out

    def _row(self, r: Row) -> list[str]:
        date = f"{r.date.astimezone(zone(self.timezone)):%Y-%m-%d %H:%M}" if r.date else "?"
        soon = until(self.now, r.date) if r.date and r.date > self.now else ""
        lines = [f"  {r.state:<9}  {date:<16}  {soon:<14}  {r.slug}"]
        lines += [f"      {reason}" for reason in r.reasons]
        lines += [f"      ({note})" for note in r.notes]
        return lines

    def _next(self) -> str:
        when = self.when(self.next_run)
        if self.hourly_minute is not None:
            head = (
                f"Next run: {when}, {until(self.now, self.next_run)} (hourly at minute "
                f"{self.hourly_minute} UTC)"
            )
        else:
            head = f"A publish now ({when})"
        names = ", ".join(f"{'post ' if r.kind == 'post' else ''}{r.slug}" for r in self.next_items)
        if self.problems:
            count = len(self.problems)
            held = f"; held back: {names}" if names else ""
            return f"{head}: refused by {count} problem{'s' if count != 1 else ''}{held}."
        return f"{head}: {'publishes ' + names if names else 'nothing new to publish'}."
