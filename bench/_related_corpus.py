"""Topic-labelled corpora of our own for the related-content benchmark.

``quality_corpus``: Dutch shop posts on ten known subjects, written from word lists below
(several inflections per word, so only stemming joins them), with a shared everyday
vocabulary, words borrowed from other subjects, and noisy tags (generic ones, and now and
then a wrong one), as real authors tag. ``scale_corpus``: the same recipe at any size, with
made-up words (syllables) so that vocabulary and subjects grow with the corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

TOPICS: dict[str, list[list[str]]] = {
    "prijzen": [
        ["prijs", "prijzen", "prijsje"],
        ["korting", "kortingen"],
        ["marge", "marges"],
        ["duur", "duurder", "duurste"],
        ["goedkoop", "goedkoper"],
        ["verhogen", "verhoging", "verhoogd"],
        ["inkoopprijs", "inkoopprijzen"],
        ["btw"],
        ["afprijzen", "afgeprijsd"],
        ["aanbieding", "aanbiedingen"],
    ],
    "etalage": [
        ["etalage", "etalages"],
        ["etaleren", "etaleur", "etaleurs"],
        ["licht", "lampen", "verlichting"],
        ["raam", "ramen"],
        ["voorbijganger", "voorbijgangers"],
        ["decor", "decors"],
        ["seizoen", "seizoenen"],
        ["kleur", "kleuren"],
        ["blikvanger", "blikvangers"],
        ["pop", "poppen"],
    ],
    "personeel": [
        ["personeel"],
        ["collega", "collega's"],
        ["inwerken", "ingewerkt"],
        ["rooster", "roosters"],
        ["sollicitatie", "solliciteren", "sollicitant"],
        ["salaris", "salarissen"],
        ["ziekteverzuim"],
        ["team", "teams"],
        ["werknemer", "werknemers"],
        ["contract", "contracten"],
    ],
    "verkoop": [
        ["verkopen", "verkoop", "verkoper", "verkopers", "verkoopt"],
        ["advies", "adviseren"],
        ["bijverkoop"],
        ["vraag", "vragen", "vroeg"],
        ["luisteren", "luistert"],
        ["aanraden", "raadt"],
        ["cadeau", "cadeaus"],
        ["overtuigen", "overtuigt"],
        ["behoefte", "behoeften"],
        ["afrekenen", "afgerekend"],
    ],
    "social": [
        ["instagram"],
        ["foto", "foto's", "fotograferen"],
        ["volgers", "volger"],
        ["bericht", "berichten", "posten"],
        ["story", "stories"],
        ["reactie", "reacties", "reageren"],
        ["hashtag", "hashtags"],
        ["filmpje", "filmpjes"],
        ["algoritme"],
        ["bereik"],
    ],
    "voorraad": [
        ["voorraad", "voorraden"],
        ["bestellen", "bestelling", "besteld"],
        ["leverancier", "leveranciers"],
        ["magazijn"],
        ["tellen", "telling", "geteld"],
        ["uitverkocht"],
        ["levering", "leveringen", "geleverd"],
        ["doos", "dozen"],
        ["schap", "schappen"],
        ["inventaris"],
    ],
    "kassa": [
        ["kassa", "kassa's"],
        ["pin", "pinnen", "pinautomaat"],
        ["contant", "contanten"],
        ["bon", "bonnetje", "bonnen"],
        ["wisselgeld"],
        ["kassasysteem", "kassasystemen"],
        ["storing", "storingen"],
        ["betaling", "betalingen", "betalen"],
        ["terminal"],
        ["dagafsluiting"],
    ],
    "webshop": [
        ["webshop", "webshops"],
        ["online"],
        ["verzenden", "verzending", "verzonden"],
        ["pakket", "pakketten", "pakketje"],
        ["retour", "retouren", "retourneren"],
        ["bezorging", "bezorger"],
        ["website", "websites"],
        ["winkelwagen"],
        ["checkout"],
        ["zoekmachine"],
    ],
    "klachten": [
        ["klacht", "klachten"],
        ["boos", "boze"],
        ["ruilen", "ruil", "geruild"],
        ["excuses", "excuus"],
        ["garantie"],
        ["oplossing", "oplossen", "opgelost"],
        ["teleurgesteld", "teleurstelling"],
        ["review", "reviews"],
        ["terugbetalen", "terugbetaling"],
        ["kapot"],
    ],
    "inrichting": [
        ["inrichting", "inrichten", "ingericht"],
        ["looproute", "looproutes"],
        ["vloer", "vloeren"],
        ["meubel", "meubels"],
        ["toonbank"],
        ["paskamer", "paskamers"],
        ["indeling"],
        ["rek", "rekken"],
        ["plafond"],
        ["ingang"],
    ],
}
_EVERYDAY_TEXT = (
    "winkel winkels klant klanten dag dagen week ochtend middag jaar eigenaar zaak straat "
    "stad dorp mensen tijd geld werk goed beter nieuw oud klein groot snel rustig druk "
    "vrijdag zaterdag maandag koffie deur buurt product producten idee ideeën plan vak "
    "ervaring verhaal les lessen begin keuze gesprek moment manier fout succes"
)
EVERYDAY = _EVERYDAY_TEXT.split()
TEMPLATES = (
    "Over {a} en {b}",
    "Wat we leerden over {a}",
    "{A}: vijf tips",
    "De {a} van {b}",
    "Waarom {a} ertoe doet",
    "{A} zonder {b}",
)
GENERIC_TAGS = ("tips", "ondernemen", "winkel")


@dataclass(frozen=True)
class Doc:
    slug: str
    topic: str
    title: str
    body: str
    tags: tuple[str, ...]
    date: datetime


def _make(
    rng: random.Random,
    n: int,
    topics: dict[str, list[list[str]]],
    everyday: list[str],
    words: int,
) -> list[Doc]:
    names = sorted(topics)
    start = datetime(2020, 1, 6, 9, tzinfo=UTC)
    docs = []
    for i in range(n):
        topic = names[i % len(names)]
        own = topics[topic]
        other = topics[names[rng.randrange(len(names))]]
        a, b = rng.sample(own, 2)
        title = rng.choice(TEMPLATES).format(
            a=rng.choice(a), b=rng.choice(b), A=rng.choice(a).capitalize()
        )
        body = []
        for _ in range(words):
            roll = rng.random()
            if roll < 0.25:
                body.append(rng.choice(rng.choice(own)))
            elif roll < 0.35:
                body.append(rng.choice(rng.choice(other)))
            else:
                body.append(everyday[min(int(rng.paretovariate(1.2)) - 1, len(everyday) - 1)])
        sentences = [" ".join(body[k : k + 12]).capitalize() + "." for k in range(0, words, 12)]
        tags = [topic] if rng.random() < 0.6 else []
        tags += rng.sample(GENERIC_TAGS, rng.randint(0, 2))
        if rng.random() < 0.15:
            tags.append(names[rng.randrange(len(names))])
        docs.append(
            Doc(
                f"post-{i:06d}",
                topic,
                title,
                " ".join(sentences),
                tuple(dict.fromkeys(tags)),
                start + timedelta(hours=7 * i),
            )
        )
    return docs


def quality_corpus(per_topic: int = 30, seed: int = 7) -> list[Doc]:
    return _make(random.Random(seed), per_topic * len(TOPICS), TOPICS, EVERYDAY, 90)


_SYLLABLES = [
    c + v
    for c in "bdfghjklmnprstvwz"
    for v in ("a", "e", "i", "o", "u", "aa", "ee", "oe", "ij", "ou")
]


def scale_corpus(n: int, seed: int = 11) -> list[Doc]:
    """``n`` posts, one subject per ~100 posts, made-up words, ~150 words each."""
    rng = random.Random(seed)
    subjects = max(10, n // 100)

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))

    topics = {
        f"onderwerp{k:05d}": [[w, w + "en", w + "er"] for w in (word() for _ in range(12))]
        for k in range(subjects)
    }
    everyday = EVERYDAY + [word() for _ in range(3000)]
    return _make(rng, n, topics, everyday, 150)
