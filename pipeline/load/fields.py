"""Reading one user file: strict UTF-8, YAML with line numbers, typed field access.

Every accessor reports a problem with the field's own line instead of raising, so one
file's problems are all listed at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import tzinfo
from pathlib import Path
from typing import Any

from pipeline.errors import Problems, show_value
from pipeline.load.yamlfile import LineDict, YamlAliasError, YamlSyntaxError, load_yaml, reread
from pipeline.paths import outside_show, read_small_file, refused_file, rel
from pipeline.spec.apple import ARTWORK_EXPECTED, ARTWORK_HEAD, artwork_format, is_feed_image
from pipeline.text.dates import DATE_EXPECTED, date_expected, parse_date
from pipeline.text.markup import has_markup
from pipeline.text.urls import (
    NO_CREDENTIALS,
    URL_OR_FILE,
    addresses_with_login,
    is_web_url,
    url_expected,
)

INT32_MAX = 2**31 - 1
IN_DIGITS = "a whole number written in digits"  # not 45:12, which YAML 1.1 reads in base 60
FILE_SIZE_MAX = 2**53  # bytes: beyond what a JSON or JavaScript client counts exactly

# Control characters (tab and newline aside) and what XML 1.0 cannot hold at all. YAML and
# TOML escapes ("\0", "\a", "\u0007") write them; they are invisible, and the feeds drop
# them, so a title of "\0" became an empty title (feedgen refused the feed, or the item
# went out without one). Refused where they are written instead, except in free text.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff"
CONTROL_EXPECTED = "text without control characters (tab and newline aside)"
# Invisible formatting characters, refused with them: they show as nothing, so a tag or a
# name with one looks like another and is a different tag, page or person, and a bidi
# embedding, override or isolate (U+202A-U+202E, U+2066-U+2069) shows a title reversed or
# reordered in apps. Zero-width space, word joiner and the invisible operators, the
# deprecated format characters, a byte order mark inside the text, interlinear annotation.
# Kept: ZWNJ and ZWJ (U+200C, U+200D: emoji sequences, Persian and Indic spelling) and the
# single direction marks LRM, RLM and ALM (U+200E, U+200F, U+061C), which right-to-left
# titles need for their punctuation and which reorder nothing beyond themselves.
_INVISIBLE = "\u200b\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
_REFUSED = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_INVISIBLE_CHARACTER = re.compile(f"[{_INVISIBLE}]")
# Free text pasted from a word processor keeps the old tolerance: Word's manual line break
# is a vertical tab, and the feeds turn it into a space (pipeline/text/xml.py); what is
# left must still be text (see the show's description in load/config.py).
FREE_TEXT = frozenset({"summary", "description", "excerpt"})


# A post's or an episode's file name is its page's folder and web address, unescaped: "?"
# and "#" end the path (posts/a?b/ linked to posts/a), "%" starts an escape the server
# decodes (a%2Fb/ was asked for as a/b/), a browser drops a newline or tab from a link
# (href="a\nb/" is ab/), and a backslash is refused by the writer only after rendering.
_PAGE_NAME = re.compile(r"[\\?#%\x00-\x1f\x7f]")
PAGE_NAME_EXPECTED = (
    "a file name without \\, ?, #, % or control characters (it is the page's web address)"
)


def bad_page_name(name: str) -> bool:
    """True when ``name`` cannot be a page's folder and web address as it is written."""
    return _PAGE_NAME.search(name) is not None


def has_control(text: str) -> bool:
    """True when ``text`` holds a character a field's text may not: a control character
    (:data:`CONTROL_EXPECTED`) or an invisible formatting one (:func:`control_expected`)."""
    return _REFUSED.search(text) is not None


def control_expected(text: str) -> str:
    """What a text :func:`has_control` refuses should be: without its first invisible
    formatting character, named (``U+202E RIGHT-TO-LEFT OVERRIDE``: in the value it shows
    as nothing), or without control characters."""
    found = _INVISIBLE_CHARACTER.search(text)
    if found is None:
        return CONTROL_EXPECTED
    name = f"U+{ord(found[0]):04X} {unicodedata.name(found[0])}"
    return (
        f"text without {name} (an invisible formatting character: it changes how the text"
        " shows, or makes it differ from a text that looks the same)"
    )


IMPORT_HINT = " (`pipeline import posts` repairs such files)"


# The most a post, an episode file or a transcript may hold. Each was read whole into
# memory, and then decoded: a 5 GB file (a sparse one costs nothing to make) was a
# MemoryError traceback, or a build killed for its memory. A long post is 100 kB and a
# three-hour transcript 2 MB; a post of 50 MB took 12 s of CPU to build.
TEXT_LIMIT = 16 << 20
TEXT_LIMIT_EXPECTED = f"a text file of at most {TEXT_LIMIT:,} bytes"


def read_text(path: Path, root: Path, problems: Problems, hint: str = IMPORT_HINT) -> str | None:
    """Read a file as strict UTF-8, reporting where the first bad byte is (``hint``: how
    to mend the file, after the expected text)."""
    try:
        data = read_small_file(path, TEXT_LIMIT)
    except OSError as exc:
        problems.add(rel(path, root), None, "file", exc.strerror or str(exc), "a readable file")
        return None
    except ValueError:  # past the limit, or a pipe put in the file's place since listed
        problems.describe(rel(path, root), None, "file", refused_file(path), TEXT_LIMIT_EXPECTED)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.describe(
            rel(path, root),
            line,
            "encoding",
            f"byte 0x{data[exc.start]:02x}",
            "UTF-8 text" + hint,
        )
        return None
    # CommonMark and YAML end a line at CRLF, LF or a lone CR (files saved by classic Mac
    # editors): a CR-only post was one line, refused as having no front matter.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


MAPPING_EXPECTED = "a mapping of fields (key: value)"  # front matter or a file as a whole
# Fields whose text a comment after it most likely belongs to (a link or a file name
# with a comment after it is as written, and checked as such).
PROSE = frozenset({"title", "summary", "author"})
COMMENT_HINT = (
    'YAML ends an unquoted value at " #": {comment!r} after it is a comment; to keep it,'
    ' put the whole value in quotes: "{value} {comment}"'
)


class Fields:
    """Field access on a LineDict that records problems with the right line."""

    def __init__(self, data: LineDict, where: str, problems: Problems):
        self.data = data
        self.where = where
        self.problems = problems

    def line(self, key: str) -> int:
        return self.data.lines.get(key, self.data.line)

    def bad(self, key: str, value: object, expected: str) -> None:
        self.problems.add(self.where, self.line(key), key, value, expected)

    def text(self, key: str, required: bool = False, plain: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.bad(key, None, "a non-empty text")
            return None
        if (number := reread(value)) is not None:
            self.bad(key, *number)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or (required and not value.strip()):
            self.bad(key, value, "a non-empty text")
            return None
        if key in PROSE and (comment := self.data.comments.get(key)) is not None:
            # a title cut short at " #"
            hint = COMMENT_HINT.format(value=value, comment=comment)
            self.bad(key, value, f"the whole text ({hint}, or the comment on a line of its own)")
            return None
        if plain and has_markup(value):
            self.bad(key, value, "plain text without HTML tags")
            return None
        return value.strip()

    def integer(
        self, key: str, minimum: int = 0, maximum: int = INT32_MAX, why: str = ""
    ) -> int | None:
        """A whole number in range; the default ceiling is what apps store episode and
        season numbers in (a 32-bit integer: YAML reads 10**30 as a number too). ``why``
        follows the floor in a problem line, e.g. the tag that needs it."""
        value = self.data.get(key)
        if value is None:
            return None
        number = whole_number(value)
        if number is None and (shown := reread(value)) is not None:
            # 45:12 or 1:05 unquoted: YAML 1.1 reads base 60 (2712, 65), which no one means
            # by a file size or an episode number; said as written and as read
            self.bad(key, shown[0], f"{IN_DIGITS}, of at least {minimum}")
            return None
        if number is None or number < minimum:
            self.bad(key, value, f"a whole number of at least {minimum}{why}")
            return None
        if number > maximum:
            self.bad(key, value, f"a whole number of at most {maximum}")
            return None
        return number

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.bad(key, value, "true or false")
            return None
        return value

    def date(self, key: str, tz: tzinfo, required: bool) -> Any:
        value = self.data.get(key)
        if value is None:
            if required:
                self.bad(key, None, DATE_EXPECTED)
            return None
        try:
            return parse_date(value, tz)
        except ValueError as exc:
            self.bad(key, value, date_expected(exc))
            return None


def local_file(f: Fields, root: Path, key: str, name: str, missing: str) -> bool:
    """True when ``name`` is an existing file inside the show folder (symlinks resolved);
    otherwise the problem is reported at ``key``'s line: a show never publishes a file
    from outside its folder (``/etc/passwd``, ``../private.png``, a link to either)."""
    why = outside_show(root, name)
    if why is not None:
        f.bad(key, name, why)
        return False
    if not (root / name).is_file():
        # "audio: audio/afl #1.mp3" is the file "audio/afl" to YAML: say so when the whole
        # name is a file of the show
        comment = f.data.comments.get(key)
        whole = f"{name} {comment}"
        if comment is not None and outside_show(root, whole) is None and (root / whole).is_file():
            missing += f" ({COMMENT_HINT.format(value=name, comment=comment)})"
        f.bad(key, name, missing)
        return False
    return True


def artwork_expected(root: Path, artwork: str) -> str | None:
    """What the show's ``artwork`` (a URL, or a file in the show folder ``root``) was
    expected to be, or None when it is one."""
    if not is_feed_image(artwork):
        return "a .jpg or .png image (Apple accepts no other formats)"
    if "://" in artwork:
        return None if is_web_url(artwork) else url_expected(artwork, URL_OR_FILE)
    if (why := outside_show(root, artwork)) is not None:
        return why
    if not (root / artwork).is_file():
        return "an image URL or an existing image file in the show folder"
    return None if holds_artwork(root / artwork) else ARTWORK_EXPECTED


def holds_artwork(path: Path) -> bool:
    """Whether the file ``path`` starts as a JPEG or a PNG does: a text file named
    cover.jpg went into the feed as itunes:image, which Apple refuses, without a word. Only
    the signature is read, on every build; the size is ``pipeline check``'s to measure."""
    try:
        with path.open("rb") as file:
            return artwork_format(file.read(ARTWORK_HEAD)) is not None
    except OSError:
        return False


def alias_problem(exc: YamlAliasError, where: str, problems: Problems) -> None:
    """Report the alias :func:`load_yaml` refused, at its line and key path: one alias can
    stand for a billion values (a few lines that expand to gigabytes)."""
    problems.describe(
        where,
        exc.line,
        exc.field,
        f"an alias (*{exc.name[:40]})",
        "a value written out (YAML anchors and aliases are not allowed in content files)",
    )


def parse_mapping(
    text: str, where: str, first_line: int, problems: Problems, parsed: tuple[Any] | None = None
) -> LineDict | None:
    """The mapping ``text`` holds (``parsed``: as ``load_yaml`` gave it, kept from an
    earlier build: ``kept_yaml.py``), its problems added."""
    try:
        data = load_yaml(text, first_line) if parsed is None else parsed[0]
    except YamlSyntaxError as exc:
        problems.describe(where, exc.line, "syntax", f"a YAML error ({exc.message})", "valid YAML")
        return None
    except YamlAliasError as exc:
        alias_problem(exc, where, problems)
        return None
    if data is None:
        data = LineDict()
        data.line = first_line
    if not isinstance(data, LineDict):
        problems.add(where, first_line, "document", type(data).__name__, MAPPING_EXPECTED)
        return None
    _check_values(data, where, problems)
    return data


def _check_values(data: LineDict, where: str, problems: Problems) -> None:
    """Report every key written twice in a mapping, at any depth (YAML keeps the last: a
    chapter's second ``start`` dropped the first unsaid), and every text value holding a
    control character, free text (:data:`FREE_TEXT`) aside; each at its key's line, with
    its key path (``chapters.title``). A loop, not recursion: YAML nests as deep as the
    writer likes."""
    todo: list[tuple[object, str, int]] = [(data, "", data.line)]
    while todo:
        value, field, line = todo.pop()
        if isinstance(value, str):
            if has_control(value):
                problems.add(where, line, field or "document", value, control_expected(value))
        elif isinstance(value, LineDict):
            for key, at in value.duplicates:
                name = f"{field}.{key}" if field else key
                problems.describe(where, at, name, "a second value", "each field once")
            for key, item in value.items():
                if not field and key in FREE_TEXT:
                    continue
                path = f"{field}.{key}" if field else key
                todo.append((item, path, value.lines.get(key, value.line)))
        elif isinstance(value, list):
            todo.extend((item, field, line) for item in value)


def check_logins(data: LineDict, where: str, problems: Problems, keys: Iterable[str]) -> None:
    """Report every web address with a user name or password in the text of ``keys`` (nested
    values too, as ``chapters.title``), at its key's line: the post bodies' rule
    (:func:`addresses_with_login`), for a file's other published text (an episode's summary
    and titles). One a field's own check refused already (``audio``, ``guests.href``: not a
    usable address) is not said twice. A loop, not recursion, as :func:`_check_values`."""
    said = {(p.line, p.got) for p in problems.items if p.path == where}
    todo: list[tuple[object, str, int]] = [
        (data[key], key, data.lines.get(key, data.line)) for key in keys if key in data
    ]
    while todo:
        value, field, line = todo.pop()
        if isinstance(value, str):
            for _, address in addresses_with_login(value):  # cheap: most have no "@"
                if (line, show_value(address)) not in said:
                    said.add((line, show_value(address)))
                    problems.add(where, line, field, address, NO_CREDENTIALS)
        elif isinstance(value, LineDict):
            for key, item in value.items():
                todo.append((item, f"{field}.{key}", value.lines.get(key, value.line)))
        elif isinstance(value, list):
            todo.extend((item, field, line) for item in value)


def whole_number(value: object) -> int | None:
    """A whole number as a plain int; digits with leading zeros are decimal (010 is 10, as an
    episode's file name 010-... writes it, not YAML 1.1's octal 8; 09 YAML reads as text).
    The one reading of a count in an episode file, top-level or nested (``tags.whole``)."""
    if isinstance(value, bool):
        return None
    written = getattr(value, "written", None)
    if isinstance(written, str) and ":" in written:
        return None  # base 60 (12:30 is 750): a time, never a count (see Fields.integer)
    if isinstance(value, int):
        return int(written) if isinstance(written, str) and written.isdigit() else int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None
