"""One input file planned into one post: the steps in the order they run.

read -> decode -> repair (encoding, half-repaired quotes, styled letters) -> front matter
-> share links resolved -> SoundCloud player taken out -> HTML to Markdown -> site chrome
removed -> title, author, date, tags found -> pasted text structured -> the post's text.
Every step records what it changed or removed with the input line, for the report and for
``--explain``. Nothing here touches the disk but reading the input.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

import lxml.etree
import requests

from pipeline.errors import Problems
from pipeline.imports.cleanup import Removed, Rewritten, clean_lines
from pipeline.imports.encoding import Fix, repair
from pipeline.imports.frontmatter import (
    choose_date,
    front_matter_ok,
    link_url,
    render,
    tags_of,
)
from pipeline.imports.headings import is_markdown, structure
from pipeline.imports.html import PageMeta, page_metadata, to_markdown
from pipeline.imports.loadable import post_problems, stub_problems, where_of
from pipeline.imports.metadata import extract, plain_title
from pipeline.imports.share import EXPECTED, ShareError, find_share_links, resolve
from pipeline.imports.stubs import episode_for
from pipeline.load import POINTER, POST_DIR, front_matter_line, split_front_matter
from pipeline.load.fields import MAPPING_EXPECTED, alias_problem
from pipeline.load.yamlfile import LineDict, YamlAliasError, YamlSyntaxError, load_yaml
from pipeline.models import Episode, SoundCloudLink
from pipeline.paths import UTF8_NAME_EXPECTED, not_utf8
from pipeline.settings import SoundCloudSettings
from pipeline.text.dates import date_expected, parse_date
from pipeline.text.slugs import slugify
from pipeline.text.soundcloud import find_links

SHARE_RESOLVED = "SoundCloud share link resolved"

# A saved web page with inline images runs to a few MB; past this it is not an article.
MAX_IMPORT_BYTES = 20 * 10**6


@dataclass(frozen=True)
class PostImport:
    """One input file, planned: the post to write and everything found and changed."""

    source: Path
    target: str  # posts/YYYY-MM-DD-slug.md
    text: str
    sha256: str  # "" for a file skipped unread
    found: tuple[str, ...]
    removed: tuple[Removed, ...]
    fixes: tuple[Fix, ...]
    pointers: tuple[str, ...]
    original: str | None  # imports/NAME when the original is kept
    episode: tuple[str, str] | None = None  # (episodes/NNN-slug.yaml, text) for a new stub
    skipped: str | None = None  # why nothing is written (already imported, a link out)
    rewritten: tuple[Rewritten, ...] = ()
    before: tuple[str, ...] = ()  # the input's lines as read, for --explain
    after: tuple[str, ...] = ()  # the same lines once repaired


@dataclass
class Context:
    """What every input of one run shares."""

    root: Path
    tz: tzinfo
    date_option: datetime | None
    keep: bool
    episodes: list[Episode]
    imported: dict[str, str]
    soundcloud: SoundCloudSettings
    session: Callable[[], requests.Session]
    taken: set[str] = field(default_factory=set)
    paired: dict[str, str] = field(default_factory=dict)  # episode slug -> post of this run
    # The show's pairing before this run: episode slug -> (post file, rule); made on need.
    pairs: Callable[[], Mapping[str, tuple[str, str]]] = dict
    resolved: dict[str, str | ShareError] = field(default_factory=dict)


def decode(data: bytes, found: list[str]) -> str:
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Notepad's "Unicode": text, though every other byte of it is a NUL.
            text = data.decode("utf-16")
            found.append("encoding: UTF-16")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        found.append("encoding: not UTF-8; read as Windows-1252")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def plan_one(
    path: Path, ctx: Context, problems: Problems, original: Callable[[str, str], str]
) -> PostImport | None:
    where = where_of(path)
    reported = len(problems.items)  # the problems of earlier inputs
    try:
        # A FIFO, /dev/zero or a 2 GB dump would block or fill memory: refuse before reading.
        kind = path.stat()
        if not stat.S_ISREG(kind.st_mode):
            got = "a folder" if stat.S_ISDIR(kind.st_mode) else "a special file"
            problems.describe(where, None, "file", got, "a text or HTML file")
            return None
        if kind.st_size > MAX_IMPORT_BYTES:
            got = f"{kind.st_size / 1e6:.1f} MB"
            problems.describe(where, None, "file", got, f"at most {MAX_IMPORT_BYTES // 10**6} MB")
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.add(where, None, "file", exc.strerror or str(exc), "a readable file")
        return None
    sha = hashlib.sha256(data).hexdigest()
    if sha in ctx.imported:
        return PostImport(path, ctx.imported[sha], "", sha, (), (), (), (), None,
                          skipped=f"already imported as {ctx.imported[sha]}")  # fmt: skip
    notes: list[str] = []
    raw = decode(data, notes)
    if (nul := raw.find("\x00")) >= 0:
        # An image or a document given by mistake: no text holds a NUL. Its bytes would be
        # the post (a title of control characters the build refuses, or a page of noise).
        line = raw.count("\n", 0, nul) + 1
        problems.describe(where, line, "file", "binary data (a NUL byte)", "a text or HTML file")
        return None
    if ctx.keep and (shown := not_utf8(path.name)) is not None:
        # The kept original's name goes into the post's source: (UTF-8, as every post).
        problems.describe(where, None, "file name", shown, UTF8_NAME_EXPECTED)
        return None
    repaired = repair(raw, fold_styled=True)
    text = repaired.text
    removed: list[Removed] = []
    rewritten: list[Rewritten] = []

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
        except YamlAliasError as exc:  # refused as the build refuses it, not a traceback
            alias_problem(exc, where, problems)
            return None
        if loaded is not None and not isinstance(loaded, dict):  # dropped unsaid before
            got = type(loaded).__name__
            problems.add(where, front_matter_line(text), "document", got, MAPPING_EXPECTED)
            return None
        fm_data = loaded if isinstance(loaded, dict) else {}
        if isinstance(loaded, LineDict) and not front_matter_ok(loaded, where, ctx.tz, problems):
            return None
        body, body_line = rest, first
    is_html = path.suffix.lower() in (".html", ".htm") or bool(
        re.match(r"\s*<(?:!doctype|html)", body, re.IGNORECASE)
    )
    body = _share_links(body, body_line, where, ctx, rewritten, problems)
    link, player_line, body = _player(body, body_line, removed)

    page = PageMeta()
    if is_html:
        try:
            numbered = to_markdown(body, body_line, removed)
        except (lxml.etree.ParserError, ValueError) as exc:
            problems.add(where, body_line, "html", str(exc) or "nothing", "an HTML page")
            return None
        page = page_metadata(body)
    else:
        numbered = [(body_line + i, line) for i, line in enumerate(body.split("\n"))]
    cleaned, dropped = clean_lines(numbered)
    removed.extend(dropped)
    fm_title = fm_data.get("title")
    title = plain_title(str(fm_title)) if fm_title else page.title
    body_lines, meta = extract(cleaned, plain_title(title) if title else None)
    if title and not fm_title:
        meta.title_how = "page metadata"
    removed.extend(meta.removed)
    if not meta.title:
        problems.add(where, None, "title", None, "a first line or heading to take the title from")
        return None
    if not is_html and fm is None and not is_markdown([t for _, t in body_lines]):
        body_lines, marked = structure(body_lines)
        rewritten.extend(marked)

    found_dates: list[tuple[date | datetime | None, str]] = [
        (page.published, "page metadata"),
        (meta.date, meta.date_how),
    ]
    when = choose_date(fm_data, found_dates, path, ctx.date_option, ctx.tz, notes)
    if when is None:
        problems.add(
            where,
            None,
            "date",
            None,
            "a date in the front matter, a byline like 'Geplaatst op 12 november 2026', "
            "a signature like 'Juli, 2023', a file name with YYYY-MM-DD, or --date",
        )
        return None
    try:  # a byline's or a page's year 1 or 9999, refused as the build would
        parse_date(when, ctx.tz)
    except ValueError as exc:
        problems.describe(where, None, "date", when.date().isoformat(), date_expected(exc))
        return None
    author = fm_data.get("author") or page.author or meta.author
    author_how = "front matter" if fm_data.get("author") else "page metadata"
    if not fm_data.get("author") and not page.author:
        author_how = meta.author_how
    tags = tags_of(fm_data) or meta.tags
    slug = slugify(meta.title) or "artikel"
    target = f"{POST_DIR}/{when:%Y-%m-%d}-{slug}.md"
    if target in ctx.taken:
        problems.add(where, None, "title", meta.title, f"a title no other input has ({target})")
        return None
    ctx.taken.add(target)

    date_note = next((n for n in notes if n.startswith("date: ")), "")
    found = [f"title {meta.title!r} ({meta.title_how})", f"date {when:%Y-%m-%d} ({date_note})"]
    found[-1] = found[-1].replace(" ()", "")
    if author:
        found.append(f"author {author!r} ({author_how})")
    if tags:
        found.append("tags " + ", ".join(tags))
    found.extend(n for n in notes if not n.startswith("date: "))

    episode_ref, stub = None, None
    if link is not None:
        url = link_url(link)

        def refuse(expected: str) -> None:
            problems.add(where, player_line, "soundcloud", url, expected)

        episode_ref, stub = episode_for(
            link,
            meta.title,
            when,
            target,
            ctx.episodes,
            ctx.root,
            found,
            ctx.paired,
            ctx.pairs,
            refuse,
        )
    joined = "\n".join(t for _, t in body_lines)
    body_text = joined.strip("\n") + "\n"
    pointers = tuple(m[1].strip(" *_\"'“”") for m in POINTER.finditer(body_text))
    kept = original(path.name, sha) if ctx.keep else None
    header = render(meta.title, when, author, tags, fm_data, link, episode_ref, kept, sha)
    post = f"---\n{header}---\n\n{body_text}"
    # The input line of each line of the post's body (a line of Markdown made from HTML
    # may be several), the leading blank ones left out as body_text leaves them out.
    origin = [n for n, t in body_lines for _ in t.split("\n")]
    origin = origin[len(joined) - len(joined.lstrip("\n")) :]
    if len(problems.items) > reported:
        return None  # refused already (a share link): load would only say it again
    fm_lines = fm_data.lines if isinstance(fm_data, LineDict) else {}
    start = header.count("\n") + 4  # after ---, the header, --- and a blank line
    wrong = post_problems(where, target, post, ctx.root, ctx.tz, fm_lines, origin, start)
    if stub is not None:
        wrong += stub_problems(where, *stub, ctx.root, ctx.tz)
    if wrong:
        problems.extend(wrong)
        return None
    return PostImport(
        source=path,
        target=target,
        text=post,
        sha256=sha,
        found=tuple(found),
        removed=tuple(sorted(removed, key=lambda r: r.line)),
        fixes=repaired.fixes,
        pointers=pointers,
        original=kept,
        episode=stub,
        rewritten=tuple(sorted(rewritten, key=lambda r: r.line)),
        before=tuple(raw.split("\n")),
        after=tuple(text.split("\n")),
    )


def _share_links(
    text: str,
    first_line: int,
    where: str,
    ctx: Context,
    rewritten: list[Rewritten],
    problems: Problems,
) -> str:
    """``text`` with each on.soundcloud.com link replaced by the track it leads to."""
    for start, end, url in reversed(find_share_links(text)):
        line = first_line + text.count("\n", 0, start)
        if url not in ctx.resolved:
            try:
                ctx.resolved[url] = resolve(url, ctx.soundcloud, ctx.session())
            except ShareError as exc:
                ctx.resolved[url] = exc
        result = ctx.resolved[url]
        if isinstance(result, ShareError):
            problems.describe(where, line, "soundcloud", f"{url!r} ({result})", EXPECTED)
            continue
        rewritten.append(Rewritten(line, SHARE_RESOLVED, url, result))
        text = text[:start] + result + text[end:]
    return text


def _player(
    body: str, body_line: int, removed: list[Removed]
) -> tuple[SoundCloudLink | None, int | None, str]:
    """SoundCloud players (and the credits pasted after them) become a field, not body text:
    the link, its input line, and the body without them.

    The player's text is replaced by as many line breaks as it had, so every later line
    keeps its number in the input.
    """
    link: SoundCloudLink | None = None
    line: int | None = None
    for hit in reversed(find_links(body)):
        snippet = body[hit.start : hit.end]
        if isinstance(hit.link, SoundCloudLink) and snippet.lstrip().startswith("<iframe"):
            if link is None or hit.link.kind == "track":
                link, line = hit.link, body_line + hit.line - 1
            removed.append(Removed(body_line + hit.line - 1, "SoundCloud player", snippet))
            body = body[: hit.start] + "\n" * snippet.count("\n") + body[hit.end :]
    return link, line, body
