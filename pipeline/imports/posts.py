"""Turn pasted text, scraped HTML or Jekyll Markdown into ``posts/YYYY-MM-DD-slug.md``.

Planning reads every input and decides everything (post text, episode stub or pairing,
what was removed) without touching the disk; :func:`write_plan` then writes through
``write.py``. Problems from all files are collected and raised together.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo
from pathlib import Path

import lxml.html
import markdownify

from pipeline.errors import ContentError, Problems
from pipeline.imports.cleanup import Removed, clean_lines
from pipeline.imports.encoding import Fix, repair
from pipeline.imports.episode_file import episode_yaml, new_guid, next_number
from pipeline.imports.metadata import Found, extract, plain_title
from pipeline.load import (
    EPISODE_DIR,
    POINTER,
    POST_DIR,
    front_matter_line,
    load_episode,
    split_front_matter,
)
from pipeline.load.yamlfile import LineDict, YamlSyntaxError, load_yaml
from pipeline.models import Episode, SoundCloudLink
from pipeline.text.dates import DATE_EXPECTED, parse_date
from pipeline.text.slugs import slugify
from pipeline.text.soundcloud import find_links
from pipeline.write import create_file

IMPORT_DIR = "imports"
# Front matter carried over from an imported Jekyll post as it was.
KEPT_KEYS = ("permalink", "redirect_from", "aliases", "layout")
SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")
_HASH = re.compile(r"^source_sha256:\s*\"?([0-9a-f]{64})", re.MULTILINE)
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_CHROME = ("nav", "header", "footer", "aside", "script", "style", "form", "noscript")


@dataclass(frozen=True)
class PostImport:
    """One input file, planned: the post to write and everything found and changed."""

    source: Path
    target: str  # posts/YYYY-MM-DD-slug.md
    text: str
    sha256: str
    found: tuple[str, ...]
    removed: tuple[Removed, ...]
    fixes: tuple[Fix, ...]
    pointers: tuple[str, ...]
    original: str | None  # imports/NAME when the original is kept
    episode: tuple[str, str] | None = None  # (episodes/NNN-slug.yaml, text) for a new stub
    skipped: str | None = None  # why nothing is written (already imported)


@dataclass
class Plan:
    root: Path
    items: list[PostImport] = field(default_factory=list)


def input_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
            )
        else:
            files.append(path)
    return files


def plan_imports(
    root: Path, paths: list[Path], tz: tzinfo, date_option: datetime | None, keep: bool
) -> Plan:
    """Decide what every input becomes; raise ContentError listing every problem."""
    problems = Problems()
    plan = Plan(root)
    episodes = _episodes(root, tz)
    imported = _imported_hashes(root)
    taken: set[str] = set()
    for path in input_files(paths):
        item = _plan_one(path, root, tz, date_option, keep, episodes, imported, taken, problems)
        if item is not None:
            plan.items.append(item)
    problems.raise_if_any(ContentError)
    return plan


def _episodes(root: Path, tz: tzinfo) -> list[Episode]:
    folder = root / EPISODE_DIR
    ignored = Problems()  # their own problems are for `pipeline build` to report
    return [
        ep
        for p in sorted(folder.glob("*.y*ml"))
        if folder.is_dir()
        if (ep := load_episode(p, root, tz, ignored)) is not None
    ]


def _imported_hashes(root: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    folder = root / POST_DIR
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        head = path.read_text("utf-8", errors="replace")[:4000]
        for m in _HASH.finditer(head):
            found[m[1]] = f"{POST_DIR}/{path.name}"
    return found


def _decode(data: bytes, found: list[str]) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        found.append("encoding: not UTF-8; read as Windows-1252")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _plan_one(
    path: Path,
    root: Path,
    tz: tzinfo,
    date_option: datetime | None,
    keep: bool,
    episodes: list[Episode],
    imported: dict[str, str],
    taken: set[str],
    problems: Problems,
) -> PostImport | None:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(where, None, "file", exc.strerror or str(exc), "a readable file")
        return None
    sha = hashlib.sha256(data).hexdigest()
    if sha in imported:
        return PostImport(path, imported[sha], "", sha, (), (), (), (), None,
                          skipped=f"already imported as {imported[sha]}")  # fmt: skip
    notes: list[str] = []
    repaired = repair(_decode(data, notes))
    text = repaired.text
    removed: list[Removed] = []

    fm_data: dict[str, object] = {}
    body, body_line = text, 1
    fm, rest, first = split_front_matter(text)
    if fm is not None:
        try:
            # Dates stay text: an impossible one is reported here, not a crash.
            loaded = load_yaml(fm, front_matter_line(text))
        except YamlSyntaxError as exc:
            problems.add(where, exc.line, "front matter", exc.message, "valid YAML")
            return None
        fm_data = loaded if isinstance(loaded, dict) else {}
        if isinstance(loaded, LineDict) and not _front_matter_ok(loaded, where, tz, problems):
            return None
        body, body_line = rest, first
    is_html = path.suffix.lower() in (".html", ".htm") or re.match(
        r"\s*<(?:!doctype|html)", body, re.IGNORECASE
    )

    # SoundCloud players (and the credits pasted after them) become a field, not body text.
    link: SoundCloudLink | None = None
    for hit in reversed(find_links(body)):
        snippet = body[hit.start : hit.end]
        if isinstance(hit.link, SoundCloudLink) and snippet.lstrip().startswith("<iframe"):
            if link is None or hit.link.kind == "track":
                link = hit.link
            removed.append(Removed(body_line + hit.line - 1, "SoundCloud player", snippet))
            body = body[: hit.start] + body[hit.end :]
    if is_html:
        body = _html_to_markdown(body, body_line, removed)
        body_line = 1

    lines = body.split("\n")
    cleaned, dropped = clean_lines(lines, body_line)
    removed.extend(dropped)
    numbers = _line_numbers(lines, cleaned, body_line)
    fm_title = fm_data.get("title")
    body_lines, meta = extract(cleaned, numbers, plain_title(str(fm_title)) if fm_title else None)
    removed.extend(meta.removed)
    if not meta.title:
        problems.add(where, None, "title", None, "a first line or heading to take the title from")
        return None

    when = _date(fm_data, meta, path, date_option, tz, notes)
    if when is None:
        problems.add(
            where,
            None,
            "date",
            None,
            "a date in the front matter, a signature like 'Juli, 2023', "
            "a file name with YYYY-MM-DD, or --date",
        )
        return None
    author = fm_data.get("author") or meta.author
    tags = _tags(fm_data) or meta.tags
    slug = slugify(meta.title) or "artikel"
    target = f"{POST_DIR}/{when:%Y-%m-%d}-{slug}.md"
    if target in taken:
        problems.add(where, None, "title", meta.title, f"a title no other input has ({target})")
        return None
    taken.add(target)

    found = [
        f"title {meta.title!r} ({meta.title_how})",
        f"date {when:%Y-%m-%d} ({notes.pop() if notes and notes[-1].startswith('date') else ''})",
    ]
    found[-1] = found[-1].replace(" ()", "")
    if author:
        found.append(f"author {author!r} ({meta.author_how or 'front matter'})")
    if tags:
        found.append("tags " + ", ".join(tags))
    found.extend(n for n in notes)

    episode_ref, stub = None, None
    if link is not None:
        episode_ref, stub = _episode_for(link, meta.title, when, target, episodes, root, found)

    body_text = "\n".join(body_lines).strip("\n") + "\n"
    pointers = tuple(m[1].strip(" *_\"'“”") for m in POINTER.finditer(body_text))
    original = _original_name(root, path.name, sha) if keep else None
    header = _front_matter(
        meta.title, when, author, tags, fm_data, link, episode_ref, original, sha
    )
    return PostImport(
        source=path,
        target=target,
        text=f"---\n{header}---\n\n{body_text}",
        sha256=sha,
        found=tuple(found),
        removed=tuple(sorted(removed, key=lambda r: r.line)),
        fixes=repaired.fixes,
        pointers=pointers,
        original=original,
        episode=stub,
    )


def _line_numbers(original: list[str], cleaned: list[str], first: int) -> list[int]:
    """Best-effort input line of each cleaned line, for the report."""
    numbers, pos = [], 0
    plain = [line.replace("\xa0", " ").strip() for line in original]
    for line in cleaned:
        key = line.strip()
        while pos < len(plain) and key and key not in plain[pos] and plain[pos] != key:
            pos += 1
        numbers.append(first + min(pos, len(plain) - 1) if key else first + pos)
    return numbers


def _front_matter_ok(fm: LineDict, where: str, tz: tzinfo, problems: Problems) -> bool:
    """The front matter values the import keeps are usable: a real date, texts for URLs."""
    ok = True
    if fm.get("date") is not None:
        try:
            parse_date(fm["date"], tz)
        except ValueError:
            problems.add(where, fm.lines.get("date"), "date", fm["date"], DATE_EXPECTED)
            ok = False
    for key in KEPT_KEYS:
        value = fm.get(key)
        items = value if isinstance(value, list) else [value]
        if value is not None and not all(isinstance(v, str | int) for v in items):
            problems.add(where, fm.lines.get(key), key, value, "a text or a list of texts")
            ok = False
    return ok


def _date(
    fm: dict[str, object],
    meta: Found,
    path: Path,
    option: datetime | None,
    tz: tzinfo,
    notes: list[str],
) -> datetime | None:
    value = fm.get("date")
    if value is not None:
        try:
            result = parse_date(value if not isinstance(value, int) else str(value), tz)
            notes.append("date: front matter")
            return result
        except ValueError:
            pass
    if meta.date is not None:
        notes.append(f"date: {meta.date_how}")
        return datetime.combine(meta.date, time(), tz)
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


def _tags(fm: dict[str, object]) -> list[str]:
    value = fm.get("tags", fm.get("categories"))
    if isinstance(value, str):
        return [t for t in re.split(r"[,\s]+", value) if t]
    if isinstance(value, list):
        return [str(t) for t in value if str(t).strip()]
    return []


def _link_url(link: SoundCloudLink) -> str:
    if link.page_url:
        return link.page_url
    return f"https://api.soundcloud.com/tracks/{link.track_id}"


def _episode_for(
    link: SoundCloudLink,
    title: str,
    when: datetime,
    target: str,
    episodes: list[Episode],
    root: Path,
    found: list[str],
) -> tuple[str | None, tuple[str, str] | None]:
    """Pair with the episode of the same track, or plan a stub episode file."""
    stem = Path(target).stem
    for ep in episodes:
        if ep.soundcloud is not None and ep.soundcloud.same_track(link):
            name = f"{EPISODE_DIR}/{ep.source.name}"
            if ep.post and ep.post not in (stem, stem.split("-", 3)[-1]):
                found.append(f"soundcloud {_link_url(link)}: {name} already has post {ep.post}")
                return None, None
            found.append(f"soundcloud {_link_url(link)}: paired with {name}")
            return ep.slug, None
    season = max((e.season or 1 for e in episodes), default=1)
    number = next_number(episodes, season)
    name = f"{EPISODE_DIR}/{number:03d}-{slugify(title) or 'aflevering'}.yaml"
    text = episode_yaml(
        {
            "title": title,
            "number": number,
            "season": season,
            "date": when,
            "guid": new_guid(link),
            "soundcloud": _link_url(link),
            "post": stem,
            "explicit": False,
            "type": "full",
        }
    )
    # Later inputs of this run number their stubs after this one.
    episodes.append(
        Episode(
            source=root / name,
            slug=Path(name).stem,
            title=title,
            date=when,
            number=number,
            season=season,
            soundcloud=link,
        )
    )
    found.append(f"soundcloud {_link_url(link)}: new episode stub {name}")
    return None, (name, text)


def _front_matter(
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
    fields: dict[str, object] = {"title": title, "date": when.strftime("%Y-%m-%d %H:%M:%S %z")}
    if author:
        fields["author"] = str(author)
    if tags:
        fields["tags"] = tags
    if link is not None:
        fields["soundcloud"] = _link_url(link)
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


def _html_to_markdown(html: str, first_line: int, removed: list[Removed]) -> str:
    doc = lxml.html.document_fromstring(html)
    for element in list(doc.iter(*_CHROME)):
        words = " ".join(element.text_content().split())
        if words and element.tag not in ("script", "style"):
            removed.append(Removed(first_line, f"page {element.tag}", words))
        element.drop_tree()
    main = next(iter(doc.iter("article")), None)
    if main is None:
        main = next(iter(doc.iter("main")), None)
    if main is None:
        main = doc.body if doc.find("body") is not None else doc
    if not list(main.iter("h1")):
        page_title = doc.findtext(".//title")
        if page_title and page_title.strip():
            return f"# {page_title.strip()}\n\n" + _markdown(main)
    return _markdown(main)


def _markdown(element: lxml.html.HtmlElement) -> str:
    html = lxml.html.tostring(element, encoding="unicode")
    text: str = markdownify.markdownify(html, heading_style="ATX", bullets="-")
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def write_plan(plan: Plan) -> list[str]:
    """Write every planned post, stub and kept original; returns what was written."""
    written = []
    for item in plan.items:
        if item.skipped:
            continue
        if item.original and create_file(plan.root / item.original, item.source.read_bytes()):
            written.append(item.original)
        if item.episode and create_file(plan.root / item.episode[0], item.episode[1].encode()):
            written.append(item.episode[0])
        if create_file(plan.root / item.target, item.text.encode("utf-8")):
            written.append(item.target)
    return written


def _original_name(root: Path, name: str, sha: str) -> str:
    """imports/NAME, or imports/NAME-<hash> when another file of that name is there."""
    path = root / IMPORT_DIR / name
    if path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() != sha:
        return f"{IMPORT_DIR}/{path.stem}-{sha[:8]}{path.suffix}"
    return f"{IMPORT_DIR}/{name}"
