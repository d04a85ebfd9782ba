"""Cutting show notes to a size: Apple's description (bytes, a tag subset) and plain text.

Both keep whole blocks in order and skip a block that does not fit (so the short links at
the end still make it); a block that does not fit is cut at a clean boundary instead when
that leaves something: a paragraph after a whole sentence, a list after a whole item. A
paragraph ending in ":" directly before a list is that list's heading and goes with it.
Cuts are made on text, never on serialised HTML, so they never fall inside a tag, an
entity or a multi-byte character.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
import nh3

from pipeline.notes.source import clean_text
from pipeline.spec.apple import DESCRIPTION_LIMIT, DESCRIPTION_TAGS

_LIST_TAGS = ("ul", "ol")
# A sentence ends in . ! ? or … (possibly followed by closing quotes or brackets) and then
# white space or the end of the text.
# Starts only where a run of stops starts, and takes it whole: from inside a run of "!!!"
# that a letter ends, every start rescanned the run (20,000 "!" took 15 s).
_SENTENCE_END = re.compile(
    r"(?<![.!?…])[.!?…]++['\"”’)»\]]*+(?=\s|$)"
    # Chinese and Japanese stops, which no space follows, with their closing marks
    r"|(?<![。！？｡])[。！？｡]++[」』”’）]*+"
    # Devanagari's danda, the Arabic and Urdu stops, the Armenian and Ethiopic ones
    r"|(?<![।॥؟۔։።])[।॥؟۔։።]++(?=\s|$)"
)
# Where a paragraph with no sentence end in room may still be cut: after a word (a space),
# else after any character (a script written without spaces); the cut is marked.
_WORD_END = re.compile(r"\S(?=\s)")
CUT_MARK = "…"


@dataclass
class _Para:
    units: list[tuple[str, str]]  # ("text", raw text) or ("html", serialised inline element)

    def render(self, cut: tuple[int, int] | None = None, mark: str = "") -> str:
        """The paragraph, or its first ``cut[0]`` units plus ``cut[1]`` characters of the
        next, then ``mark``."""
        units = self.units if cut is None else self.units[: cut[0]]
        inner = "".join(_esc(v) if k == "text" else v for k, v in units)
        if cut is not None and cut[1]:
            inner += _esc(self.units[cut[0]][1][: cut[1]])
        inner = inner.strip()
        return f"<p>{inner}{_esc(mark)}</p>" if inner else ""

    def sentence_cuts(self, pattern: re.Pattern[str] = _SENTENCE_END) -> list[tuple[int, int]]:
        """Every place the paragraph may end: after a sentence (or what ``pattern`` finds),
        never after a bare link."""
        cuts = []
        for i, (kind, value) in enumerate(self.units):
            if kind == "text":
                cuts += [(i, m.end()) for m in pattern.finditer(value)]
        return cuts

    def char_cuts(self) -> list[tuple[int, int]]:
        """After each character of its text."""
        texts = [(i, v) for i, (kind, v) in enumerate(self.units) if kind == "text"]
        return [(i, k) for i, value in texts for k in range(1, len(value) + 1)]


@dataclass
class _List:
    tag: str
    items: list[str]  # serialised <li> elements

    def render(self, count: int | None = None) -> str:
        items = self.items if count is None else self.items[:count]
        return f"<{self.tag}>{''.join(items)}</{self.tag}>" if items else ""


_Block = _Para | _List


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _serialise(element: lxml.html.HtmlElement) -> str:
    """Only the allowed tags, only ``href`` on links, every text escaped by us."""
    inner = _esc(element.text or "") + "".join(
        _serialise(child) + _esc(child.tail or "") for child in element
    )
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag not in DESCRIPTION_TAGS:
        return inner if tag else ""
    if tag == "a" and element.get("href"):
        return f'<a href="{html.escape(element.get("href"), quote=True)}">{inner}</a>'
    return f"<{tag}>{inner}</{tag}>"


def _blocks(clean_html: str) -> list[_Block]:
    root = lxml.html.fragment_fromstring(clean_html or "<p></p>", create_parent="div")
    blocks: list[_Block] = []
    loose = _Para([("text", root.text or "")])

    def flush() -> None:
        nonlocal loose
        if loose.render():
            blocks.append(loose)
        loose = _Para([])

    for child in root:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "p":
            flush()
            para = _Para([("text", child.text or "")])
            for inner in child:
                para.units.append(("html", _serialise(inner)))
                para.units.append(("text", inner.tail or ""))
            blocks.append(para)
        elif tag in _LIST_TAGS:
            flush()
            items = [_serialise(li) for li in child if li.tag == "li"]
            blocks.append(_List(tag, [i for i in items if i]))
        elif tag == "li":
            flush()
            blocks.append(_List("ul", [_serialise(child)]))
        else:
            loose.units.append(("html", _serialise(child)))
        loose.units.append(("text", child.tail or ""))
    flush()
    return blocks


def _cut_para(para: _Para, budget: int) -> str:
    """The paragraph's longest start in ``budget``: whole sentences; else, marked as cut,
    whole words, or as many characters as fit (a summary of one long paragraph with no
    stop this knows was left out whole, and the feed's description with it)."""
    found = _longest(para, para.sentence_cuts(), budget)
    if not found:
        found = _longest(para, para.sentence_cuts(_WORD_END), budget, CUT_MARK)
    if not found:
        found = _longest(para, para.char_cuts(), budget, CUT_MARK)
    return found


def _longest(para: _Para, cuts: list[tuple[int, int]], budget: int, mark: str = "") -> str:
    """The paragraph at the last of ``cuts`` (in order) that fits ``budget``, found by halving:
    a paragraph's length only grows with its cut."""
    low, high, best = 0, len(cuts) - 1, ""
    while low <= high:
        middle = (low + high) // 2
        candidate = para.render(cuts[middle], mark)
        if _size(candidate) <= budget:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _cut_list(block: _List, budget: int) -> str:
    best = ""
    for count in range(1, len(block.items) + 1):
        candidate = block.render(count)
        if _size(candidate) > budget:
            break
        best = candidate
    return best


def _is_heading(block: _Block) -> bool:
    return isinstance(block, _Para) and block.render().removesuffix("</p>").rstrip().endswith(":")


def fit_blocks(
    blocks: list[_Block],
    limit: int,
    size: Callable[[str], int] = _size,
    joiner: str = "\n",
    heading_joiner: str = "\n",
) -> str:
    """Blocks joined by ``joiner`` (a heading and its list by ``heading_joiner``) in ``limit``."""
    out: list[str] = []
    used = 0

    def room() -> int:
        return limit - used - (size(joiner) if out else 0)

    def add(text: str, sep: str = joiner) -> None:
        nonlocal used
        if out:
            out.append(sep)
            used += size(sep)
        used += size(text)
        out.append(text)

    # What the blocks after each position need whole: a block that must be cut leaves
    # that much room when it can, so the short closing links are not crowded out.
    whole = [b.render() for b in blocks]
    after = [0] * (len(blocks) + 1)
    for j in range(len(blocks) - 1, -1, -1):
        after[j] = after[j + 1] + (size(whole[j]) + size(joiner) if whole[j] else 0)

    def cut(block: _Block, budget: int, reserve: int) -> str:
        def one(room: int) -> str:
            if isinstance(block, _Para):
                return _cut_para(block, room)
            return _cut_list(block, room)

        return (one(budget - reserve) if reserve < budget else "") or one(budget)

    i = 0
    while i < len(blocks):
        block = blocks[i]
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if _is_heading(block) and isinstance(following, _List):
            heading = whole[i]
            budget = room() - size(heading) - size(heading_joiner)
            listed = whole[i + 1]
            part = listed if size(listed) <= budget else cut(following, budget, after[i + 2])
            if part:
                add(heading)
                add(part, heading_joiner)
            i += 2
            continue
        if whole[i] and size(whole[i]) <= room():
            add(whole[i])
        elif whole[i] and (part := cut(block, room(), after[i + 1])):
            add(part)
        i += 1
    return "".join(out)


def description_html(content_html: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """HTML reduced to Apple's tags (``p ol ul li a``) and cut to ``limit`` UTF-8 bytes."""
    # Headings and other blocks become paragraphs so their text survives the tag filter.
    blocky = re.sub(
        r"<(/?)(h[1-6]|blockquote|pre|div|section)\b[^>]*>", r"<\1p>", clean_text(content_html)
    )
    cleaned = nh3.clean(
        blocky,
        tags=set(DESCRIPTION_TAGS),
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    return fit_blocks(_blocks(cleaned), limit)


def fit_text(text: str, limit: int, size: Callable[[str], int] = len) -> str:
    """Plain text cut to ``limit`` (characters, or what ``size`` counts): whole paragraphs,
    lines and sentences."""
    blocks: list[_Block] = []
    for chunk in re.split(r"\n{2,}", text.strip()):
        lines = chunk.split("\n")
        if len(lines) == 1:
            blocks.append(_TextPara([("text", chunk)]))
        elif lines[0].endswith(":"):
            blocks.append(_TextPara([("text", lines[0])]))
            blocks.append(_TextList("", lines[1:]))
        else:
            blocks.append(_TextList("", lines))
    fitted = fit_blocks(blocks, limit, size=size, joiner="\n\n", heading_joiner="\n")
    return fitted + "\n" if fitted else ""


class _TextPara(_Para):
    def render(self, cut: tuple[int, int] | None = None, mark: str = "") -> str:
        units = self.units if cut is None else self.units[: cut[0]]
        text = "".join(v for _, v in units)
        if cut is not None and cut[1]:
            text += self.units[cut[0]][1][: cut[1]]
        text = text.strip()
        return text + mark if text else ""


class _TextList(_List):
    def render(self, count: int | None = None) -> str:
        items = self.items if count is None else self.items[:count]
        return "\n".join(items)
