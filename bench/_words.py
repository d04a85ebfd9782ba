"""The vocabulary of the bench corpus: our own Dutch word lists for a shop-owner blog.

Thirty subjects (in ``_subjects.py``: the topic labels precision@5 is measured against),
sixteen kinds of shop (a confounder: two posts about the bakery share many words whatever
their subject), and an everyday vocabulary every post uses. Words are grouped into lemmas
with their inflected forms, so only stemming joins ``verhogen``, ``verhoogt`` and
``verhoogd``:

- nouns ``singular/plural``; verbs ``infinitive/3rd person/participle``;
- adjectives ``predicative/attributive`` (``duur/dure``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lexicon:
    """The words of one subject, one kind of shop or the everyday language."""

    nouns: tuple[tuple[str, str], ...]
    verbs: tuple[tuple[str, str, str], ...] = ()
    adjectives: tuple[tuple[str, str], ...] = ()


def lexicon(nouns: str, verbs: str = "", adjectives: str = "") -> Lexicon:
    def split(text: str, size: int) -> list[tuple[str, ...]]:
        out = []
        for group in text.split():
            forms = tuple(group.split("/"))
            out.append(forms if len(forms) == size else (forms[0],) * size)
        return out

    return Lexicon(
        nouns=tuple((a, b) for a, b in split(nouns, 2)),
        verbs=tuple((a, b, c) for a, b, c in split(verbs, 3)),
        adjectives=tuple((a, b) for a, b in split(adjectives, 2)),
    )


# Kinds of shop: the noun a sentence uses for the shop, and what it sells.
SHOPS: dict[str, Lexicon] = {
    "bakkerij": lexicon(
        "brood/broden taart/taarten deeg oven/ovens croissant/croissants bakker/bakkers meel "
        "koekje/koekjes"
    ),
    "boekhandel": lexicon(
        "boek/boeken roman/romans schrijver/schrijvers lezer/lezers uitgever/uitgevers "
        "kinderboek/kinderboeken boekenkast/boekenkasten bestseller/bestsellers"
    ),
    "fietsenwinkel": lexicon(
        "fiets/fietsen band/banden ketting/kettingen zadel/zadels fietsenmaker/fietsenmakers "
        "ebike/ebikes stuur/sturen fietstas/fietstassen"
    ),
    "bloemenwinkel": lexicon(
        "bloem/bloemen boeket/boeketten tulp/tulpen plant/planten vaas/vazen "
        "bloemist/bloemisten kamerplant/kamerplanten snijbloem/snijbloemen"
    ),
    "kaaswinkel": lexicon(
        "kaas/kazen boer/boeren melk plakje/plakjes kaasschaaf/kaasschaven geitenkaas "
        "kaasmes/kaasmessen blokje/blokjes"
    ),
    "kapsalon": lexicon(
        "kapper/kappers knipbeurt/knipbeurten haar/haren schaar/scharen shampoo/shampoos "
        "kapsel/kapsels kappersstoel/kappersstoelen haarverf"
    ),
    "slagerij": lexicon(
        "vlees slager/slagers worst/worsten gehakt biefstuk/biefstukken rookvlees vleeswaren "
        "hamlap/hamlappen"
    ),
    "speelgoedwinkel": lexicon(
        "speelgoed puzzel/puzzels knuffel/knuffels bordspel/bordspellen blok/blokken "
        "kind/kinderen speelgoedauto/speelgoedauto's pop/poppen"
    ),
    "kledingwinkel": lexicon(
        "jas/jassen broek/broeken jurk/jurken maat/maten trui/truien stof/stoffen "
        "overhemd/overhemden sjaal/sjaals"
    ),
    "ijzerwinkel": lexicon(
        "schroef/schroeven spijker/spijkers hamer/hamers boor/boren verf kwast/kwasten "
        "moer/moeren zaag/zagen"
    ),
    "wijnhandel": lexicon(
        "wijn/wijnen fles/flessen druif/druiven wijnboer/wijnboeren kurk/kurken "
        "wijnkaart/wijnkaarten champagne wijnglas/wijnglazen"
    ),
    "brillenwinkel": lexicon(
        "bril/brillen lens/lenzen montuur/monturen oogmeting/oogmetingen opticien/opticiens "
        "zonnebril/zonnebrillen contactlens/contactlenzen brillenkoker/brillenkokers"
    ),
    "theewinkel": lexicon(
        "thee/theeën theepot/theepotten kruiden theezakje/theezakjes melange/melanges "
        "kopje/kopjes theeblad/theebladeren waterkoker/waterkokers"
    ),
    "cadeauwinkel": lexicon(
        "kaars/kaarsen kaart/kaarten servet/servetten mok/mokken sieraad/sieraden "
        "fotolijst/fotolijsten woonaccessoire/woonaccessoires cadeaubon/cadeaubonnen"
    ),
    "platenzaak": lexicon(
        "plaat/platen elpee/elpees muziek draaitafel/draaitafels hoes/hoezen "
        "verzamelaar/verzamelaars single/singles platenspeler/platenspelers"
    ),
    "dierenwinkel": lexicon(
        "hond/honden kat/katten voer brok/brokken aquarium/aquaria vis/vissen kooi/kooien "
        "halsband/halsbanden"
    ),
}

EVERYDAY = lexicon(
    "winkel/winkels klant/klanten dag/dagen week/weken jaar/jaren ochtend/ochtenden "
    "middag/middagen avond/avonden eigenaar/eigenaren zaak/zaken straat/straten stad/steden "
    "dorp/dorpen mens/mensen tijd/tijden geld werk deur/deuren buurt/buurten "
    "product/producten idee/ideeën plan/plannen vak/vakken ervaring/ervaringen "
    "verhaal/verhalen les/lessen begin keuze/keuzes gesprek/gesprekken moment/momenten "
    "manier/manieren fout/fouten succes/successen ondernemer/ondernemers "
    "winkelier/winkeliers koffie tafel/tafels telefoon/telefoons lijst/lijsten "
    "antwoord/antwoorden probleem/problemen voorbeeld/voorbeelden tip/tips stap/stappen "
    "doel/doelen resultaat/resultaten cijfer/cijfers uur/uren maand/maanden "
    "seizoen/seizoenen gevoel/gevoelens kwaliteit aandacht hulp kans/kansen "
    "risico/risico's beslissing/beslissingen gewoonte/gewoonten vraag/vragen",
    "beginnen/begint/begonnen werken/werkt/gewerkt merken/merkt/gemerkt leren/leert/geleerd "
    "proberen/probeert/geprobeerd vragen/vraagt/gevraagd helpen/helpt/geholpen "
    "denken/denkt/gedacht vinden/vindt/gevonden zoeken/zoekt/gezocht houden/houdt/gehouden "
    "veranderen/verandert/veranderd besluiten/besluit/besloten plannen/plant/gepland "
    "kijken/kijkt/gekeken lopen/loopt/gelopen schrijven/schrijft/geschreven "
    "vertellen/vertelt/verteld ontdekken/ontdekt/ontdekt verbeteren/verbetert/verbeterd "
    "bespreken/bespreekt/besproken regelen/regelt/geregeld",
    "goed/goede groot/grote klein/kleine nieuw/nieuwe oud/oude snel/snelle rustig/rustige "
    "druk/drukke lastig/lastige makkelijk/makkelijke belangrijk/belangrijke "
    "duidelijk/duidelijke simpel/simpele handig/handige eigen zelfstandig/zelfstandige "
    "slim/slimme",
)


def _list(text: str) -> tuple[str, ...]:
    """Words separated by spaces; ``_`` stands for a space inside one (``de_Vries``)."""
    return tuple(word.replace("_", " ") for word in text.split())


FIRST_NAMES = _list(
    "Fenna Joost Noor Sanne Bram Lotte Daan Iris Ruben Esther Mehmet Fatima Kees Anouk "
    "Pieter Marieke Sem Yara Wouter Ilse Hasan Mila Gijs Eva Thijs Jelle Nadia Koen Femke"
)
LAST_NAMES = _list(
    "de_Vries Jansen Visser Smit Meijer Mulder de_Groot Bos Vos Peters Hendriks "
    "van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf van_der_Meer Kok Jacobs "
    "de_Haan Vermeulen van_den_Berg Schouten Willems Hoekstra Maas Verhoeven Koster Prins "
    "Blom Huisman Kuipers van_Dam Postma Veenstra Kramer Scholten van_Wijk Timmermans"
)
DAYS = _list("maandag dinsdag woensdag donderdag vrijdag zaterdag")
GENERIC_TAGS = _list(
    "tips ondernemen winkel klanten lessen praktijk interview ervaringen nieuws achtergrond "
    "column vraag-en-antwoord zelfstandig mkb binnenstad"
)
