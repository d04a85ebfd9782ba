"""Which character a damaged image was, when lost bytes leave more than one possibility.

``π`` alone (Windows-1253, three bytes lost) can be any of some 300 styled letters and
emoji; ``Γ`` with its last byte lost is ê, ß, Á, È ...; ``β€`` is ‘, “ or ”. Each
possibility gets a score from:

- how common the character is in Western articles (é before Ð, “ before U+2008);
- the place: a quote opens or closes (:func:`quotes.quote_choice`);
- the line: styled letters of a title share one alphabet (all bold, all sans-serif);
- the word it makes: case (``crêpe``, not ``crÊpe``), one script per word, and how
  common the word is in Dutch or English (wordfreq), so ``π¤ππ¬π¬π`` reads ``kassa``.

Words are scored whole, trying the combinations of their damaged letters (the likeliest
few per letter when there are many).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from functools import cache

from pipeline.imports.decoder import Option, Segment, is_greek, is_latin
from pipeline.imports.quotes import QUOTES, quote_choice
from pipeline.imports.styled import fold, style_of

MAX_COMBINATIONS = 2000
LETTERS = "enatirosdlhgkmuvcbpwjfzyxq"  # Dutch and English together, most common first
COMMON = "éèëêïöüäáóúíàâôûîçñßøåæ"
_SYMBOLS = {"©": -1.0, "®": -1.0, "°": -1.0, "«": -1.0, "»": -1.0, "·": -1.0, "§": -1.0}
_SYMBOLS |= {"£": -1.0, "½": -1.0, "¼": -1.2, "¾": -1.2, "²": -1.2, "³": -1.2, "\xa0": -0.2}
_PUNCT = {"‘": 0.0, "’": 0.0, "“": 0.0, "”": 0.0, "–": 0.0, "—": 0.0, "…": 0.0, "•": -0.5}
_PUNCT |= {"„": -1.0, "‚": -1.2, "‹": -1.5, "›": -1.5, "€": 0.0, "™": -0.5, "\u200d": -2.0}
_PUNCT |= {"→": -1.0, "←": -1.2, "✅": -1.0, "✔": -1.0, "✨": -1.0, "❤": -1.0, "⭐": -1.0}
_PUNCT |= {"\ufe0f": -1.5, "➡": -1.0, "❌": -1.0, "⚡": -1.2, "☕": -1.2, "☀": -1.2}


@cache
def prior(char: str) -> float:
    """How likely a character is in an article, before looking at its neighbours (log)."""
    cp = ord(char)
    if char in _PUNCT:
        return _PUNCT[char]
    if char in _SYMBOLS:
        return _SYMBOLS[char]
    style = style_of(char)
    if style is not None:
        plain = fold(char)
        if plain.isdigit():
            return -2.0
        rank = LETTERS.find(plain.lower())
        if rank < 0:
            return -2.5  # styled Greek letters, dotless i
        return -0.5 - rank / 13 - (0.3 if plain.isupper() else 0.0)
    if 0xC0 <= cp <= 0xFF and char.isalpha():
        if char in COMMON:
            return -0.3 - COMMON.index(char) / 40
        if char.lower() in COMMON:
            return -0.8 - COMMON.index(char.lower()) / 40
        return -1.3
    if 0xA0 <= cp <= 0xBF:
        return -2.0
    if 0x100 <= cp <= 0x17F or 0x218 <= cp <= 0x21B:
        return -1.5
    if 0x370 <= cp <= 0x4FF:
        return -1.0 if char.isalpha() else -3.0
    if 0x1F300 <= cp <= 0x1F6FF or 0x1F900 <= cp <= 0x1F9FF:
        # the emoji people use, the more used the likelier
        used = _frequencies("en").get(char, 0.0)
        return -2.0 + (0.4 * max(0.0, math.log10(used) + 9) if used else 0.0)
    if 0x1FA70 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF:
        return -2.0
    if 0x2000 <= cp <= 0x200F or 0x2028 <= cp <= 0x202F or 0x2060 <= cp <= 0x206F:
        return -3.0  # spaces of odd widths, invisible marks
    return -2.5


def _style_votes(line: str, segments: list[Segment]) -> Counter[str]:
    """How many styled letters each alphabet can explain (intact ones and damaged ones).

    Lost bytes leave most damaged styled letters open to several alphabets; the real one
    is open to all of them.
    """
    votes: Counter[str] = Counter()
    for char in line:
        style = style_of(char)
        if style is not None and char.isalpha():
            votes[style] += 1
    for seg in segments:
        styles = {style_of(o.reading.char) for o in seg.options if o.reading.char.isalpha()}
        # Styled Greek letters in a Latin text are no alphabet to follow.
        votes.update(s for s in styles if s is not None and not s.endswith("GREEK"))
    return votes


def _style(word: Counter[str], line: Counter[str], letters: int) -> str | None:
    """A word's own letters name its alphabet; a lone letter takes the line's."""
    if letters < 2:
        ranked = sorted(line, key=lambda s: (-line[s], _popularity(s)))
        return ranked[0] if ranked else None
    # Only an alphabet that can spell every damaged character: else an emoji cluster.
    ranked = sorted(
        (s for s in word if word[s] >= letters),
        key=lambda s: (-word[s], -line[s], _popularity(s)),
    )
    return ranked[0] if ranked else None


# How often posts use each alphabet, most first: when lost bytes leave several alphabets
# possible for every letter, the common one is the likelier.
POPULAR = (
    *("BOLD", "SANS-SERIF BOLD", "ITALIC", "BOLD ITALIC", "SANS-SERIF ITALIC"),
    *("SANS-SERIF BOLD ITALIC", "SANS-SERIF", "MONOSPACE", "SCRIPT", "BOLD SCRIPT"),
)


def _popularity(style: str) -> tuple[int, str]:
    name = style.rsplit(" ", 1)[0]
    return (POPULAR.index(name) if name in POPULAR else len(POPULAR), style)


def _local(line: str, seg: Segment, option: Option, codepage: str, style: str | None) -> float:
    char = option.reading.char
    score = prior(char) - 0.7 * option.reading.lost - 0.3 * option.reading.spaced
    own = style_of(char)
    if style is not None:
        if own == style:
            score += 2.0
        elif own is not None:
            score -= 2.5
        elif 0x1F000 <= ord(char) <= 0x1FAFF:
            score -= 0.5
    lost_quote = char in QUOTES and option.reading.lost
    if lost_quote and quote_choice(line, seg.start, option.end, codepage) == char:
        score += 2.5
    if option.reading.spaced and not char.isspace():
        after = line[option.end] if option.end < len(line) else " "
        if not after.isspace():
            score -= 2.0  # the space was the only one between two words: it is a real one
    return score


@cache
def _frequencies(lang: str) -> dict[str, float]:
    import wordfreq  # 0.2 s and a word list: only when a word is in doubt

    return wordfreq.get_frequency_dict(lang, wordlist="best")


@cache
def _by_length(lang: str) -> dict[int, str]:
    """The language's words grouped by length, most common first, one per line."""
    groups: dict[int, list[str]] = {}
    for word in _frequencies(lang):  # already ordered by frequency
        groups.setdefault(len(word), []).append(word)
    return {size: "\n".join(words) for size, words in groups.items()}


def _languages(letters: str) -> tuple[str, ...]:
    return ("el",) if any(is_greek(c) for c in letters) else ("nl", "en")


def word_score(word: str) -> float:
    """Case, script and dictionary evidence that ``word`` is real (0 for nothing known)."""
    plain = fold(word)
    letters = [c for c in plain if c.isalpha()]
    if len(letters) == 1:
        # Dutch and English have few words of one letter: a lone letter is likelier an emoji.
        alone = plain.strip(".,;:!?()'\"‘’“”") == letters[0] and not word.isascii()
        return -2.5 if alone and letters[0].lower() not in "aiu" else 0.0
    if not letters:
        return 0.0
    score = 0.0
    greek = any(is_greek(c) for c in letters)
    if greek and any(is_latin(c) for c in letters):
        score -= 4.0  # a word in two scripts is damage left over
    if any(c.isdigit() for c in plain):
        score -= 2.0  # 2assa: a digit among letters is a letter read wrong
    rest = letters[1:]
    upper = sum(c.isupper() for c in rest)
    lower = len(rest) - upper
    score -= 1.5 * min(upper, lower)
    if letters[0].islower() and upper:
        score -= 1.5
    key = "".join(c for c in plain.lower() if c.isalpha() or c in "'’-")
    best = max(_frequencies(lang).get(key, 0.0) for lang in _languages(key))
    zipf = math.log10(best) + 9 if best > 0 else 0.0  # 0-8: 3 is a word seen once a million
    if zipf >= _known(len(key)):
        score += 0.9 * zipf
    return score


def _known(length: int) -> float:
    """How common a word must be to count: a rare short word (þe, íe) is likelier chance."""
    return 3.0 if length <= 4 else 1.5


Scored = list[tuple[float, Option]]


def choose(line: str, segments: list[Segment], codepage: str) -> list[Option]:
    """The likeliest option of every segment (same order)."""
    groups = _tokens(line, segments)
    # The line's alphabet: its intact styled letters and the alphabet of each damaged word
    # (a word of two or more damaged letters names one); a lone damaged character does not.
    line_votes = _style_votes(line, [])
    words: dict[int, str | None] = {}
    for n, group in enumerate(groups):
        if len(group) > 1:
            segs = [segments[i] for i in group]
            word = _style(_style_votes(_word_at(line, segs), segs), line_votes, len(segs))
            words[n] = word
            if word is not None:
                line_votes[word] += len(group)
    chosen: list[Option] = []
    for n, group in enumerate(groups):
        segs = [segments[i] for i in group]
        style = words[n] if n in words else _style(Counter(), line_votes, 1)
        choices: list[Scored] = [
            sorted(
                ((_local(line, seg, o, codepage, style), o) for o in seg.options),
                key=lambda pair: -pair[0],
            )
            for seg in segs
        ]
        if style is not None and len(segs) > 1:
            # A styled word is written in one alphabet: only its letters are candidates.
            choices = [[p for p in c if style_of(p[1].reading.char) == style] or c for c in choices]
        if all(len(c) == 1 for c in choices):
            chosen.extend(c[0][1] for c in choices)
            continue
        choices = _dictionary(line, segs, choices) or choices
        chosen.extend(_best(line, segs, choices))
    return chosen


def _word_at(line: str, segs: list[Segment]) -> str:
    start, end = segs[0].start, segs[-1].end
    while start and not line[start - 1].isspace():
        start -= 1
    while end < len(line) and not line[end].isspace():
        end += 1
    return line[start:end]


def _best(line: str, segs: list[Segment], choices: list[Scored]) -> list[Option]:
    """The best combination, trying all when few, else the likeliest few per segment."""
    doubtful = sum(len(c) > 1 for c in choices)
    keep = 1
    while doubtful and (keep + 1) ** doubtful <= MAX_COMBINATIONS:
        keep += 1
    trimmed = [c[:keep] for c in choices]
    start = segs[0].start
    while start and not line[start - 1].isspace():
        start -= 1
    # Every combination is judged on the same stretch: the words all options touch.
    end = max(o.end for c in trimmed for _, o in c)
    while end < len(line) and not line[end].isspace():
        end += 1
    best_score, best = -math.inf, [c[0][1] for c in trimmed]
    for combo in itertools.product(*trimmed):
        options = [o for _, o in combo]
        text = _render(line, start, end, options, segs)
        total = sum(s for s, _ in combo) + sum(word_score(w) for w in _words(text))
        if total > best_score:
            best_score, best = total, options
    return best


def _dictionary(line: str, segs: list[Segment], choices: list[Scored]) -> list[Scored] | None:
    """Options narrowed to the most common Dutch or English word the letters can spell."""
    start = segs[0].start
    while start and not line[start - 1].isspace():
        start -= 1
    end = min(o.end for _, o in choices[-1])
    while end < len(line) and not line[end].isspace():
        end += 1
    slots: list[str] = []  # a regex part per character of the word; "" for punctuation
    where: list[int] = []  # the slot of each segment
    lower = _lower_word(line, start, end, segs, choices)
    pos, k = start, 0
    while pos < end:
        if k < len(segs) and pos == segs[k].start:
            # Readings that take a following space for a no-break space end the word.
            pos = min(o.end for _, o in choices[k])
            # A reading that takes the space after it and glues two words spells no word.
            cased = [o for _, o in choices[k] if not _glues(line, o)]
            if lower and slots:  # after the first letter, a lower-case word stays lower case
                cased = [o for o in cased if fold(o.reading.char).islower()] or cased
            letters = {_plain(o) for o in cased}
            letters = {c for c in letters if len(c) == 1 and c.isalpha()}
            where.append(len(slots))
            slots.append("[" + re.escape("".join(sorted(letters))) + "]" if letters else "")
            k += 1
            continue
        char = line[pos]
        slots.append(re.escape(char.lower()) if char.isalpha() or char in "'’-" else "")
        pos += 1
    # The word is what stands between leading and trailing punctuation.
    lead = next((i for i, s in enumerate(slots) if s), len(slots))
    tail = next((i for i, s in enumerate(reversed(slots)) if s), len(slots))
    core = slots[lead : len(slots) - tail]
    if len(core) < 2 or "" in core or sum(s.startswith("[") for s in core) < 1:
        return None
    pattern = re.compile("^" + "".join(core) + "$", re.MULTILINE)
    found: tuple[float, str] | None = None
    taken = set(where)
    literal = "".join(slots[i] for i in range(lead, len(slots) - tail) if i not in taken)
    for lang in _languages(literal):
        m = pattern.search(_by_length(lang).get(len(core), ""))
        if m and (found is None or _frequencies(lang)[m[0]] > found[0]):
            found = (_frequencies(lang)[m[0]], m[0])
    if found is None or math.log10(found[0]) + 9 < _known(len(core)):
        return None
    word = found[1]
    narrowed: list[Scored] = []
    for k, slot in enumerate(where):
        i = slot - lead
        keep = [p for p in choices[k] if 0 <= i < len(word) and _plain(p[1]) == word[i]]
        narrowed.append(keep or choices[k])
    return narrowed


def _lower_word(
    line: str, start: int, end: int, segs: list[Segment], choices: list[Scored]
) -> bool:
    """The word's certain letters after its first are lower case (it is no ALL-CAPS word)."""
    known: list[str] = []  # each character of the word; "?" where it is in doubt
    taken = {seg.start: c for seg, c in zip(segs, choices, strict=True)}
    pos = start
    while pos < end:
        if pos in taken:
            options = {fold(o.reading.char) for _, o in taken[pos]}
            known.append(options.pop() if len(options) == 1 else "?")
            pos = min(o.end for _, o in taken[pos])
            continue
        known.append(line[pos])
        pos += 1
    word = [c for c in known if c.isalpha() or c == "?"]
    letters = [c for c in word[1:] if c != "?"]
    return bool(letters) and sum(c.islower() for c in letters) * 2 >= len(letters)


def _glues(line: str, option: Option) -> bool:
    return option.reading.spaced and option.end < len(line) and not line[option.end].isspace()


def _plain(option: Option) -> str:
    return fold(option.reading.char).lower()


def _words(text: str) -> list[str]:
    return text.replace("\xa0", " ").split()


def _tokens(line: str, segments: list[Segment]) -> list[list[int]]:
    """Indexes of segments grouped by the word (text between spaces) they stand in."""
    groups: list[list[int]] = []
    last_end = -1
    for i, seg in enumerate(segments):
        between = line[last_end : seg.start] if last_end >= 0 else " "
        if groups and not any(c == " " for c in between):
            groups[-1].append(i)
        else:
            groups.append([i])
        last_end = min(o.end for o in seg.options)
    return groups


def _render(line: str, start: int, end: int, options: list[Option], segs: list[Segment]) -> str:
    out, pos = [], start
    for seg, option in zip(segs, options, strict=True):
        out.append(line[pos : seg.start])
        out.append(option.reading.char)
        pos = option.end
    out.append(line[pos:end])
    return "".join(out)
