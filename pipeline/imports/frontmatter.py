"""The front matter of an imported post: what an input's own front matter may carry over,
which date wins, and the header written for the new post."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, tzinfo
from pathlib import Path

from pipeline.errors import Problems
from pipeline.load.yamlfile import LineDict
from pipeline.models import SoundCloudLink
from pipeline.text.dates import date_expected, parse_date

# Front matter carried over from an imported Jekyll post as it was.
KEPT_KEYS = ("permalink", "redirect_from", "aliases", "layout")
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def front_matter_ok(fm: LineDict, where: str, tz: tzinfo, problems: Problems) -> bool:
    """The front matter values the import keeps are usable: a real date, texts for URLs."""
    ok = True
    if fm.get("date") is not None:
        try:
            parse_date(fm["date"], tz)
        except ValueError as exc:
            problems.add(where, fm.lines.get("date"), "date", fm["date"], date_expected(exc))
            ok = False
    for key in KEPT_KEYS:
        value = fm.get(key)
        items = value if isinstance(value, list) else [value]
        if value is not None and not all(isinstance(v, str | int) for v in items):
            problems.add(where, fm.lines.get(key), key, value, "a text or a list of texts")
            ok = False
    # Taken over as text: a list or a mapping became its Python spelling (the title
    # "['a', 'b']", the tag "{'x': 1}") or was dropped unsaid (tags: {a: 1}).
    for key in ("title", "author"):
        value = fm.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            problems.add(where, fm.lines.get(key), key, value, "a text")
            ok = False
    for key in ("tags", "categories"):
        value = fm.get(key)
        if value is not None and not _tags(value):
            problems.add(where, fm.lines.get(key), key, value, "a list of tags")
            ok = False
    return ok


def _tags(value: object) -> bool:
    """A tag list as the import reads it: one text ("a, b") or a list of texts."""
    items = value if isinstance(value, list) else [value]
    return all(isinstance(v, str | int) and not isinstance(v, bool) for v in items)


def choose_date(
    fm: dict[str, object],
    found: list[tuple[date | datetime | None, str]],
    path: Path,
    option: datetime | None,
    tz: tzinfo,
    notes: list[str],
) -> datetime | None:
    """The post's date: front matter, then what the page or text says (in the order given),
    then a date in the file name, then ``--date``. ``notes`` gets where it came from."""
    value = fm.get("date")
    if value is not None:
        try:
            result = parse_date(value if not isinstance(value, int) else str(value), tz)
            notes.append("date: front matter")
            return result
        except ValueError:
            pass
    for when, how in found:
        if isinstance(when, datetime):
            notes.append(f"date: {how}")
            return when.astimezone(tz) if when.tzinfo else when.replace(tzinfo=tz)
        if when is not None:
            notes.append(f"date: {how}")
            return datetime.combine(when, time(), tz)
    m = _FILE_DATE.search(path.name)
    if m:
        try:
            result = parse_date(m[1], tz)
            notes.append("date: file name")
            return result
        except ValueError:
            pass
    if option is not None:
        notes.append("date: --date")
        return option
    return None


def tags_of(fm: dict[str, object]) -> list[str]:
    value = fm.get("tags", fm.get("categories"))
    if isinstance(value, str):
        return [t for t in re.split(r"[,\s]+", value) if t]
    if isinstance(value, list):
        return [str(t) for t in value if str(t).strip()]
    return []


def link_url(link: SoundCloudLink) -> str:
    if link.page_url:
        return link.page_url
    return f"https://api.soundcloud.com/tracks/{link.track_id}"


def render(
    title: str,
    when: datetime,
    author: object,
    tags: list[str],
    fm: dict[str, object],
    link: SoundCloudLink | None,
    episode: str | None,
    original: str | None,
    sha: str,
) -> str:
    """The new post's front matter lines (JSON values: YAML reads them as written)."""
    fields: dict[str, object] = {"title": title, "date": when.strftime("%Y-%m-%d %H:%M:%S %z")}
    if author:
        fields["author"] = str(author)
    if tags:
        fields["tags"] = tags
    if link is not None:
        fields["soundcloud"] = link_url(link)
    if episode:
        fields["episode"] = episode
    for key in KEPT_KEYS:
        if key in fm:
            fields[key] = fm[key]
    if original:
        fields["source"] = original
    fields["source_sha256"] = sha
    return "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items()
    )
