"""Quote marks: which one a damaged quote was, and quotes a repair left half done.

A curly quote is three bytes (E2 80 xx); Windows-1253 has no character for the last byte
of ‘ “ ” (and Windows-1252 none for that of ”), so copies keep ``β€``/``â€`` and lose which
quote it was. The place tells: an opening quote follows a space or bracket and is closed
later in the line. Tools that replaced ``â€`` by a quote of their choosing leave the last
byte behind as a stray mark (``‘˜``, ``”™``, ``”œ``): that mark names the real quote.
"""

from __future__ import annotations

import re

from pipeline.imports.codepages import image, table

OPENERS = "([{"  # besides white space: what may come before an opening quote
QUOTES = frozenset("‘’“”")


def quote_choice(line: str, start: int, end: int, codepage: str) -> str:
    """Which quote a ``β€``/``â€`` at ``line[start:end]`` was: by its place and its partner."""
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    chars = table(codepage)
    lead, cont = (chars.get(line[start - 2], 0) if start >= 2 else 0), chars.get(before, 0)
    if 0xC2 <= lead <= 0xDF and 0x80 <= cont <= 0xBF:
        # the two characters before are one damaged one ("Γ\xa0" = à, "Β\xa0" = no-break space)
        before = bytes([lead, cont]).decode("utf-8", errors="replace")
    if (before.isspace() or before in OPENERS) and not after.isspace():
        head = line[start : start + 2]
        rest = line[end:].replace(head + image(codepage)[0x99], "’")
        rest = rest.replace("Β\xa0", " ").replace("Β ", " ").replace("Â\xa0", " ")
        single = rest.find("’")
        double = min((p for p in (rest.find(head), rest.find("”")) if p >= 0), default=-1)
        while single >= 0 and single + 1 < len(rest) and rest[single + 1].isalpha():
            single = rest.find("’", single + 1)  # an apostrophe (’t, zo’n), not a close
        if single >= 0 and (double < 0 or single < double):
            return "‘"
        return "“"
    return "”"


def _third_byte_marks() -> dict[str, str]:
    """Image of a punctuation mark's last byte -> the mark (``˜`` -> ‘, ``™`` -> ’)."""
    marks: dict[str, str] = {}
    for target in "‘’‚“”„–—…":
        last = target.encode("utf-8")[2]
        for codepage in ("cp1252", "cp1253"):
            marks.setdefault(image(codepage)[last], target)
    return marks


STRAY = _third_byte_marks()
# Marks that never follow a quote in real text; the others (“œuvre, ‚š, ”“) only with
# evidence of damage elsewhere in the text.
_SURE = frozenset("˜™\x98\x99\x9c\x9d")
_HALF = re.compile("([‘’“”'\"„‚])([" + re.escape("".join(STRAY)) + "])")


def half_repaired(line: str, evidence: bool) -> list[tuple[int, int, str]]:
    """``(start, end, quote)`` for each quote followed by the stray last byte of another."""
    found = []
    for m in _HALF.finditer(line):
        quote, mark = m[1], m[2]
        target = STRAY[mark]
        if mark == "“" and quote != "”":
            continue  # ”“ is a repaired –; “ “ and the like are real quotes
        if mark == "”" and quote not in "”":
            continue
        # ” is the usual guess for a lost ``â€``: a mark glued after it is never real text
        # (”“ and ”” may be quotes meeting in nested dialogue: those need evidence).
        guessed = quote == "”" and mark not in "“”"
        if mark not in _SURE and not guessed and not evidence:
            continue
        found.append((m.start(), m.end(), target))
    return found
