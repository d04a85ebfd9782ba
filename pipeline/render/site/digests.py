"""Digests of the values a page template is given (``memo.py``'s page keys, the notes'
keys in ``notes_memo.py``): 16 bytes that change with any part of a value.

Plain data is walked: text, numbers, dates, tuples, lists, dicts and mappings, sets,
paths, Markup, enums and dataclasses of those; anything else is :class:`Unknown`, and its
page is rendered every time. A 10,000-post build digests its posts, episodes and tags and
15,000 pages' values on every build (1.5 million values): what each type is, is worked
out once per type (``_kind``), not by a chain of tests per value.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import PurePath

import markupsafe


class Unknown(Exception):
    """A value the page key cannot digest: its page is rendered every time."""


# How a type's values are digested
_TEXT, _REPR, _SEQUENCE, _DATACLASS, _MAPPING, _BYTES, _MARKUP, _PATH, _SET = range(9)
_UNKNOWN = -1
# Values whose repr says all there is to them (a datetime's names its time zone).
_SCALARS = frozenset({type(None), bool, int, float, datetime, date, time, timedelta})


def _kind(kind: type) -> int:
    if kind is str:
        return _TEXT
    if kind is tuple or kind is list:
        return _SEQUENCE
    if kind is dict:
        return _MAPPING
    if hasattr(kind, "__dataclass_fields__"):
        return _DATACLASS
    if kind in _SCALARS or issubclass(kind, enum.Enum):
        return _REPR
    if kind is bytes:
        return _BYTES
    if kind is markupsafe.Markup:
        return _MARKUP
    if issubclass(kind, Mapping):
        return _MAPPING
    if issubclass(kind, int | float):  # a number kept with its written text (load/)
        return _REPR
    if issubclass(kind, PurePath):
        return _PATH
    if kind is set or kind is frozenset:
        return _SET
    return _UNKNOWN


class Fingerprints:
    """Digests of template values. What many pages show (the posts, episodes and tags,
    the items listing them) is digested once per build, by :meth:`remember`; anything else
    once per :meth:`of` (a page's player, its related items), then let go: kept for the
    build, each process's share of a 10,000-post site's values took tens of megabytes.
    Remembered by identity, the instance held, so its ``id`` is not reused meanwhile."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[object, bytes]] = {}
        self._scratch: dict[int, tuple[object, bytes]] = {}
        self._fields: dict[type, tuple[bytes, tuple[str, ...]]] = {}
        self._kinds: dict[type, tuple[int, bytes]] = {}

    def of(self, value: object) -> bytes:
        """16 bytes that change with any part of ``value``; raises Unknown."""
        outer = not self._scratch
        try:
            parts: list[bytes] = []
            self._into(parts, value)
            return hashlib.blake2b(b"".join(parts), digest_size=16).digest()
        finally:
            if outer:
                self._scratch.clear()

    def remember(self, values: Iterable[object]) -> None:
        """Digest these dataclass instances for the whole build; raises Unknown."""
        try:
            for value in values:
                if not hasattr(type(value), "__dataclass_fields__"):
                    raise Unknown(type(value).__qualname__)
                seen = self._seen.get(id(value))
                if seen is None or seen[0] is not value:
                    self._seen[id(value)] = (value, self._instance(value))
        finally:
            self._scratch.clear()

    def known(self, values: Iterable[tuple[object, bytes]]) -> None:
        """Take each instance's digest as given, for the whole build: ``bytes`` of all it
        follows from (a post as loaded: ``load/kept.py``'s digest of its text, where and
        zone), tagged here so it is no field-by-field digest of another value. Digesting
        10,000 posts' texts field by field was 0.35 s of every build."""
        for value, digest in values:
            tagged = hashlib.blake2b(b"known " + digest, digest_size=16).digest()
            self._seen[id(value)] = (value, tagged)

    # The parts are collected and hashed once: a page's values are a few hundred small
    # pieces, and a call to the digest per piece was a third of the cost.
    def _into(self, parts: list[bytes], value: object) -> None:
        kind = type(value)
        found = self._kinds.get(kind)
        if found is None:
            found = self._kinds[kind] = (_kind(kind), kind.__name__.encode())
        how = found[0]
        if how == _TEXT:
            data = value.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
            parts.append(b"s%d:" % len(data))
            parts.append(data)
        elif how == _REPR:
            parts.append(b"%s:%s;" % (found[1], repr(value).encode()))
        elif how == _SEQUENCE:
            parts.append(b"(%d" % len(value))  # type: ignore[arg-type]
            into = self._into
            for item in value:  # type: ignore[attr-defined]
                into(parts, item)
        elif how == _DATACLASS:
            seen = self._seen.get(id(value))
            if seen is None or seen[0] is not value:
                seen = self._scratch.get(id(value))
                if seen is None or seen[0] is not value:
                    seen = self._scratch[id(value)] = (value, self._instance(value))
            parts.append(seen[1])
        elif how == _MAPPING:
            parts.append(b"{%d" % len(value))  # type: ignore[arg-type]
            for key, item in value.items():  # type: ignore[attr-defined]
                self._into(parts, key)
                self._into(parts, item)
        elif how == _BYTES:
            parts.append(b"b%d:" % len(value))  # type: ignore[arg-type]
            parts.append(value)  # type: ignore[arg-type]
        elif how == _MARKUP:
            data = str(value).encode("utf-8", "surrogatepass")
            parts.append(b"m%d:" % len(data))
            parts.append(data)
        elif how == _PATH:
            self._into(parts, f"{kind.__name__}:{value}")
        elif how == _SET:
            digests = sorted(self.of(item) for item in value)  # type: ignore[attr-defined]
            parts.append(b"<%d" % len(digests) + b"".join(digests))
        else:
            raise Unknown(kind.__qualname__)

    def _instance(self, value: object) -> bytes:
        kind = type(value)
        found = self._fields.get(kind)
        if found is None:
            names = tuple(f.name for f in dataclasses.fields(value))  # type: ignore[arg-type]
            found = self._fields[kind] = (f"{kind.__module__}.{kind.__qualname__}".encode(), names)
        parts = [found[0]]
        into = self._into
        for name in found[1]:
            into(parts, getattr(value, name))
        return hashlib.blake2b(b"".join(parts), digest_size=16).digest()
