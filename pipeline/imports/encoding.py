"""Repair text that was UTF-8 but got decoded as Windows-1252 or Windows-1253 (mojibake).

Two passes, each recorded so the import report can list every change:

1. ftfy, which undoes whole layers of mis-decoding when the bytes survived (``Ã©`` -> ``é``);
2. our own fixer for what ftfy leaves alone: Windows-1253 damage ftfy does not attempt
   when it is mixed with Latin text (``Γ©`` -> ``é``, ``ΓΊ`` -> ``ú``), and copies where a
   byte was lost on the way because the code page has no character for it (``β€`` where
   ``“`` was, ``Β`` where a no-break space was), so no codec round-trip can restore it.

The fixer only touches a sequence that decodes to valid UTF-8 of a kind Western articles
contain; for Windows-1253 it also leaves any sequence touching a real Greek letter alone,
so Greek text survives untouched. Guesses for lost bytes are made only where the text
shows Windows-1253 damage elsewhere or the sequence cannot be anything else (``β€``).
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache

import ftfy

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

CODEPAGES = ("cp1252", "cp1253")
_OPENERS = "([{"  # besides white space: what may come before an opening quote
_LOST = "\ufffd"  # what some copies put where a byte was lost


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


@cache
def _table(codepage: str) -> dict[str, int]:
    """Character -> byte for 0x80-0xFF, the "sloppy" way: undefined bytes as themselves."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(codepage)
        except UnicodeDecodeError:
            char = chr(byte)
        table[char] = byte
    return table


def _is_undefined(byte: int, codepage: str) -> bool:
    try:
        bytes([byte]).decode(codepage)
    except UnicodeDecodeError:
        return True
    return False


def _plausible(char: str) -> bool:
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
        or 0x1D400 <= cp <= 0x1D7FF  # "fancy" mathematical letters
        or 0x1F000 <= cp <= 0x1FAFF  # emoji
    )


def _is_greek_letter(char: str | None) -> bool:
    return char is not None and char.isalpha() and "GREEK" in unicodedata.name(char, "")


def _is_latin_letter(char: str | None) -> bool:
    return char is not None and char.isalpha() and "LATIN" in unicodedata.name(char, "")


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    text: str
    lost: bool
    weak: bool = False  # plausible only if the text shows clearer damage elsewhere


def _full_hits(line: str, codepage: str) -> list[_Hit]:
    """Complete mis-decoded UTF-8 sequences in a line."""
    table = _table(codepage)
    hits: list[_Hit] = []
    i, n = 0, len(line)
    while i < n:
        lead = table.get(line[i])
        if lead is None or not 0xC2 <= lead <= 0xF4:
            i += 1
            continue
        need = 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3
        tail = [table.get(c) for c in line[i + 1 : i + 1 + need]]
        if len(tail) == need and all(t is not None and 0x80 <= t <= 0xBF for t in tail):
            try:
                char = bytes([lead, *(t for t in tail if t is not None)]).decode("utf-8")
            except UnicodeDecodeError:
                char = ""
            if char and _plausible(char):
                hits.append(_Hit(i, i + 1 + need, char, lost=False))
                i += 1 + need
                continue
        i += 1
    return _judge_runs(line, hits, greek=codepage == "cp1253")


def _judge_runs(line: str, hits: list[_Hit], greek: bool) -> list[_Hit]:
    """Look at each run of adjacent hits with its neighbours.

    A run touching a real Greek letter is Greek text (Windows-1253 only): dropped. A run of
    one two-byte sequence touching no Latin letter ("Γ”" could be a quoted gamma) is weak.
    """
    kept: list[_Hit] = []
    run: list[_Hit] = []

    def flush() -> None:
        if not run:
            return
        before = line[run[0].start - 1] if run[0].start else None
        after = line[run[-1].end] if run[-1].end < len(line) else None
        if greek and (_is_greek_letter(before) or _is_greek_letter(after)):
            run.clear()
            return
        # "Γ\xa0word": a no-break space ends the run, so the next word is not its neighbour
        spaced = line[run[-1].end - 1].isspace()
        latin = _is_latin_letter(before) or (_is_latin_letter(after) and not spaced)
        short = all(h.end - h.start == 2 for h in run)
        weak = short and len(run) == 1 and not latin
        kept.extend(_Hit(h.start, h.end, h.text, h.lost, weak) for h in run)
        run.clear()

    for hit in hits:
        if run and run[-1].end != hit.start:
            flush()
        run.append(hit)
    flush()
    return kept


def _quote(line: str, start: int, end: int) -> str:
    """Which quote a lost ``β€`` was: by its place, and for an opening one by what closes it."""
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    table = _table("cp1253")
    lead, cont = table.get(line[start - 2], 0) if start >= 2 else 0, table.get(before, 0)
    if 0xC2 <= lead <= 0xDF and 0x80 <= cont <= 0xBF:
        # the two characters before are one damaged one ("Γ\xa0" = à, "Β\xa0" = no-break space)
        before = bytes([lead, cont]).decode("utf-8")
    if (before.isspace() or before in _OPENERS) and not after.isspace():
        rest = line[end:].replace("β€™", "’").replace("Β\xa0", " ").replace("Β ", " ")
        single = rest.find("’")
        double = min((p for p in (rest.find("β€"), rest.find("”")) if p >= 0), default=-1)
        while single >= 0 and single + 1 < len(rest) and rest[single + 1].isalpha():
            single = rest.find("’", single + 1)  # an apostrophe (’t, zo’n), not a close
        if single >= 0 and (double < 0 or single < double):
            return "‘"
        return "“"
    return "”"


def _lost_quotes(line: str, codepage: str) -> list[_Hit]:
    """``â€``/``β€`` not followed by a third byte: a quote whose last byte was lost.

    Run before ftfy, which would read ``â€`` and a space as a dagger (E2 80 A0).
    """
    table = _table(codepage)
    lead = "â" if codepage == "cp1252" else "β"
    hits: list[_Hit] = []
    start = line.find(lead + "€")
    while start >= 0:
        end = start + 2
        after = line[end] if end < len(line) else None
        cont = table.get(after) if after is not None else None
        if after is None or after == _LOST or cont is None or not 0x80 <= cont <= 0xBF:
            if after == _LOST:
                end += 1
            text = "”" if codepage == "cp1252" else _quote(line, start, end)
            hits.append(_Hit(start, end, text, lost=True))
        start = line.find(lead + "€", end)
    return hits


def _lost_hits(line: str, codepage: str, evidence: bool) -> list[_Hit]:
    """Sequences missing a byte the code page could not represent; best guess by context."""
    hits: list[_Hit] = []
    c3 = "Ã" if codepage == "cp1252" else "Γ"
    c2 = "Â" if codepage == "cp1252" else "Β"
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        before = line[i - 1] if i else None
        nxt = line[i + 1] if i + 1 < n else None
        # A Latin letter glued to a Greek capital is no real word: damage even without
        # evidence elsewhere.
        if codepage == "cp1253" and not _is_greek_letter(before) and not _is_greek_letter(nxt):
            if char == c3 and (_is_latin_letter(before) or _is_latin_letter(nxt)):
                if nxt == " ":  # C3 A0 whose no-break space became a space
                    hits.append(_Hit(i, i + 2, "à", lost=True))
                    i += 2
                    continue
                # C3 AA: the only lower-case letter whose byte Windows-1253 lacks
                upper = (before or "").isupper() and (nxt or "A").isupper()
                end = i + 2 if nxt == _LOST else i + 1
                hits.append(_Hit(i, end, "Ê" if upper else "ê", lost=True))
                i = end
                continue
            if (
                char == c2
                and (evidence or _is_latin_letter(before))
                and (nxt is None or nxt == " ")
                and not _is_greek_letter(line[i + 2] if i + 2 < n else None)
            ):
                end = i + 2 if nxt == " " else i + 1
                hits.append(_Hit(i, end, "\xa0", lost=True))
                i = end
                continue
        i += 1
    return hits


def _apply(line: str, hits: list[_Hit], lineno: int, how: str, fixes: list[Fix]) -> str:
    out = []
    pos = 0
    for hit in sorted(hits, key=lambda h: h.start):
        out.append(line[pos : hit.start])
        out.append(hit.text)
        fixes.append(
            Fix(
                lineno,
                line[hit.start : hit.end],
                hit.text,
                how + (", lost byte" if hit.lost else ""),
            )
        )
        pos = hit.end
    out.append(line[pos:])
    return "".join(out)


def _diff(before: str, after: str, lineno: int, how: str) -> list[Fix]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        Fix(lineno, before[i1:i2], after[j1:j2], how)
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def _remap(protected: set[int], old: str, new: str) -> set[int]:
    """Positions in ``new`` that a fix produced, given those of ``old``: never fix twice."""
    moved: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            moved.update(j1 + (p - i1) for p in protected if i1 <= p < i2)
        else:
            moved.update(range(j1, j2))
    return moved


def repair(text: str) -> Repaired:
    """The text with mis-decoding undone, and every change made."""
    fixes: list[Fix] = []
    lines = text.split("\n")
    done: list[set[int]] = [set() for _ in lines]  # per line: characters a fix produced

    def change(index: int, new: str) -> None:
        done[index] = _remap(done[index], lines[index], new)
        lines[index] = new

    def fresh(index: int, hits: list[_Hit]) -> list[_Hit]:
        return [h for h in hits if not done[index].intersection(range(h.start, h.end))]

    for index in range(len(lines)):
        for codepage in CODEPAGES:
            hits = _lost_quotes(lines[index], codepage)
            if hits:
                change(index, _apply(lines[index], hits, index + 1, codepage, fixes))
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        fixed, steps = ftfy.fix_and_explain(line, _FTFY)
        if fixed != line:
            names = sorted({name for _, name in steps or () if "-" in name or "latin" in name})
            how = "ftfy" + (f" ({', '.join(names)})" if names else "")
            fixes.extend(_diff(line, fixed, index + 1, how))
            change(index, fixed)
    for codepage in CODEPAGES:
        found = [fresh(i, _full_hits(line, codepage)) for i, line in enumerate(lines)]
        # Clear damage through this code page anywhere makes the weak cases credible too.
        marks = ("1253",) if codepage == "cp1253" else ("1252", "latin")
        evidence = any(m in f.how for f in fixes for m in marks) or any(
            not h.weak for hits in found for h in hits
        )
        if not evidence:
            found = [[h for h in hits if not h.weak] for hits in found]
        for index in range(len(lines)):
            if found[index]:
                change(index, _apply(lines[index], found[index], index + 1, codepage, fixes))
            # then the lost bytes, seeing the repaired neighbours
            lost = fresh(index, _lost_hits(lines[index], codepage, evidence))
            if lost:
                change(index, _apply(lines[index], lost, index + 1, codepage, fixes))
    fixes.sort(key=lambda f: f.line)
    return Repaired("\n".join(lines), tuple(fixes))


def garble(text: str, codepage: str, lose: bool = False) -> str:
    """The damage we repair, for tests: UTF-8 bytes decoded as ``codepage``.

    Bytes the code page has no character for become their C1 control (the sloppy way
    browsers do it), or vanish when ``lose`` is set.
    """
    table = {byte: char for char, byte in _table(codepage).items()}
    out = []
    for byte in text.encode("utf-8"):
        if byte < 0x80:
            out.append(chr(byte))
        elif lose and _is_undefined(byte, codepage):
            continue
        else:
            out.append(table[byte])
    return "".join(out)
