"""Text that XML 1.0 can hold.

A post or episode file may carry characters XML cannot represent at all: control characters
(Word's manual line break is a vertical tab, a terminal paste brings escape codes) and the
non-characters U+FFFE/U+FFFF. The HTML pages survive them, but lxml refuses to put them in a
feed and would stop the build. They are invisible, so the feeds drop them; a vertical tab or
form feed, which separate words, becomes a space.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

T = TypeVar("T")

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = "\x0b\x0c"


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (breaks become spaces)."""
    if not _ILLEGAL.search(text):
        return text
    return _ILLEGAL.sub(lambda m: " " if m[0] in _BREAKS else "", text)


def xml_safe(value: T) -> T:
    """``value`` with :func:`xml_text` applied to every string in it: strings, tuples of
    values and (frozen) dataclasses such as ``Show``, ``Episode`` and ``Post``."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _clean(old)
            if new is not old and new != old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
