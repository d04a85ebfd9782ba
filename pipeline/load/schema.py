"""TOML tables into settings dataclasses, and the line of every key for messages.

Generic on purpose: a field added to a dataclass in ``pipeline/settings.py`` is a setting,
its type, range and choices checked here, and an unknown key is rejected by name (a typo
should never be silently ignored).
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from pipeline.errors import Problems, show_value
from pipeline.load.fields import FREE_TEXT, control_expected, has_control
from pipeline.paths import CONFIG_FILE as CONFIG_FILE  # its old home: imported from here too
from pipeline.text.suggest import one_of
from pipeline.text.urls import NO_CREDENTIALS, addresses_with_login, is_web_url, url_expected


def read_section(
    cls: type[Any],
    key: str,
    table: object,
    env: Mapping[str, str],
    lines: Mapping[str, int],
    problems: Problems,
) -> Any:
    """Build a settings dataclass from a TOML table, checking each value's declared type."""
    if not isinstance(table, dict):
        problems.add(CONFIG_FILE, lines.get(key), key, table, f"a [{key}] table")
        return cls()
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, raw in {**table, **env}.items():
        where = lines.get(f"{key}.{name}", lines.get(key))
        if name not in fields:
            problems.add(CONFIG_FILE, where, f"{key}.{name}", name, one_of(name, fields))
            continue
        ok, value = _coerce(raw, hints[name])
        if not ok:
            problems.add(CONFIG_FILE, where, f"{key}.{name}", raw, _type_name(hints[name]))
            continue
        limits = fields[name].metadata
        if "range" in limits and not limits["range"][0] <= value <= limits["range"][1]:
            low, high = limits["range"]
            problems.add(CONFIG_FILE, where, f"{key}.{name}", raw, f"a number from {low} to {high}")
            continue
        if "each" in limits and any(v not in limits["each"] for v in value):
            wrong = next(v for v in value if v not in limits["each"])
            choices = ", ".join(limits["each"])
            problems.add(CONFIG_FILE, where, f"{key}.{name}", wrong, f"each one of {choices}")
            continue
        if "choices" in limits and value not in limits["choices"]:
            choices = ", ".join(limits["choices"])
            problems.add(CONFIG_FILE, where, f"{key}.{name}", raw, f"one of {choices}")
            continue
        if "url" in limits and value is not None and not is_web_url(value):
            problems.add(
                CONFIG_FILE, where, f"{key}.{name}", raw, url_expected(raw, "an http(s) URL")
            )
            continue
        values[name] = value
    return cls(**values)


def _coerce(value: Any, hint: Any) -> tuple[bool, Any]:
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if value is None and type(None) in args:
            return True, None
        for arg in args:
            if arg is not type(None):
                ok, coerced = _coerce(value, arg)
                if ok:
                    return True, coerced
        return False, value
    if hint is bool:
        return isinstance(value, bool), value
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ok, float(value) if ok else value
    if hint is str:
        return isinstance(value, str), value
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, list):
            return False, value
        return all(isinstance(v, str) for v in value), tuple(value)
    return False, value


def _type_name(hint: Any) -> str:
    names = {bool: "true or false", int: "a whole number", float: "a number", str: "a text"}
    if hint in names:
        return names[hint]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return " or ".join(names.get(a, str(a)) for a in args) or str(hint)


def env_overrides(cls: type[Any], section: str) -> dict[str, str]:
    """``PIPELINE_SOUNDCLOUD_OEMBED=http://127.0.0.1:8000/oembed`` and friends: a setting of
    ``[section]`` from the environment, for tests, proxies and mirrors."""
    out = {}
    for f in dataclasses.fields(cls):
        value = os.environ.get(f"PIPELINE_{section.upper()}_{f.name.upper()}")
        if value:
            out[f.name] = value
    return out


def key_lines(text: str) -> dict[str, int]:
    """Line of each ``key = ...`` (as ``table.key``) in a TOML text, for messages.

    tomllib does not report positions, so this scans the text; a key it cannot place
    simply has no line in the message.
    """
    lines: dict[str, int] = {}
    table = item = ""
    counts: dict[str, int] = {}  # [[hosts]] tables seen so far: keys as hosts[0].href too
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        header = re.match(r"^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?", stripped)
        if header:
            table = header[1]
            lines.setdefault(table, number)
            item = ""
            if stripped.startswith("[["):
                counts[table] = counts.get(table, -1) + 1
                item = f"{table}[{counts[table]}]"
                lines.setdefault(item, number)
            continue
        key = re.match(r"^([A-Za-z0-9_-]+)\s*=", stripped)
        if key:
            full = f"{table}.{key[1]}" if table else key[1]
            lines.setdefault(full, number)
            if item:
                lines.setdefault(f"{item}.{key[1]}", number)
    return lines


def control_characters(data: dict[str, Any], lines: Mapping[str, int], problems: Problems) -> None:
    """Report every text in the file holding a control character (TOML's ``\\u0000`` and
    ``\\u0007`` escapes write them), named as :func:`key_lines` names keys (``owner.name``,
    ``hosts[0].name``): the feeds would drop them, leaving ``title = "\\u0000"`` empty.
    Free text (the description) is cleaned instead, as a post's body is."""
    for field, value in _texts(data, FREE_TEXT):
        if has_control(value):
            problems.add(CONFIG_FILE, _line(lines, field), field, value, control_expected(value))


def logins(data: dict[str, Any], lines: Mapping[str, int], problems: Problems) -> None:
    """Report every web address with a user name or password in the file's text, named as
    :func:`control_characters` names it: the description, the copyright, a podroll title
    or a host's name went out as written to every app and reader (an episode's text was
    refused). One a field's own check refused already (the artwork's URL) is not said
    twice; the show's guid is an id apps compare, never follow."""
    said = {(p.line, p.got) for p in problems.items if p.path == CONFIG_FILE}
    for field, value in _texts(data, {"guid"}):
        for _, address in addresses_with_login(value):  # cheap: most have no "@"
            if (line := _line(lines, field), show_value(address)) not in said:
                said.add((line, show_value(address)))
                problems.add(CONFIG_FILE, line, field, address, NO_CREDENTIALS)


def _texts(data: dict[str, Any], skip: Collection[str]) -> Iterator[tuple[str, str]]:
    """(key path, text) of every text in the file but those under the keys ``skip``. A loop,
    not recursion: TOML nests as deep as the writer likes."""
    todo = [(value, key) for key, value in data.items() if key not in skip]
    while todo:
        value, field = todo.pop()
        if isinstance(value, str):
            yield field, value
        elif isinstance(value, dict):
            todo.extend((item, f"{field}.{key}") for key, item in value.items())
        elif isinstance(value, list):
            tables = all(isinstance(item, dict) for item in value)
            todo.extend(
                (item, f"{field}[{i}]" if tables else field) for i, item in enumerate(value)
            )


def _line(lines: Mapping[str, int], field: str) -> int | None:
    """The line of a key path; a key in an inline table or array: its table's line."""
    return lines.get(field, lines.get(re.sub(r"[.\[].*", "", field)))


def toml_error_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m[1]) if m else None
