"""The encoding repair on our own Dutch and English text, damaged the ways real imports are:
read through Windows-1252 or -1253, bytes lost, styled letters, quotes repaired half way.

Properties: damage then repair returns the text (exactly when no byte was lost, up to the
lost bytes otherwise); clean Greek, Cyrillic, emoji and styled text is left alone.
Figures: the share of damaged fixtures that come back exactly.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.imports.encoding import repair
from pipeline.text.slugs import slugify
from tests.imports.corpus import SENTENCES, TITLES, WORDS
from tests.imports.damage import ALPHABETS, consistent, damage, evident, half_repair, styled

CODEPAGES = st.sampled_from(["cp1252", "cp1253"])
PLAIN_WORD = st.sampled_from(WORDS)
EMOJI = st.sampled_from(["🎧", "🚀", "👉", "✅", "💡", "😀", "❤️", "🙂"])
ALPHABET = st.sampled_from(sorted(ALPHABETS))


def _title_case(word: str) -> str:
    return word[:1].upper() + word[1:]


@st.composite
def dutch_or_english(draw: st.DrawFn, styled_words: bool = True) -> str:
    """A line of our words: some capitalised, some quoted, an emoji, a styled phrase."""
    words = draw(st.lists(PLAIN_WORD, min_size=1, max_size=14))
    words = [_title_case(w) if draw(st.booleans()) else w for w in words]
    if draw(st.booleans()):
        i = draw(st.integers(0, len(words) - 1))
        left, right = draw(st.sampled_from([("“", "”"), ("‘", "’"), ("„", "”")]))
        words[i] = left + words[i] + right
    if styled_words and draw(st.booleans()):
        # A styled phrase: one alphabet for three words or more, as posts write them.
        alphabet = draw(ALPHABET)
        phrase = [styled(w, alphabet) for w in draw(st.lists(PLAIN_WORD, min_size=3, max_size=6))]
        words[0:0] = phrase
    if draw(st.booleans()):
        words.append(draw(EMOJI))
    gap = draw(st.sampled_from([" ", " – ", ", ", "\xa0"]))
    return gap.join(words)


GREEK = st.text(
    alphabet="αβγδεζηθικλμνξοπρστυφχψωάέήίόύώςΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ ,.«»“”’…·–",
    min_size=1,
    max_size=60,
)
CYRILLIC = st.text(
    alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ ,.«»“”—…",
    min_size=1,
    max_size=60,
)
EMOJI_TEXT = st.lists(
    st.one_of(EMOJI, PLAIN_WORD, st.sampled_from(["π", "€", "™", "©", "°"])),
    min_size=1,
    max_size=12,
).map(" ".join)
STYLED_TEXT = st.tuples(st.lists(PLAIN_WORD, min_size=1, max_size=8), ALPHABET).map(
    lambda p: " ".join(styled(w, p[1]) for w in p[0])
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(GREEK, CYRILLIC, EMOJI_TEXT, STYLED_TEXT, dutch_or_english()))
@example("ΑΓΆΠΗ\xa0Β")  # a Greek capital after a no-break space is no lost byte
@example("“ΒΓ”")  # nor is a Greek word before a closing quote a damaged Ô
@example("ππ αβ")  # two pi's are no styled letters that lost their bytes
def test_clean_text_is_left_alone(text: str) -> None:
    repaired = repair(text)
    assert repaired.text == text
    assert repaired.fixes == ()


@settings(max_examples=150, deadline=None)
@given(dutch_or_english(), CODEPAGES)
@example("Een klant zei: “ja”, ‘nee’ en één crêpe", "cp1253")
@example("𝐃𝐞 𝐤𝐚𝐬𝐬𝐚 𝐚𝐥𝐬 𝐠𝐞𝐬𝐩𝐫𝐞𝐤", "cp1253")
def test_damage_without_loss_is_undone_exactly(text: str, codepage: str) -> None:
    damaged = damage(text, codepage, lose=False)
    assert repair(damaged).text == text


@settings(max_examples=150, deadline=None)
@given(dutch_or_english(), CODEPAGES)
@example("𝐝𝐞 𝐤𝐚𝐬𝐬𝐚 𝐚𝐥𝐬 winkel", "cp1253")  # 'de' lost all but its first bytes: 'ππ'
@example("𝐁𝐍 𝐤𝐚𝐬𝐬𝐚 𝐚𝐥𝐬", "cp1252")  # B and N keep nothing but ð: any letter so damaged will do
@example("voilà “ja”", "cp1253")
def test_damage_with_lost_bytes_is_undone_up_to_the_lost_bytes(text: str, codepage: str) -> None:
    damaged = damage(text, codepage, lose=True)
    if not evident(text, codepage):
        # Nothing is left to repair from (every damaged character kept its first byte
        # only): the text is left as it came rather than guessed at.
        assert repair(damaged).text in (damaged, text)
        return
    repaired = repair(damaged).text
    assert consistent(text, repaired, codepage), (damaged, repaired)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map(" ".join))
def test_quotes_a_tool_repaired_half_way_are_finished(text: str) -> None:
    assert repair(half_repair(text)).text == text


def fixtures() -> list[tuple[str, str, str]]:
    """(kind, original, damaged): every title and sentence, every way we damage them."""
    out = []
    for codepage in ("cp1252", "cp1253"):
        for text in SENTENCES:
            out.append(("read as " + codepage, text, damage(text, codepage, lose=False)))
            out.append(("read as " + codepage + ", bytes lost", text, damage(text, codepage)))
        for title in TITLES:
            for alphabet in ("bold", "italic", "sans-serif bold", "bold italic"):
                fancy = styled(title, alphabet)
                kind = f"styled, read as {codepage}"
                out.append((kind, title, damage(fancy, codepage, lose=False)))
                out.append((kind + ", bytes lost", title, damage(fancy, codepage)))
    out.extend(("quotes half repaired", text, half_repair(text)) for text in SENTENCES)
    return out


def exact_share() -> dict[str, tuple[int, int]]:
    """Per kind of damage: (fixtures repaired exactly, fixtures)."""
    shares: dict[str, tuple[int, int]] = {}
    for kind, text, damaged in fixtures():
        exact, total = shares.get(kind, (0, 0))
        shares[kind] = (exact + (repair(damaged, fold_styled=True).text == text), total + 1)
    return shares


def test_share_of_damaged_fixtures_that_come_back_exactly() -> None:
    # When no byte was lost every fixture comes back exactly. Lost bytes can leave a
    # letter more than one reading (italic k and m lose the same byte): the word lists
    # pick the likelier word, which is not always the one meant (kassa/massa).
    shares = exact_share()
    for kind, (exact, total) in shares.items():
        if "lost" not in kind:
            assert exact == total, kind
    exact = sum(e for e, _ in shares.values())
    total = sum(t for _, t in shares.values())
    assert total == 272
    assert exact / total >= 0.9, shares


def test_styled_title_double_damaged_reads_as_words_again() -> None:
    title = "Waarom vaste klanten meer waard zijn"
    for alphabet in ("bold", "sans-serif bold", "bold italic"):
        fancy = styled(title, alphabet)
        for codepage in ("cp1252", "cp1253"):
            damaged = damage(fancy, codepage, lose=True)
            # Letter by letter, the repair is the title up to the bytes that were lost ...
            assert consistent(fancy, repair(damaged).text, codepage), (alphabet, codepage)
            folded = repair(damaged, fold_styled=True).text
            # ... and folded it is plain words again, with a slug to match.
            assert folded.replace(" ", "").isalpha() and folded.isascii(), folded
            assert slugify(folded) == slugify(folded.lower())
    # Windows-1252 loses few bytes of these letters: the words come back exactly.
    assert repair(damage(styled(title, "bold"), "cp1252"), fold_styled=True).text == title
    assert slugify(repair(damage(styled(title, "bold"), "cp1253"), fold_styled=True).text)
