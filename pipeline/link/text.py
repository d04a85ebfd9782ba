"""Words from posts and episodes, the way the related-content scorer compares them.

Text is lower-cased, accents used for emphasis are folded (``níet`` -> ``niet``), Markdown
link targets, URLs, HTML tags and our own "Lees ook" block are dropped, stop words of the
show's language are removed, and every word is reduced to its Snowball stem (PyStemmer,
Snowball's own C code: 1.5 µs a word where the pure-Python port took 40 µs, and a blog of
10,000 posts has tens of thousands of distinct words), so ``verkopen`` and ``verkoop``
become one term. Dutch agent nouns (``verkoper``, ``winkelier``) are folded onto their base
afterwards when that base occurs in the same corpus (see :func:`conflate`), which Snowball
alone does not do.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

import Stemmer

# The markers of the block that ``pipeline link --write`` maintains in posts (named here
# too, for those that take them from here). Its content is derived from the links, so it is
# never fed back into the scoring (that would make links chase links); markers in code are
# the author's example, words like any other (``markers.py`` tells them apart).
from pipeline.link.markers import BLOCK_BEGIN as BLOCK_BEGIN
from pipeline.link.markers import BLOCK_END as BLOCK_END
from pipeline.link.markers import without_blocks

_WORD = re.compile(r"[^\W\d_]{2,}")
# Each part stops at the next character that could start another ("(", "<", "{"), so no
# unclosed "<", "](" or "{%" rescans the rest of the post (quadratic before).
_NOISE = re.compile(
    r"\]\([^()]*\)"  # Markdown link targets
    r"|<[^<>]*>"  # HTML tags (embeds, comments)
    r"|https?://\S+"  # bare URLs
    r"|\{[%{][^{}]*[%}]\}",  # Liquid tags
)

# Our own lists of function words: they say nothing about what a text is about.
_DUTCH = """
    aan af al alle alleen alles als altijd ander andere anders ben bij bijna binnen
    daar daarbij daarna daarom dan dat de deze die dit doch doen door dus een eens en
    er erg ergens even geen gehad geweest ging gaat gaan had hadden heb hebben heeft
    hem hen het hier hij hoe hoewel hun iemand iets ik in is ja je jij jou jouw jullie
    kan kon kunnen kun maar me meer mee men met mij mijn mijzelf moet moeten na naar
    niet niets nog nu of om omdat ons onze ook op over pas per toch toe tot u uit uw
    van veel voor vooral want waren was wat we wel welke werd wie wij wil wilt worden
    wordt zal ze zei zelf zich zij zijn zo zoals zonder zou zouden zullen weer waar
    waarom wanneer hoor nee heel echt gewoon steeds daardoor hierdoor bent word kunt
    mag mogen moest zit zitten zegt zeggen jullie hebt had werden dezelfde hetzelfde
    elk elke ieder iedere sommige vaak soms nooit meestal eigenlijk misschien natuurlijk
    te doet deed ziet zien zag keer krijgt krijgen komt komen kwam staat staan maakt
    maken laat laten weet weten willen wilde zie zeker best beetje helemaal daarvan
    waarin waarop ermee erbij ervan erop eruit welk zulke iets eerst dus terwijl tegen
"""
_ENGLISH = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    even ever every few for from further had has have having he her here hers him his
    how i if in into is it its itself just least less like many may me might more most
    much must my no nor not now of off often on once only or other our ours out over own
    perhaps quite rather really said same say says she should so some still such than
    that the their them then there these they this those through to too under until up
    us very was we were what when where which while who whom why will with would yet
    you your yours
"""
DUTCH_STOP = frozenset(_DUTCH.split())
ENGLISH_STOP = frozenset(_ENGLISH.split())
STOP_WORDS: Mapping[str, frozenset[str]] = {"nl": DUTCH_STOP, "en": ENGLISH_STOP}
_SNOWBALL = {"nl": "dutch", "en": "english"}

# Dutch agent and person suffixes, longest first: verkop-er, winkel-ier, kapp-ster.
_DUTCH_AGENT = ("ster", "ier", "aar", "er")
_VOWELS = frozenset("aeiouy")


def base_language(language: str) -> str:
    """``nl-BE`` -> ``nl``; unknown languages fall back to English rules."""
    code = language.split("-")[0].split("_")[0].lower()
    return code if code in _SNOWBALL else "en"


def fold(text: str) -> str:
    """Lower-case and drop accents (``één`` -> ``een``), keeping ``ß`` and the like."""
    if text.isascii():  # as NFKD leaves it: no character to decompose or drop
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean(text: str) -> str:
    """Text without our own block, link targets, URLs or HTML."""
    text = without_blocks(text)  # itself only a search when there is no begin marker
    # The searches skip the regular expression for plain text (most titles, many posts).
    if "<" in text or "](" in text or "http" in text or "{" in text:
        text = _NOISE.sub(" ", text)
    return text


# Byte tokens: ASCII letters stay (lower-cased), every other ASCII byte separates, and
# bytes of other characters (UTF-8, always >= 0x80) stay for :func:`token_words`.
_TOKEN_BYTES = bytes(
    ord(chr(b).lower()) if chr(b).isalpha() or b >= 0x80 else 0x20 for b in range(128)
) + bytes(range(128, 256))


def count_tokens(text: str) -> Counter[bytes]:
    """Counts of the byte tokens of ``text`` (cleaned, ASCII lower-cased): the fast first
    step of :meth:`Analyzer.words`, done by ``bytes.translate``, ``split`` and ``Counter``
    in C."""
    return Counter(clean(text).encode("utf-8", "replace").translate(_TOKEN_BYTES).split())


def token_words(token: bytes, stop: frozenset[str]) -> list[str]:
    """The words of one token from :func:`count_tokens`: runs of two or more letters,
    accents folded, stop words left out (``ideeën`` -> ``ideeen``; ``prijs–kwaliteit`` ->
    ``prijs``, ``kwaliteit``)."""
    text = token.decode("utf-8", "replace")
    words = [text] if text.isascii() else [fold(w) for w in _WORD.findall(text.lower())]
    return [w for w in words if len(w) >= 2 and w not in stop]


class Analyzer:
    """Turns text into stemmed terms for one language; stems are cached per word."""

    def __init__(self, language: str):
        self.language = base_language(language)
        self.stop = STOP_WORDS[self.language]
        self._stemmer = Stemmer.Stemmer(_SNOWBALL[self.language])
        self._cache: dict[str, str] = {}

    def words(self, text: str) -> Counter[str]:
        """Counts of folded words (not yet stemmed) in ``text``, stop words removed."""
        counts: Counter[str] = Counter()
        for token, n in count_tokens(text).items():
            for word in token_words(token, self.stop):
                counts[word] += n
        return counts

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._stemmer.stemWord(word)
            self._cache[word] = cached
        return cached

    def terms(self, text: str) -> Counter[str]:
        """Counts of stemmed terms in ``text``."""
        out: Counter[str] = Counter()
        for word, n in self.words(text).items():
            out[self.stem(word)] += n
        return out


def conflate(terms: Iterable[str], language: str) -> dict[str, str]:
    """A map folding derived terms onto a base term that is also in ``terms``.

    For Dutch: ``verkoper`` -> ``verkoop`` (``verkop`` + the open-syllable vowel doubling),
    ``winkelier`` -> ``winkel``. Only when the base occurs in the same corpus, so a word is
    never folded onto something nobody wrote.
    """
    if base_language(language) != "nl":
        return {}
    vocabulary = set(terms)
    mapping: dict[str, str] = {}
    for term in sorted(vocabulary):
        for suffix in _DUTCH_AGENT:
            if not term.endswith(suffix) or len(term) - len(suffix) < 3:
                continue
            base = term[: -len(suffix)]
            for candidate in (base, _double_vowel(base)):
                if candidate != term and candidate in vocabulary:
                    mapping[term] = candidate
                    break
            if term in mapping:
                break
    return mapping


def _double_vowel(base: str) -> str:
    """``verkop`` -> ``verkoop``: a single vowel before a final consonant is written double
    once the syllable closes."""
    if (
        len(base) >= 3
        and base[-1] not in _VOWELS
        and base[-2] in "aeou"
        and base[-3] not in _VOWELS
    ):
        return base[:-1] + base[-2] + base[-1]
    return base
