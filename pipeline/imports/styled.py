"""Styled letters of social posts (𝐁𝐨𝐥𝐝, 𝘪𝘵𝘢𝘭𝘪𝘤, 𝗌𝖺𝗇𝗌, ｗｉｄｅ, Ⓒircled) folded to plain ones.

Posts written for LinkedIn and the like use Unicode's mathematical alphabets as bold and
italic. On a web page they are a problem: screen readers spell them letter by letter,
search does not find the words, and a slug made from them is nonsense. NFKC, Unicode's own
compatibility folding, maps each to its plain letter; we apply it to those letters only, so
every other character (ligatures, ², ½, no-break spaces) stays as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# The letterlike symbols that fill the holes of the mathematical alphabets (ℎ is italic h,
# ℬ script B, ℭ fraktur C, ℂ double-struck C ...): styled only next to other styled letters.
_HOLES = frozenset("ℎℬℰℱℋℐℒℳℛℯℊℴℭℌℑℜℨℂℍℕℙℚℝℤ")


def is_styled(char: str) -> bool:
    """A letter or digit of a mathematical alphabet, a fullwidth or a circled letter."""
    cp = ord(char)
    return (
        (0x1D400 <= cp <= 0x1D7FF and char.isalnum())
        or 0xFF10 <= cp <= 0xFF19
        or 0xFF21 <= cp <= 0xFF3A
        or 0xFF41 <= cp <= 0xFF5A
        or 0x24B6 <= cp <= 0x24E9
    )


@cache
def style_of(char: str) -> str | None:
    """``BOLD LATIN``, ``SANS-SERIF ITALIC LATIN``, ``BOLD DIGIT``, ``FULLWIDTH LATIN``...

    The alphabet a styled character belongs to, with its script (a bold Greek alpha is not
    a bold Latin letter); ``None`` for a plain character.
    """
    if char in _HOLES:
        name = unicodedata.name(char, "")
        if name == "PLANCK CONSTANT":
            return "ITALIC LATIN"
        style = re.sub(r" (CAPITAL|SMALL) .*$", "", name).replace("BLACK-LETTER", "FRAKTUR")
        return style + " LATIN"
    if not is_styled(char):
        return None
    plain = unicodedata.normalize("NFKC", char)
    script = "DIGIT" if plain.isdigit() else "LATIN" if plain.isascii() else "GREEK"
    name = unicodedata.name(char, "")
    if name.startswith("MATHEMATICAL "):
        style = re.sub(r" (CAPITAL|SMALL|DIGIT) .*$", "", name.removeprefix("MATHEMATICAL "))
    else:
        style = "FULLWIDTH" if name.startswith("FULLWIDTH ") else "CIRCLED"
    return f"{style} {script}"


def _styled_here(text: str, index: int) -> bool:
    char = text[index]
    if is_styled(char):
        return True
    if char not in _HOLES:
        return False
    # A hole letter counts when a styled letter is its neighbour (through other holes).
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(text) and text[j] in _HOLES:
            j += step
        if 0 <= j < len(text) and is_styled(text[j]):
            return True
    return False


def styled_runs(text: str) -> list[tuple[int, int]]:
    """Spans of styled letters, each run (and the spaces and punctuation inside it) once."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if not _styled_here(text, i):
            i += 1
            continue
        start = i
        while i < len(text) and _styled_here(text, i):
            i += 1
        runs.append((start, i))
    return runs


def fold(text: str) -> str:
    """``text`` with its styled letters as plain ones; every other character unchanged."""
    out = list(text)
    for start, end in styled_runs(text):
        out[start:end] = [unicodedata.normalize("NFKC", c) for c in text[start:end]]
    return "".join(out)
