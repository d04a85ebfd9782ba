"""Repair text that was UTF-8 but got decoded as Windows-1252 or Windows-1253 (mojibake).

Real imports carry damage in layers: UTF-8 read through a Windows code page (``Ã©`` for é,
``Γ©`` through the Greek page), bytes the page has no character for lost on the way
(``β€`` where “ was, ``π¤ππ¬`` where a styled title was), the same done twice (``ÃƒÂ©``),
and repairs that stopped half way (``‘˜``). The passes, each recorded per line:

1. our decoder (:mod:`decoder`, :mod:`choose`), for both code pages, on the original text,
   then again on what it produced while that still is damage (at most three layers);
2. quotes a tool left half repaired (:mod:`quotes`);
3. ftfy, on lines our decoder left alone, for the code pages we do not cover;
4. on request, styled letters folded to plain ones (:mod:`styled`).

Every change is a :class:`Fix` with its line, the text before and after, and how it was
made; clean text (Dutch, English, Greek, Cyrillic, emoji) comes back unchanged.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import ftfy

from pipeline.imports.choose import choose
from pipeline.imports.codepages import CODEPAGES, garble
from pipeline.imports.decoder import Segment, find_segments, judge
from pipeline.imports.pieces import Line
from pipeline.imports.quotes import half_repaired
from pipeline.imports.styled import fold, styled_runs

__all__ = ["CODEPAGES", "Fix", "Repaired", "garble", "repair"]

# ftfy without the fixes that are not about encoding (quotes, ligatures, widths, HTML,
# line breaks, normalisation): those would change clean text, and we keep every character.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,  # it would put U+FFFD where we can still guess the byte
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)
LAYERS = 3
STYLED = "styled letters"
HALF_QUOTE = "half-repaired quote"


@dataclass(frozen=True)
class Fix:
    """One repaired spot: 1-based line, the damaged text, the repair and who made it."""

    line: int
    before: str
    after: str
    how: str


@dataclass(frozen=True)
class Repaired:
    text: str
    fixes: tuple[Fix, ...]


def repair(text: str, fold_styled: bool = False) -> Repaired:
    """The text with mis-decoding undone (and styled letters folded), and every change."""
    lines = [Line.of(line) for line in text.split("\n")]
    for layer in range(LAYERS):
        if not _decode_layer(lines, first=layer == 0):
            break
    # Sure pairs first (‘˜, ’™): any repair at all makes the doubtful ones (”“) credible.
    for evidence in (any(line.changes() for line in lines), True):
        if evidence and not any(line.changes() for line in lines):
            break
        for line in lines:
            for start, end, quote in reversed(half_repaired(line.text, evidence)):
                line.replace(start, end, quote, HALF_QUOTE)
    for line in lines:
        if not line.changes() and not line.text.isascii():
            _ftfy(line)
    if fold_styled:
        for line in lines:
            current = line.text
            for start, end in reversed(styled_runs(current)):
                line.replace(start, end, fold(current[start:end]), STYLED)
    fixes = [
        Fix(number, piece.before, piece.after, piece.how)
        for number, line in enumerate(lines, 1)
        for piece in line.changes()
    ]
    return Repaired("\n".join(line.text for line in lines), tuple(fixes))


def _decode_layer(lines: list[Line], first: bool) -> bool:
    """One layer of mis-decoding undone through each code page; True when anything changed."""
    changed = False
    for codepage in CODEPAGES:
        judged = []
        for line in lines:
            current = line.text
            sure, weak = judge(current, codepage, find_segments(current, codepage))
            judged.append((current, _eligible(line, sure, first), _eligible(line, weak, first)))
        # Clear damage through this code page anywhere makes the doubtful cases credible.
        evidence = any(sure for _, sure, _ in judged)
        for line, (current, sure, weak) in zip(lines, judged, strict=True):
            accepted = sorted(sure + (weak if evidence else []), key=lambda s: s.start)
            if not accepted:
                continue
            options = choose(current, accepted, codepage)
            for seg, option in reversed(list(zip(accepted, options, strict=True))):
                how = codepage + _lost(option.reading.lost)
                line.replace(seg.start, option.end, option.reading.char, how)
            changed = True
    return changed


def _eligible(line: Line, segments: list[Segment], first: bool) -> list[Segment]:
    """First layer: text no repair produced. Later layers: text an earlier layer produced."""
    return [s for s in segments if line.fresh(s.start, s.end) == first]


def _lost(count: int) -> str:
    if not count:
        return ""
    return ", lost byte" if count == 1 else f", {count} lost bytes"


def _ftfy(line: Line) -> None:
    """ftfy's repair of a line our decoder left alone (other code pages, odd layers)."""
    before = line.text
    fixed, steps = ftfy.fix_and_explain(before, _FTFY)
    if fixed == before:
        return
    names = sorted({name for _, name in steps or () if "-" in name or "latin" in name})
    how = "ftfy" + (f" ({', '.join(names)})" if names else "")
    matcher = difflib.SequenceMatcher(None, before, fixed, autojunk=False)
    for op, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if op != "equal":
            line.replace(i1, i2, fixed[j1:j2], how)
