"""Episode files' YAML as parsed, kept for the next build beside the posts
(``.cache/build/posts.bin``, by the digest of the file's text: ``kept.py``).

Parsing 2,000 episode files was 0.37 s of CPU on every build, most of loading them, and
an edit changes one file. What YAML makes of a text follows from that text and the code
alone, so the parsed mapping is kept by the text's digest, as JSON that says what each
value was: the loader's mapping with its keys' lines and comments, lists, text, numbers
(with the text they were written as, where YAML read another number: ``WrittenInt``),
true, false and null. The checks and the episode's fields are made from it as from a
fresh parse, so an episode's problems are always its own.

A value of any other kind (a ``!!set``, ``!!binary``...) is not kept, nor is a mapping
that does not come back from its JSON exactly as it was: that file is parsed each time.
An entry that does not read back is passed over and the file parsed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from pipeline.errors import Problem, Problems
from pipeline.kept_texts import key_of
from pipeline.load.kept import Entry, KeptPosts
from pipeline.load.yamlfile import (
    LineDict,
    WrittenFloat,
    WrittenInt,
    YamlAliasError,
    YamlSyntaxError,
    load_yaml,
)
from pipeline.models import Episode

KIND = "episode yaml"  # what an entry's key is made of, besides the text
# Loads the episode with its problems, from its text parsed (in a tuple: an empty file
# parses to None), or parsing it itself (None)
Load = Callable[[Problems, tuple[Any] | None], Episode | None]


class _NotKept(Exception):
    """A value this format does not keep."""


def kept_episode(
    kept: KeptPosts, text: str, load: Load
) -> tuple[Episode | None, list[Problem], Entry | None]:
    """The episode of ``text``, loaded by ``load`` from its YAML as kept by the last
    build, else as parsed now; its problems; and its entry to keep (None: not kept)."""
    key = key_of(KIND, text)
    entry = kept.entries.get(key)
    data = _decoded(entry) if entry is not None else None
    if data is None:
        entry = None
        try:
            parsed = load_yaml(text)
        except (YamlSyntaxError, YamlAliasError):  # reported by a plain load
            parsed = None
        else:
            entry = _encoded(parsed)
        data = (parsed,) if entry is not None else None
    problems = Problems()
    episode = load(problems, data)  # the fields read from the parse, or the text parsed
    if episode is None or problems.items or entry is None:
        return episode, list(problems.items), None
    return episode, [], (key, entry)


def _encoded(data: Any) -> str | None:
    """``data`` as kept; None when it would not come back exactly."""
    try:
        text = json.dumps(_value(data), ensure_ascii=False, allow_nan=False)
    except (_NotKept, ValueError, RecursionError):
        return None
    back = _decoded(text)
    return text if back is not None and _same(back[0], data) else None


def _decoded(entry: str) -> tuple[Any] | None:
    """The parse an entry keeps (in a tuple: it may be None), or None."""
    try:
        return (_parsed(json.loads(entry)),)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError,
            OverflowError):  # fmt: skip
        return None


def _value(value: Any) -> Any:
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is int:
        return {"i": str(value)}  # as text: JSON numbers are floats to some readers
    if kind is float and math.isfinite(value):
        return {"f": value}
    if kind is WrittenInt:
        return {"wi": [str(int(value)), value.written]}
    if kind is WrittenFloat and math.isfinite(value):
        return {"wf": [float(value), value.written]}
    if kind is list:
        return {"a": [_value(v) for v in value]}
    if kind is LineDict:
        return {
            "m": [[k, _value(v)] for k, v in value.items()],
            "lines": value.lines,
            "line": value.line,
            "dup": value.duplicates,
            "notes": value.comments,
        }
    raise _NotKept(kind.__name__)


def _parsed(value: Any) -> Any:
    if value is None or type(value) in (str, bool):
        return value
    if "m" in value:
        found = LineDict()
        for key, item in value["m"]:
            found[str(key)] = _parsed(item)
        found.lines = {str(k): int(n) for k, n in value["lines"].items()}
        found.line = int(value["line"])
        found.duplicates = [(str(k), int(n)) for k, n in value["dup"]]
        found.comments = {str(k): str(c) for k, c in value["notes"].items()}
        return found
    (tag, inner), *rest = value.items()
    if rest:
        raise ValueError(value)
    if tag == "i":
        return int(inner)
    if tag == "f":
        return _finite(float(inner))
    if tag in ("wi", "wf"):
        number = WrittenInt(int(inner[0])) if tag == "wi" else WrittenFloat(_finite(inner[0]))
        number.written = str(inner[1])
        return number
    if tag == "a":
        return [_parsed(v) for v in inner]
    raise ValueError(tag)


def _finite(value: object) -> float:
    """A number this format keeps (never NaN nor infinite: those are parsed each time)."""
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _same(one: Any, other: Any) -> bool:
    """Whether two parses are the same, kind for kind, with every line and comment."""
    if type(one) is not type(other):
        return False
    if isinstance(one, WrittenInt | WrittenFloat):
        return bool(one == other and one.written == other.written)
    if isinstance(one, list):
        return len(one) == len(other) and all(map(_same, one, other))
    if isinstance(one, LineDict):
        return (
            list(one) == list(other)
            and all(_same(one[k], other[k]) for k in one)
            and (one.lines, one.line, one.duplicates, one.comments)
            == (other.lines, other.line, other.duplicates, other.comments)
        )
    return bool(one == other)  # text, whole and finite numbers, true, false, null
