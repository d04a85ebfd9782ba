"""What UTF-8 looks like after a Windows code page read it, with or without lost bytes.

UTF-8 text decoded as Windows-1252 or Windows-1253 turns every byte from 0x80 up into one
character of the code page. A byte the code page has no character for (0x81, 0x8D, 0x8F,
0x90, 0x9D in 1252; seventeen in 1253) becomes its C1 control the "sloppy" way browsers
decode, or a U+FFFD, or vanishes on the way; a no-break space (0xA0) may come back as a
plain space. :func:`index` turns that around: for every character an article may contain,
every way its damaged image can look, so the repair only has to look a string up.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

CODEPAGES = ("cp1252", "cp1253")
LOST_MARK = "\ufffd"  # what some copies put where a byte was lost
NBSP = 0xA0


@cache
def table(codepage: str) -> dict[str, int]:
    """Character -> byte for 0x80-0xFF, the sloppy way: undefined bytes as their C1 control."""
    return {char: byte for byte, char in image(codepage).items()}


@cache
def image(codepage: str) -> dict[int, str]:
    """Byte -> character for 0x80-0xFF, the sloppy way."""
    out: dict[int, str] = {}
    for byte in range(0x80, 0x100):
        try:
            out[byte] = bytes([byte]).decode(codepage)
        except UnicodeDecodeError:
            out[byte] = chr(byte)
    return out


@cache
def undefined(codepage: str) -> frozenset[int]:
    """Bytes the code page has no character for: the ones copies lose."""
    found = set()
    for byte in range(0x80, 0x100):
        try:
            bytes([byte]).decode(codepage)
        except UnicodeDecodeError:
            found.add(byte)
    return frozenset(found)


def is_lead(char: str, codepage: str) -> bool:
    """The character stands for the first byte of a 2- to 4-byte UTF-8 sequence."""
    byte = table(codepage).get(char)
    return byte is not None and 0xC2 <= byte <= 0xF4


def plausible(char: str) -> bool:
    """Characters a Western article may contain; a decode giving anything else is no fix."""
    cp = ord(char)
    return (
        0xA0 <= cp <= 0x17F  # Latin-1 supplement, Latin Extended-A
        or cp == 0x192  # ƒ
        or 0x218 <= cp <= 0x21B  # Romanian Ș ș Ț ț
        or 0x370 <= cp <= 0x4FF  # Greek, Cyrillic
        or 0x1E00 <= cp <= 0x1EFF  # Latin Extended Additional
        or 0x2000 <= cp <= 0x20CF  # punctuation, super/subscripts, currency
        or 0x2100 <= cp <= 0x23FF  # letterlike, number forms, arrows, maths, technical
        or 0x25A0 <= cp <= 0x27BF  # shapes, symbols, dingbats (not box drawing)
        or 0x2B00 <= cp <= 0x2BFF  # more arrows and stars
        or 0xFB00 <= cp <= 0xFB06  # ligatures
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors (emoji)
        or 0x1D400 <= cp <= 0x1D7FF  # styled "mathematical" letters of social posts
        or 0x1F000 <= cp <= 0x1FAFF  # emoji
    )


def _plausible_chars() -> list[str]:
    ranges = [
        (0xA0, 0x17F),
        (0x192, 0x192),
        (0x218, 0x21B),
        (0x370, 0x4FF),
        (0x1E00, 0x1EFF),
        (0x2000, 0x20CF),
        (0x2100, 0x23FF),
        (0x25A0, 0x27BF),
        (0x2B00, 0x2BFF),
        (0xFB00, 0xFB06),
        (0xFE00, 0xFE0F),
        (0x1D400, 0x1D7FF),
        (0x1F000, 0x1FAFF),
    ]
    return [chr(cp) for low, high in ranges for cp in range(low, high + 1)]


@dataclass(frozen=True)
class Reading:
    """One way a damaged image decodes: the character and how many of its bytes were lost."""

    char: str
    lost: int = 0  # bytes that vanished (or came back as U+FFFD) and were guessed
    spaced: bool = False  # a no-break space byte that came back as a plain space


@cache
def index(codepage: str) -> dict[str, tuple[Reading, ...]]:
    """Damaged image -> every character it can be, for all characters :func:`plausible` allows.

    Each multi-byte character is listed under its sloppy image (nothing lost), under every
    image where some of its undefined bytes vanished or became U+FFFD, and with a last 0xA0
    byte also as a plain space. Images are looked up as they stand in the text.
    """
    chars = image(codepage)
    lost_bytes = undefined(codepage)
    found: dict[str, list[Reading]] = {}
    for char in _plausible_chars():
        data = char.encode("utf-8")
        if len(data) < 2:
            continue
        options: list[list[tuple[str, int, bool]]] = []
        for place, byte in enumerate(data):
            ways = [(chars[byte], 0, False)]
            if byte in lost_bytes:
                ways += [("", 1, False), (LOST_MARK, 1, False)]
            if byte == NBSP and place == len(data) - 1:
                # Editors turn a no-break space into a space; inside an image a space
                # would be a word break, so only a last byte is read that way.
                ways.append((" ", 0, True))
            options.append(ways)
        for combo in itertools.product(*options):
            text = "".join(part for part, _, _ in combo)
            lost = sum(n for _, n, _ in combo)
            spaced = any(s for _, _, s in combo)
            if not text or not is_lead(text[0], codepage):
                continue  # the lead byte itself never vanishes: it is a letter in both pages
            found.setdefault(text, []).append(Reading(char, lost, spaced))
    return {key: tuple(value) for key, value in found.items()}


@cache
def longest_image(codepage: str) -> int:
    return max(len(key) for key in index(codepage))


def garble(text: str, codepage: str, lose: bool = False) -> str:
    """The damage we repair, for tests and fixtures: UTF-8 bytes decoded as ``codepage``.

    Bytes the code page has no character for become their C1 control (the sloppy way
    browsers do it), or vanish when ``lose`` is set.
    """
    chars = image(codepage)
    lost = undefined(codepage)
    out = []
    for byte in text.encode("utf-8"):
        if byte < 0x80:
            out.append(chr(byte))
        elif lose and byte in lost:
            continue
        else:
            out.append(chars[byte])
    return "".join(out)
