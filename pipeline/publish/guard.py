"""The GUID guard: what a new feed may not change about an episode subscribers already have.

Podcast apps never forgive a changed GUID, a moved enclosure, a re-dated or a vanished
episode: they show duplicates, re-download, or lose a listener's place. Each such change
is refused with the file and line to fix, unless the user allows that one episode.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import Problem, PublishError
from pipeline.models import Content, Show
from pipeline.paths import feed_uri, rel
from pipeline.publish.live import Live
from pipeline.publish.state import Published
from pipeline.spec.apple import NO_GUID_KNOWN_BY, known_by
from pipeline.spec.podcasting20 import show_guid


def check_allowed(
    allow: frozenset[str],
    previous: Mapping[str, Published],
    current: Sequence[Published],
    scheduled: Sequence[Published],
    also: Iterable[str] = (),
) -> None:
    """Every ``--allow-change`` names a published, due or scheduled episode (slug or GUID),
    or one of ``also`` (a live item without either: its enclosure URL): a typo must not
    pass silently while the change it meant stays refused or unnoticed."""
    known = [*previous.values(), *current, *scheduled]
    names = {p.slug for p in known} | {p.guid for p in known} | set(also)
    # Never "": an empty value (a variable unset in a scheduled job) named every item
    # without a GUID, and let each of them gain one.
    unknown = sorted(allow - (names - {""}))
    if not unknown:
        return
    slugs = sorted({p.slug for p in known})
    parts = []
    for name in unknown:
        close = difflib.get_close_matches(name, slugs, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        parts.append(f"{name!r}{hint}")
    raise PublishError(
        f"--allow-change: got {', '.join(parts)}, expected the file name (without .yaml) or "
        "GUID of an episode in the feed or published before"
    )


def compare(
    previous: Mapping[str, Published],
    current: Sequence[Published],
    content: Content,
    allow: frozenset[str],
    scheduled: Sequence[Published] = (),
) -> tuple[list[Problem], list[str]]:
    """Problems for every published episode whose identity would change; allowed changes.

    A published episode now dated in the future (``scheduled``) is a date change, not a
    removal: that is what the user did, and the line to fix is its ``date:``."""
    by_slug = {p.slug: p for p in current}
    by_guid = {p.guid: p for p in current}
    later_slug = {p.slug: p for p in scheduled}
    later_guid = {p.guid: p for p in scheduled}
    problems: list[Problem] = []
    allowed: list[str] = []

    def where(slug: str) -> str:
        episode = content.episodes_by_slug.get(slug)
        return rel(episode.source, content.root) if episode else f"episodes/{slug}.yaml"

    def refuse(
        old: Published,
        field: str,
        got: str,
        expected: str,
        why: str = _WHY,
    ) -> None:
        # The file the episode is in now: renamed since, it is no longer old.slug's.
        slug = now.slug if now is not None else old.slug
        if {old.slug, slug, old.guid} & allow:
            allowed.append(f"{slug}: {field}: {got} (was {expected})")
            return
        episode = content.episodes_by_slug.get(slug)
        lines = episode.lines if episode else {}
        line = lines.get(_KEYS.get(field, field)) or lines.get(_OR.get(field, ""))
        problems.append(
            Problem(
                where(slug),
                line,
                field,
                got,
                f"{expected} {why}; pass --allow-change {slug} if this is intended)",
            )
        )

    # Two live items under one file name (a link edited by hand): the file's episode is the
    # one with its GUID, and the other item is gone, not that episode with its GUID changed.
    held = {(p.slug, p.guid) for p in previous.values() if p.guid}

    def by_name(old: Published, found: Mapping[str, Published]) -> Published | None:
        episode = found.get(old.slug)
        if episode and old.guid and episode.guid != old.guid and (old.slug, episode.guid) in held:
            return None
        return episode

    for old in previous.values():
        # By GUID first: it is what subscribers know the episode by. Two files that swapped
        # names (001.yaml and 002.yaml re-ordered) are the same two episodes, not two
        # changed GUIDs; the file name finds an episode whose GUID did change.
        new = (old.guid and by_guid.get(old.guid)) or by_name(old, by_slug)
        later = (old.guid and later_guid.get(old.guid)) or by_name(old, later_slug)
        now = new or later
        if new is None and later is not None and old.date and later.moment == old.moment:
            # The date is as published; the run's clock is before it (--now in the past, a
            # clock gone wrong): "got X, expected X" said nothing of that.
            refuse(old, "date", f"{later.date} as published, still to come at this run's "
                   "time (--now, or the clock, is before it)", "a run at or after it",
                   "(the episode would leave the feed until then")  # fmt: skip
            continue
        if new is None and later is not None:
            refuse(old, "date", later.date, old.date)
            continue
        if new is None:
            guid = f" ({old.guid})" if old.guid else ""  # a live item without <guid>: no "()"
            refuse(old, "episode", "no episode", f"{old.title!r}{guid} to stay in the feed")
            continue
        if new.guid != old.guid and not old.guid:  # a live item without <guid>
            refuse(old, "guid", repr(new.guid), "no GUID", f"as published ({NO_GUID_KNOWN_BY}, "
                   "and would see a new episode")  # fmt: skip
        elif new.guid != old.guid:
            refuse(old, "guid", repr(new.guid), repr(old.guid))
        # As the feed carries them: the state file keeps a URL as written (afl_één.mp3), the
        # live feed percent-encoded (afl_%C3%A9%C3%A9n.mp3), and both are the same download.
        if old.enclosure and feed_uri(new.enclosure) != feed_uri(old.enclosure):
            refuse(old, "enclosure url", repr(new.enclosure), repr(old.enclosure))
        if old.date and new.moment != old.moment:
            refuse(old, "date", new.date, old.date, _date_why(new, old))
    return problems, allowed


_WHY = "as published (subscribers would see a broken or duplicate episode"


class LiveFindings(NamedTuple):
    previous: dict[str, Published]  # the live feed's episodes, for :func:`compare`
    problems: list[Problem]
    allowed: list[str]  # changes let through by --allow-change, described
    warnings: list[str]


def compare_live(live: Live, current: Sequence[Published], allow: frozenset[str]) -> LiveFindings:
    """The live feed as the previous publication, with the items that neither a file name
    nor a GUID names held to the new feed (``current``: its episodes, scheduled ones too),
    and those under a GUID an earlier item has reported: the same episode again is a
    warning, another episode a problem, as apps show only one of the two.

    Such an item is known by its enclosure URL, as apps know it. The episode with that
    audio now is its episode, held to it like any other by :func:`compare` (the GUID it
    would gain is refused at its file). One that no episode has would vanish: refused by its
    place and title in the feed, as no file or GUID names it, and allowed by that URL."""
    previous = dict(live.episodes)
    problems: list[Problem] = []
    allowed: list[str] = []
    warnings: list[str] = []
    by_audio = {feed_uri(p.enclosure): p for p in current if p.enclosure}
    for odd in live.unnamed:
        key = known_by(odd.item.guid, odd.item.enclosure)
        now = by_audio.get(feed_uri(key)) if key else None
        if now is not None:  # keyed apart: the file's own live item may be there too
            previous[f"#{odd.position}"] = replace(odd.item, slug=now.slug)
        elif not key:
            warnings.append(
                f"the live feed's {odd.label()} has no <guid>, link or enclosure: no episode "
                "apps could play, left out of the comparison"
            )
        elif key in allow:
            allowed.append(f"{odd.label()}: episode: gone (was {key})")
        else:
            problems.append(
                Problem(
                    odd.label(),
                    None,
                    "episode",
                    f"no episode with its audio {key}",
                    f"it to stay in the feed (it has no link under /episodes/, and "
                    f"{NO_GUID_KNOWN_BY}; pass --allow-change {key} if it may go)",
                )
            )
    for again, first in live.repeated:
        guid = again.item.guid
        was = first.item
        if feed_uri(again.item.enclosure) == feed_uri(was.enclosure) and _same_date(
            again.item, was
        ):
            warnings.append(
                f"the live feed has {first.label()} twice, again as feed item {again.position} "
                f"(GUID {guid!r}): apps show it once, and the new feed carries it once"
            )
        elif guid in allow:
            allowed.append(f"{again.label()}: guid: {guid!r} of {first.label()} too (was "
                           "another episode)")  # fmt: skip
        else:
            # Apps keep one episode per GUID: the other's audio is lost to subscribers
            # whatever the new feed does, so the user says which one goes on.
            problems.append(
                Problem(
                    again.label(),
                    None,
                    "guid",
                    f"{guid!r}, the GUID of {first.label()} too",
                    "each item under a GUID of its own (apps show one of them, and "
                    f"subscribers lose the other; pass --allow-change {guid} if the feed may "
                    "carry one)",
                )
            )
    return LiveFindings(previous, problems, allowed, warnings)


def _same_date(one: Published, other: Published) -> bool:
    """The same pubDate, as :func:`compare` holds one: the same moment, at any offset (06:00
    +0000 is 07:00 +0100), or both unreadable."""
    if not one.date or not other.date:
        return one.date == other.date
    return one.moment == other.moment


def _date_why(new: Published, old: Published) -> str:
    """Why a date is refused; for the published time of day at another offset (the show's
    ``timezone`` changed, and every date written without an offset moved with it), how to
    keep it: the date with its published offset."""
    offset = old.moment.utcoffset()
    if new.moment.replace(tzinfo=None) != old.moment.replace(tzinfo=None) or offset is None:
        return _WHY
    minutes, seconds = divmod(int(offset.total_seconds()), 60)
    if seconds:
        return _WHY
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    local = f"{old.moment:%Y-%m-%d %H:%M} {sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{_WHY}; podcast.toml's timezone changed? write date: {local} to keep it"


def compare_show_guid(published: str | None, show: Show, root: Path) -> list[Problem]:
    """A problem when the show's podcast:guid is not the one ``published``: made from the
    feed URL when podcast.toml names none, it changed with ``base_url`` or ``feed_file``,
    and the Podcast Index and apps know the show by it (the namespace: it never changes,
    even when the feed moves). The fix keeps it: ``guid =`` set to the published one."""
    guid = show_guid(show.guid, show.feed_url)
    if published is None or guid == published:
        return []
    how = "podcast.toml's guid" if show.guid else f"made from the feed URL {show.feed_url}"
    line = show.lines.get("guid") or show.lines.get("base_url")
    return [
        Problem(
            rel(show.source, root),
            line,
            "guid",
            f"{guid!r} ({how})",
            f"{published!r} as published: apps and the Podcast Index know the show by it "
            f'(set guid = "{published}" in podcast.toml to keep it where the feed moved)',
        )
    ]


# Which line of the episode file a refused field points at (else _OR's: the GUID and the
# enclosure made from the SoundCloud link).
_KEYS = {"guid": "guid", "enclosure url": "audio", "date": "date", "episode": "title"}
_OR = {"guid": "soundcloud", "enclosure url": "soundcloud"}
