"""YAML that remembers where each key was written, so messages can name the line.

Timestamps are deliberately *not* resolved by YAML: PyYAML raises on an impossible date
(``2024-02-30``) and aborts the whole file, while we want one clear problem per field.
Dates stay strings here and ``values.parse_date`` turns them into aware datetimes.

Anchors and aliases (``&a`` / ``*a``) are refused before anything is built: nine levels of
aliases in 1 KB expand to gigabytes (a "billion laughs" bomb), and content files have no
need for them. The check reads the parser's events, so nothing is expanded to find one.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping from YAML with the line of each key (``lines``) and of itself (``line``)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}
        self.line = 1
        self.duplicates: list[tuple[str, int]] = []
        # key -> the comment after its unquoted text value on the same line: YAML ends the
        # text at " #", so "title: Afl. #12 over prijzen" is the title "Afl." without a word
        self.comments: dict[str, str] = {}


# libyaml's C parser when PyYAML has it (10x faster on 10,000 files), same semantics.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without the timestamp resolver, building LineDicts."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's constructors raise plain Python errors on some values the resolver
        let through: ``0x_`` and ``0b_`` (read as numbers, with no digit left once the
        ``_`` are dropped), ``!!bool ja``, ``!!int abc``, ``!!timestamp 2026-02-30``. Each
        becomes a YAML error at the value's line, as a malformed file is."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError):
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            shown = node.value if isinstance(node.value, str) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown[:40]!r} is no valid {tag}", node.start_mark
            ) from None


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key)
        line = key_node.start_mark.line + 1
        if key in result:
            result.duplicates.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
        if (comment := _comment_after(loader, value_node)) is not None:
            result.comments[key] = comment
    return result


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _comment_after(loader: _Loader, node: yaml.Node) -> str | None:
    """The comment after a plain (unquoted) one-line text value, on its line."""
    lines: list[str] | None = getattr(loader, "source_lines", None)
    if lines is None or not isinstance(node, yaml.ScalarNode) or node.style:
        return None
    start, end = node.start_mark, node.end_mark
    if node.tag != "tag:yaml.org,2002:str" or start.line != end.line or end.line >= len(lines):
        return None
    rest = lines[end.line][end.column :]
    if rest[:1] in (" ", "\t") and rest.lstrip(" \t").startswith("#"):
        return rest.strip(" \t\r")
    return None


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


class WrittenInt(int):
    """An integer YAML read from text that prints otherwise: YAML 1.1 reads ``0123`` as
    octal 83, ``12:30`` as 750 (base 60), ``1_000`` as 1000. Where a number is meant it is
    that number; where a text is meant (a GUID, a title), :func:`reread` says so."""

    written: str


class WrittenFloat(float):
    """A float YAML read from text that prints otherwise (``1.50`` is 1.5, ``.inf``)."""

    written: str


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int | str:
    """An integer, or the text as written when it is too long to be one we use: Python
    refuses to convert more than 4,300 digits (a ValueError, not a YAML error)."""
    if len(node.value) > 100:
        return str(node.value)
    number = int(yaml.SafeLoader.construct_yaml_int(loader, node))
    if str(number) == node.value:
        return number
    kept = WrittenInt(number)
    kept.written = str(node.value)
    return kept


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> float:
    number = float(yaml.SafeLoader.construct_yaml_float(loader, node))
    if str(number) == node.value:
        return number
    kept = WrittenFloat(number)
    kept.written = str(node.value)
    return kept


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


class Reread:
    """A number as a problem shows it where a text belongs: as written, and as read."""

    def __init__(self, number: WrittenInt | WrittenFloat):
        self.number = number

    def __repr__(self) -> str:
        kind = float if isinstance(self.number, float) else int
        return f"{self.number.written} (YAML reads the number {kind.__repr__(self.number)})"


def reread(value: object) -> tuple[Reread, str] | None:
    """(what to show, what to expect) for a number written where a text belongs whose
    text would not be what the file says (a GUID ``0123`` published as 83, a title
    ``12:30`` as 750); None for any other value (``title: 2024`` is the text '2024')."""
    if isinstance(value, WrittenInt | WrittenFloat):
        return Reread(value), f"text in quotes: '{value.written}'"
    return None


class YamlAliasError(Exception):
    """The text uses an alias (``*name``); ``field`` is the key path it stands under."""

    def __init__(self, line: int, name: str, field: str):
        super().__init__(f"alias *{name}")
        self.line = line
        self.name = name
        self.field = field


def _first_alias(text: str) -> tuple[int, str, str] | None:
    """(line, alias name, key path) of the first alias in ``text``, reading events only."""
    keys: list[list[Any]] = []  # per open collection: [is_mapping, expecting_key, key]

    def value_done() -> None:
        if keys and keys[-1][0]:
            keys[-1][1] = not keys[-1][1]

    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            path = ".".join(str(k[2]) for k in keys if k[0] and k[2] is not None)
            line = event.start_mark.line + 1 if event.start_mark else 1
            return line, str(event.anchor), path or "document"
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            keys.append([isinstance(event, yaml.MappingStartEvent), True, None])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            keys.pop()
            value_done()
        elif isinstance(event, yaml.ScalarEvent):
            if keys and keys[-1][0] and keys[-1][1]:
                keys[-1][2] = event.value[:40]
            value_done()
    return None


class YamlSyntaxError(Exception):
    """Malformed YAML, with the 1-based line where the parser gave up."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str, first_line: int = 1) -> Any:
    """Parse YAML; line numbers are shifted so that the text starts at ``first_line``."""
    try:
        # Only a text with both an anchor and an alias sign can hold an alias worth looking
        # for (an alias to no anchor is a syntax error): the common file is parsed once.
        if "&" in text and "*" in text and (alias := _first_alias(text)) is not None:
            raise YamlAliasError(alias[0] + first_line - 1, alias[1], alias[2])
        loader = _Loader(text)
        if " #" in text or "\t#" in text:  # where a comment can follow a value
            loader.source_lines = _LINE_BREAK.split(text)  # as YAML counts lines
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        raise YamlSyntaxError(line, exc.problem or str(exc)) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (NUL, other control characters): name it and its line.
        line = text.count("\n", 0, exc.position) + first_line
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlSyntaxError(line, f"a control character, U+{character:04X}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, " ".join(str(exc).split())) from None
    except RecursionError:
        # PyYAML builds nested values by recursion: 200 levels of [ or 330 of mappings in
        # one value ended every build in a traceback.
        raise YamlSyntaxError(None, "values nested too deeply") from None
    if first_line != 1:
        _shift(data, first_line - 1)
    return data


def _shift(data: Any, by: int) -> None:
    if isinstance(data, LineDict):
        data.line += by
        data.lines = {k: v + by for k, v in data.lines.items()}
        data.duplicates = [(k, v + by) for k, v in data.duplicates]
        for value in data.values():
            _shift(value, by)
    elif isinstance(data, list):
        for value in data:
            _shift(value, by)
