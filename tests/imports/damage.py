"""Damage the way real imports are damaged, built from our own text.

- :func:`styled`: plain letters as one of the "mathematical" alphabets social posts use;
- :func:`damage`: UTF-8 read through a Windows code page, bytes it lacks lost or kept;
- :func:`half_repair`: a tool that replaced every ``â€`` by the quote it guessed (”),
  leaving the last byte of the real quote behind (``”˜`` where ‘ was);
- :func:`consistent`: a repair matches the original up to the bytes that were lost.
"""

from __future__ import annotations

from pipeline.imports.codepages import garble, image, undefined

# First code point of each alphabet's capital A (small a follows 26 later), and of its 0.
ALPHABETS = {
    "bold": 0x1D400,
    "italic": 0x1D434,
    "bold italic": 0x1D468,
    "sans-serif": 0x1D5A0,
    "sans-serif bold": 0x1D5D4,
    "sans-serif italic": 0x1D608,
    "sans-serif bold italic": 0x1D63C,
    "monospace": 0x1D670,
}
_HOLES = {("italic", "h"): "ℎ"}  # the italic alphabet borrows ℎ from letterlike symbols


def styled(text: str, alphabet: str) -> str:
    """``text`` with its ASCII letters in a mathematical alphabet (accents stay plain)."""
    base = ALPHABETS[alphabet]
    out = []
    for char in text:
        if (alphabet, char) in _HOLES:
            out.append(_HOLES[(alphabet, char)])
        elif "A" <= char <= "Z":
            out.append(chr(base + ord(char) - ord("A")))
        elif "a" <= char <= "z":
            out.append(chr(base + 26 + ord(char) - ord("a")))
        else:
            out.append(char)
    return "".join(out)


def damage(text: str, codepage: str, lose: bool = True) -> str:
    """UTF-8 bytes read as ``codepage``; bytes it has no character for lost when ``lose``."""
    return garble(text, codepage, lose)


def half_repair(text: str) -> str:
    """Read as Windows-1252, then 'fixed' by a find-and-replace of ``â€`` with ``”``."""
    return garble(text, "cp1252").replace("â€", "”")


def lost_bytes(char: str, codepage: str) -> bool:
    """Some byte of ``char`` has no character in ``codepage`` (and may be lost)."""
    return any(b in undefined(codepage) for b in char.encode("utf-8"))


def consistent(original: str, repaired: str, codepage: str) -> bool:
    """Every character is the original one, or one no different after the same damage."""
    if len(original) != len(repaired):
        return False
    return all(
        a == b
        or (lost_bytes(a, codepage) and garble(a, codepage, True) == garble(b, codepage, True))
        for a, b in zip(original, repaired, strict=True)
    )


_QUIET = frozenset("‘’“”–—…«»·\xa0 ")  # what may follow a real Greek word: proves nothing


def evident(text: str, codepage: str) -> bool:
    """The damage left something to repair from: a character kept a byte after its first
    that is no quote, dash or space, or is glued to a letter, or two characters that kept
    such bytes stand together (a Greek capital before one punctuation mark proves nothing)."""
    chars = image(codepage)

    def kept(char: str) -> list[str]:
        data = char.encode("utf-8")
        return [chars[b] for b in data[1:] if b not in undefined(codepage)] if data[1:] else []

    for i, char in enumerate(text):
        if len(char.encode("utf-8")) < 2:
            continue
        glued = any(
            0 <= j < len(text) and text[j].isascii() and text[j].isalpha() for j in (i - 1, i + 1)
        )
        pair = i + 1 < len(text) and kept(char) and kept(text[i + 1])
        if any(c not in _QUIET for c in kept(char)) or glued or pair:
            return True
    return False
