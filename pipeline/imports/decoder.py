"""Find the damaged characters in a line and decide whether each really is damage.

A damaged character is the image of a multi-byte UTF-8 sequence in a Windows code page,
looked up in :func:`codepages.index` (longest image first). Whether an image is damage or
real text is decided by its shape and its neighbours, never by one string:

- complete images of 3- and 4-byte sequences (``â€™``, ``ðŸš€``) are damage;
- so is any image glued to a Latin letter (``cafÃ©``), a run of two or more images
  (``Ã©Ã©n``), and a Greek capital glued to a Latin letter (``crΓpe``: ê lost its byte);
- in Windows-1253 a run touching a real Greek letter is Greek text and stays;
- a lone two-character image (``Γ”`` may be a quoted gamma) is damage only when the text
  shows clear damage through the same code page elsewhere.

Which character an image with lost bytes was is chosen in :mod:`choose`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from pipeline.imports.codepages import LOST_MARK, Reading, index, is_lead, longest_image, table

# The third byte of ’ (0x99) is defined in both pages; that of “ ” ‘ is not in Windows-1253,
# so ``β€`` alone is a quote that lost its last byte: damage wherever it stands.
_QUOTE_HEAD = (0xE2, 0x80)
# What may follow the last letter of a real word: images of a lead byte and these alone
# may be a Greek capital before punctuation (``Γ”``), so they prove nothing on their own.
_AFTER_WORDS = frozenset("‘’“”–—…«»·\xa0 ")


@dataclass(frozen=True)
class Option:
    """One way to read a segment: the reading and where in the line it ends."""

    reading: Reading
    end: int


@dataclass(frozen=True)
class Segment:
    """A stretch of a line that may be one damaged character."""

    start: int
    end: int  # of the longest image found
    options: tuple[Option, ...]
    bare: bool  # the lead character alone: every other byte was lost
    complete: bool  # one option reads the image with no byte lost


@cache
def is_letter_of(char: str, script: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith(script)


def is_latin(char: str | None) -> bool:
    return char is not None and is_letter_of(char, "LATIN")


def is_greek(char: str | None) -> bool:
    return char is not None and is_letter_of(char, "GREEK")


def find_segments(line: str, codepage: str) -> list[Segment]:
    """Every image of a plausible multi-byte character in ``line``, left to right."""
    images = index(codepage)
    longest = longest_image(codepage)
    found: list[Segment] = []
    i, n = 0, len(line)
    while i < n:
        if not is_lead(line[i], codepage):
            i += 1
            continue
        options: list[Option] = []
        for size in range(min(longest, n - i), 0, -1):
            key = line[i : i + size]
            options = [Option(r, i + size) for r in images.get(key, ())]
            if i + size == n or line[i + size :].strip(" \xa0") == "":
                # At the end of a line a trailing no-break space was stripped with the rest.
                options.extend(
                    Option(Reading(r.char, r.lost + 1, True), i + size)
                    for r in images.get(key + " ", ())
                    if r.spaced
                )
            if options:
                # The longest image wins: a continuation byte cannot stand on its own. Only
                # a trailing space may be a real one rather than a no-break space's byte.
                if key.endswith(" "):
                    options.extend(Option(r, i + size - 1) for r in images.get(key[:-1], ()))
                break
        if not options:
            i += 1
            continue
        end = max(o.end for o in options)
        complete = any(not o.reading.lost and not o.reading.spaced for o in options)
        bare = not line[i + 1 : end].strip(" ")  # no other byte of it is in the text
        found.append(Segment(i, end, tuple(options), bare, complete))
        i = end
    return found


def runs(segments: list[Segment]) -> list[list[Segment]]:
    """Segments that touch each other, grouped."""
    grouped: list[list[Segment]] = []
    for seg in segments:
        # A space that may be a no-break space's byte still separates words.
        if grouped and min(o.end for o in grouped[-1][-1].options) >= seg.start:
            grouped[-1].append(seg)
        else:
            grouped.append([seg])
    return grouped


def judge(line: str, codepage: str, segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """Split segments into (sure damage, damage only if the text shows it elsewhere)."""
    sure: list[Segment] = []
    weak: list[Segment] = []
    greek_page = codepage == "cp1253"
    for run in runs(segments):
        before = line[run[0].start - 1] if run[0].start else None
        # The neighbour after: past the shortest reading (a space there is a word break).
        after_pos = min(o.end for o in run[-1].options)
        after = line[after_pos] if after_pos < len(line) else None
        if greek_page and (is_greek(before) or is_greek(after)):
            continue  # Greek text: a Greek capital before punctuation is no damage
        spaced_end = line[run[-1].start : after_pos].endswith("\xa0")
        glued = is_latin(before) or (is_latin(after) and not spaced_end)
        body = [s for s in run if not s.bare]
        telling = any(_telling(line[s.start + 1 : s.end]) for s in body) or len(body) > 1
        for seg in run:
            image = line[seg.start : seg.end]
            if seg.bare:
                # A lead alone: in Windows-1253 a Greek letter glued to a Latin one, or one
                # letter of a run whose other letters show damage. A styled letter or emoji
                # that kept only its first byte ("ππ" for 𝐝𝐞) needs damage elsewhere.
                if (greek_page and glued) or telling:
                    sure.append(seg)
                elif table(codepage).get(line[seg.start], 0) >= 0xF0:
                    weak.append(seg)
                continue
            whole = seg.complete and len(image) >= 3
            if whole or telling or glued or _quote_head(image, codepage):
                sure.append(seg)
            else:
                weak.append(seg)
    return sure, weak


def _telling(rest: str) -> bool:
    """Bytes after a lead that no Greek word ends with: not just a quote, dash or space."""
    return any(c not in _AFTER_WORDS for c in rest)


def _quote_head(image: str, codepage: str) -> bool:
    chars = table(codepage)
    return (
        len(image) >= 2
        and (chars.get(image[0]), chars.get(image[1])) == _QUOTE_HEAD
        and (len(image) == 2 or image[2] == LOST_MARK)
    )
