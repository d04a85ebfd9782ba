"""Import a SoundCloud podcast feed into episode files (the feed is read by
``soundcloud_feed.py``). ``plan_import`` matches items to existing episode files (by GUID,
then by SoundCloud track) and returns what to create, update or leave alone:

- a new item becomes ``episodes/NNN-slug.yaml`` with its GUID, enclosure (``audio``,
  ``length``, ``mime_type``), duration, date, artwork, description and SoundCloud page, and
  ``post:`` when an existing post pairs with it (the build's pairing rules);
- an existing file gains the fields it lacks; SoundCloud's facts about the audio
  (length, type, duration, artwork) are refreshed only while the file's enclosure is still
  SoundCloud's; title, description, date, GUID and audio URL are never overwritten, so
  what the user wrote wins and a second run changes nothing;
- a second item matching a file another item already updates is a :class:`Broken` item,
  never a plan that silently replaces the first one's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import requests

from pipeline.enrich.soundcloud import track_id_of
from pipeline.errors import ContentError, Problem, Problems, show_value
from pipeline.imports.episode_file import episode_yaml, next_number
from pipeline.imports.soundcloud_feed import Broken, FeedItem, one_line, read_feed
from pipeline.link.pairing import pair
from pipeline.load import EPISODE_DIR, load_content, load_episode
from pipeline.load.yamlfile import YamlSyntaxError, load_yaml
from pipeline.models import Content, Episode
from pipeline.paths import rel
from pipeline.text.dates import zone
from pipeline.text.slugs import slugify
from pipeline.text.urls import is_web_url
from pipeline.write import replace_file, write_user_files

__all__ = [
    "Broken",
    "FeedItem",
    "ImportReport",
    "Planned",
    "import_feed",
    "plan_import",
    "read_feed",
]

_TAG_GUID = re.compile(r"^tag:soundcloud,2010:tracks/([0-9]+)$")
# Fields SoundCloud knows best about its own audio: refreshed while the enclosure is theirs.
AUDIO_FACTS = ("length", "mime_type", "duration", "image")
FEED_EXPECTED = (
    "the web address of a podcast feed (http or https, without a user name or password), "
    "e.g. https://feeds.soundcloud.com/users/soundcloud:users:ID/sounds.rss"
)


@dataclass(frozen=True)
class Planned:
    path: Path
    item: FeedItem  # what it is made from, named in its problems
    action: str  # "create", "update" or "unchanged"
    text: str
    changed: tuple[str, ...] = ()  # keys added or refreshed
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    root: Path
    planned: tuple[Planned, ...]
    items: int  # items imported: created, updated or unchanged (not the broken ones)
    broken: tuple[Broken, ...]  # left out with --skip-failed
    dry_run: bool


def import_feed(
    root: Path, url: str, session: requests.Session, skip_failed: bool, dry_run: bool
) -> ImportReport:
    """Read the feed at ``url`` and create or update the show's episode files.

    A broken item fails the import (nothing written) unless ``skip_failed``; ``dry_run``
    plans without writing. Files are written all together or not at all. Every problem
    (the feed's items, then the files they would become) is reported in one run: the
    readable items are planned and loaded even when others are broken."""
    if not is_web_url(url):
        # An empty URL read no page and reported "Imported 0 items" as a success; file:///
        # was said to be a redirect. Refused before anything is read.
        raise ContentError(
            [Problem.of("pipeline import soundcloud", None, "URL", url, FEED_EXPECTED)]
        )
    root = root.resolve()
    content = load_content(root)
    items, broken = read_feed(session, url)
    planned, clashing = plan_import(content, items)
    planned, unloadable = _loadable(content, planned)
    broken = broken + clashing + unloadable
    if any(b.whole_feed for b in broken) or (broken and not skip_failed):
        raise ContentError([b.problem() for b in broken])
    if not dry_run:
        (content.root / EPISODE_DIR).mkdir(exist_ok=True)
        _write_all(planned)
    return ImportReport(root, tuple(planned), len(planned), tuple(broken), dry_run)


def _write_all(planned: Sequence[Planned]) -> None:
    """Every planned file, or none: a write that fails (a full disk) or Ctrl-C half-way
    left the files before it created or updated, and the command said "nothing was
    written". Each file found as this run wrote it is removed again, or given back its
    bytes; any other (one that appeared meanwhile, refused as such) is left alone."""
    texts = {p.path: p.text.encode("utf-8") for p in planned if p.action != "unchanged"}
    before = {p.path: p.path.read_bytes() for p in planned if p.action == "update"}
    try:
        write_user_files(
            {p.path: p.text for p in planned if p.action != "unchanged"},
            new=[p.path for p in planned if p.action == "create"],
        )
    except BaseException:
        for path, data in texts.items():
            try:
                ours = path.read_bytes() == data
            except OSError:  # not written
                continue
            if ours and path in before:
                replace_file(path, before[path], through_link=True)
            elif ours:
                path.unlink()
        raise


def _loadable(content: Content, planned: list[Planned]) -> tuple[list[Planned], list[Broken]]:
    """The planned files a build will load, and the items of those it would not.

    Each text is read by the build's own episode loader before anything is written: what
    an import writes must load (a title with tags, an impossible date, a GUID with spaces
    from somebody's feed would otherwise break the next scheduled build). A problem names
    the feed item, where the user can look it up: a new file's name exists nowhere yet."""
    tz = zone(content.show.timezone)
    good: list[Planned] = []
    broken: list[Broken] = []
    for plan in planned:
        found = Problems()
        if plan.action != "unchanged":
            load_episode(plan.path, content.root, tz, found, text=plan.text)
        if not found:
            good.append(plan)
            continue
        # An update may fail on what the file already holds: name the file too.
        into = "" if plan.action == "create" else f" (updating {rel(plan.path, content.root)})"
        broken.extend(
            Broken(plan.item.where, plan.item.title, p.got, p.field, p.expected + into)
            for p in found.items
        )
    return good, broken


def _track_id(item: FeedItem) -> int | None:
    m = _TAG_GUID.match(item.guid)
    if m:
        return int(m[1])
    return item.link.track_id if item.link else None


def _same_track(episode: Episode, item: FeedItem) -> str | None:
    """The item's field naming the episode's SoundCloud track ("guid" or "link"), if any."""
    track = _track_id(item)
    if track is not None and track_id_of(episode) == track:
        return "guid" if _TAG_GUID.match(item.guid) else "link"
    if episode.soundcloud and item.link and episode.soundcloud.same_track(item.link):
        return "link"
    return None


def plan_import(content: Content, items: Sequence[FeedItem]) -> tuple[list[Planned], list[Broken]]:
    """What to write for each item, oldest first, and the items that cannot be imported
    because another item already updates the file they match; nothing is written here."""
    tz = zone(content.show.timezone)
    folder = content.root / EPISODE_DIR
    ordered = sorted(items, key=lambda i: (i.date, i.guid))
    # A file under an item's GUID is that item's, whatever the tracks of other items say:
    # GUIDs are claimed before tracks, so the item that is the file wins, not the oldest.
    by_guid = {e.feed_guid: e for e in content.episodes if e.feed_guid}
    owner = {by_guid[i.guid].source: i for i in ordered if i.guid in by_guid}
    planned: list[Planned] = []
    clashing: list[Broken] = []
    new_episodes: list[tuple[Episode, FeedItem, dict[str, object]]] = []
    known = list(content.episodes)
    # Names as the loader compares them (case-insensitively: 001-Afl.yml and 001-afl.yaml
    # would be one page); new names are ASCII lower case already.
    taken = {e.slug.casefold() for e in content.episodes}
    for item in ordered:
        existing = by_guid.get(item.guid)
        if existing is None:
            existing = next((e for e in content.episodes if _same_track(e, item)), None)
        if existing is not None:
            first = owner.setdefault(existing.source, item)
            if first is item:
                planned.append(_update(existing, item))
            else:  # two plans for one file: the second would replace the first's unsaid
                clashing.append(_clash(content, existing, item, first))
            continue
        season = item.season or 1
        used = {e.number for e in known if (e.season or 1) == season}
        number = item.number if item.number and item.number not in used else None
        number = number or next_number(known, season)
        stem = f"{number:03d}-{slugify(item.title) or 'aflevering'}"
        while stem in taken:
            stem += "-2"
        taken.add(stem)
        name = f"{stem}.yaml"
        fields: dict[str, object] = {
            "title": item.title,
            "number": number,
            "season": item.season,
            "date": item.date.astimezone(tz),
            "guid": item.guid,
            "soundcloud": item.link.raw if item.link else None,
            "audio": item.audio,
            "length": item.length,
            "mime_type": item.mime_type,
            "duration": item.duration,
            "explicit": item.explicit,
            "type": item.episode_type,
            "summary": item.description,
            "image": item.image,
        }
        episode = Episode(
            source=folder / name,
            slug=name.removesuffix(".yaml"),
            title=item.title,
            date=item.date,
            number=number,
            season=item.season,
            guid=item.guid,
            soundcloud=item.link,
        )
        known.append(episode)
        new_episodes.append((episode, item, fields))
    notes = _pair_new(content, [e for e, _, _ in new_episodes])
    for episode, item, fields in new_episodes:
        post = notes.get(episode.slug)
        if post:
            fields["post"] = post
        text = episode_yaml(fields)
        planned.append(Planned(episode.source, item, "create", text, tuple(k for k in fields)))
    return planned, clashing


def _clash(content: Content, episode: Episode, item: FeedItem, first: FeedItem) -> Broken:
    """``item`` matches the file ``first`` updates: a problem naming both and the file."""
    field = _same_track(episode, item) or "guid"
    value = item.link.raw if field == "link" and item.link else item.guid
    file = rel(episode.source, content.root)
    expected = f"a track of its own ({file} has it, and is updated from {first.label})"
    return Broken(item.where, item.title, show_value(value), field, expected)


def _pair_new(content: Content, new: list[Episode]) -> dict[str, str]:
    """episode slug -> post file stem, for new episodes a post pairs with (build rules)."""
    if not new or not content.posts:
        return {}
    trial = Content(content.root, content.show, content.posts, content.episodes + tuple(new))
    try:
        pairing = pair(trial)
    except ContentError:
        return {}  # the build reports ambiguous or dangling pairs; import stays quiet
    stems = {p.slug: p.stem for p in content.posts}
    slugs = {e.slug for e in new}
    return {ep: stems[post] for ep, post in pairing.pairs.items() if ep in slugs}


def _update(episode: Episode, item: FeedItem) -> Planned:
    """Fill what the file lacks; refresh SoundCloud's audio facts while the audio is theirs."""
    # Bytes decoded, not read_text(): that made every CRLF (or CR) an LF, and the update
    # rewrote each line of a Windows user's file while it said it added one field.
    text = episode.source.read_bytes().decode("utf-8")
    hosted_by_soundcloud = (episode.audio == item.audio) or (
        episode.soundcloud is not None and not episode.audio
    )
    current: dict[str, object] = {
        "soundcloud": episode.soundcloud,
        "summary": episode.summary,
        "image": episode.image,
        "length": episode.length,
        "mime_type": episode.mime_type,
        "duration": episode.duration,
    }
    wanted: dict[str, object] = {
        "soundcloud": item.link.raw if item.link else None,
        "summary": item.description,
        "image": item.image,
        "length": item.length,
        "mime_type": item.mime_type,
        "duration": item.duration,
    }
    if not episode.audio and episode.soundcloud is None:
        current["audio"], wanted["audio"] = None, item.audio
    changes: dict[str, object] = {}
    for key, value in wanted.items():
        if value is None:
            continue
        if current[key] is None or (
            key in AUDIO_FACTS and hosted_by_soundcloud and current[key] != value
        ):
            changes[key] = value
    notes = []
    if episode.feed_guid != item.guid:
        theirs = one_line(item.guid)  # a Notice: line stays one line
        notes.append(f"GUID {episode.feed_guid} differs from the feed's {theirs}; kept")
    if not changes:
        return Planned(episode.source, item, "unchanged", text, (), tuple(notes))
    new_text = _edit_yaml(text, episode, changes)
    if new_text is None:
        notes.append("fields written over several lines or in braces; update them by hand")
        return Planned(episode.source, item, "unchanged", text, (), tuple(notes))
    return Planned(episode.source, item, "update", new_text, tuple(changes), tuple(notes))


def _edit_yaml(text: str, episode: Episode, changes: dict[str, object]) -> str | None:
    """Replace or append one-line ``key: value`` fields, leaving every other byte alone;
    None when the file is written in a form this cannot edit (a field over several lines,
    a flow mapping): the result must read as the file's fields with ``changes`` made."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"  # the file's own
    appended = []
    for key, value in changes.items():
        line = episode_yaml({key: value}).replace("\n", newline)
        number = episode.lines.get(key)
        if number is None or key not in _written_keys(text):
            appended.append(line)
            continue
        old = lines[number - 1]
        rest = old.split(":", 1)[1].split("#", 1)[0].strip() if ":" in old else ""
        if not old.startswith(f"{key}:") or rest in ("", "|", ">", "|-", ">-"):
            return None
        # The user's comment after the value stays (the whole line was replaced, and the
        # run said only which fields it updated); the check below catches a misreading.
        lines[number - 1] = line.removesuffix(newline) + _comment(old[len(key) + 1 :]) + newline
    # New fields go before YAML's end-of-document line ("..."): after it they would start a
    # second document, and the file would no longer load.
    end = next((n for n, line in enumerate(lines) if _DOCUMENT_END.match(line)), len(lines))
    if end and not lines[end - 1].endswith(("\n", "\r")):
        lines[end - 1] += newline
    out = "".join([*lines[:end], *appended, *lines[end:]])
    try:
        before, after = load_yaml(text), load_yaml(out)
        made = load_yaml("".join(episode_yaml({key: value}) for key, value in changes.items()))
    except YamlSyntaxError:
        return None
    return out if isinstance(before, dict) and after == {**before, **made} else None


_DOCUMENT_END = re.compile(r"\.\.\.(?:[ \t\r\n]|$)")


def _comment(value: str) -> str:
    """The comment after a one-line YAML value, with the blanks before it (``"  # x"``), or
    "": after a quoted value's closing quote, else at the first blank and ``#``."""
    value = value.rstrip("\r\n")
    quoted = _QUOTED.match(value)
    found = _COMMENT.search(value, quoted.end() if quoted else 0)
    if found is None:
        return ""
    return value[len(value[: found.start() + 1].rstrip(" \t")) :]


# A quoted scalar: escapes in double quotes, '' in single ones (linear: disjoint branches).
_QUOTED = re.compile(r"""[ \t]*+(?:"(?:[^"\\]|\\.)*+"|'(?:[^']|'')*+')""")
_COMMENT = re.compile(r"[ \t]#")


def _written_keys(text: str) -> set[str]:
    # Possessive runs and [ \t], never \s (which crossed lines and backtracked over them).
    return {m[1] for m in re.finditer(r"(?m)^([A-Za-z_]++)[ \t]*+:", text)}
