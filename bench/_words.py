"""The vocabulary of the bench corpus: our own Dutch word lists for a shop-owner blog.

Thirty subjects (the topic labels precision@5 is measured against), sixteen kinds of shop
(a confounder: two posts about the bakery share many words whatever their subject), and an
everyday vocabulary every post uses. Words are grouped into lemmas with their inflected
forms, so only stemming joins ``verhogen``, ``verhoogt`` and ``verhoogd``:

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


def _lexicon(nouns: str, verbs: str = "", adjectives: str = "") -> Lexicon:
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


# Subject -> words. The key is also the subject's usual tag.
THEMES: dict[str, Lexicon] = {
    "prijzen": _lexicon(
        "prijs/prijzen korting/kortingen marge/marges prijskaartje/prijskaartjes "
        "inkoopprijs/inkoopprijzen aanbieding/aanbiedingen prijsstijging/prijsstijgingen "
        "kostprijs/kostprijzen winstmarge/winstmarges prijslijst/prijslijsten "
        "afprijzing/afprijzingen bedrag/bedragen prijsvechter/prijsvechters",
        "verhogen/verhoogt/verhoogd verlagen/verlaagt/verlaagd rekenen/rekent/gerekend "
        "afprijzen/prijst/afgeprijsd berekenen/berekent/berekend",
        "duur/dure goedkoop/goedkope eerlijk/eerlijke scherp/scherpe",
    ),
    "etalage": _lexicon(
        "etalage/etalages etaleur/etaleurs raam/ramen voorbijganger/voorbijgangers "
        "decor/decors blikvanger/blikvangers paspop/paspoppen spotje/spotjes sokkel/sokkels "
        "thema/thema's verlichting/verlichtingen glas/glazen etalagepop/etalagepoppen",
        "etaleren/etaleert/geëtaleerd opvallen/valt/opgevallen verlichten/verlicht/verlicht "
        "wisselen/wisselt/gewisseld stilstaan/staat/stilgestaan",
        "opvallend/opvallende sfeervol/sfeervolle kleurrijk/kleurrijke",
    ),
    "personeel": _lexicon(
        "medewerker/medewerkers collega/collega's rooster/roosters sollicitatie/sollicitaties "
        "sollicitant/sollicitanten salaris/salarissen contract/contracten "
        "ziekteverzuim vakantiekracht/vakantiekrachten werkgever/werkgevers "
        "functioneringsgesprek/functioneringsgesprekken vacature/vacatures uurloon/uurlonen",
        "inwerken/werkt/ingewerkt aannemen/neemt/aangenomen solliciteren/solliciteert/"
        "gesolliciteerd inroosteren/roostert/ingeroosterd begeleiden/begeleidt/begeleid",
        "betrokken ervaren parttime",
    ),
    "verkoop": _lexicon(
        "verkoper/verkopers advies/adviezen bijverkoop/bijverkopen behoefte/behoeften "
        "aankoop/aankopen verkoopgesprek/verkoopgesprekken cadeau/cadeaus twijfel/twijfels "
        "aanrader/aanraders verkoopvak verkooptechniek/verkooptechnieken",
        "verkopen/verkoopt/verkocht adviseren/adviseert/geadviseerd aanraden/raadt/aangeraden "
        "overtuigen/overtuigt/overtuigd luisteren/luistert/geluisterd",
        "opdringerig/opdringerige overtuigend/overtuigende behulpzaam/behulpzame",
    ),
    "social": _lexicon(
        "instagram foto/foto's volger/volgers bericht/berichten story/stories "
        "reactie/reacties hashtag/hashtags filmpje/filmpjes algoritme/algoritmes bereik "
        "facebook tiktok account/accounts tijdlijn/tijdlijnen",
        "posten/post/gepost fotograferen/fotografeert/gefotografeerd "
        "reageren/reageert/gereageerd delen/deelt/gedeeld filmen/filmt/gefilmd",
        "zichtbaar/zichtbare viraal/virale",
    ),
    "voorraad": _lexicon(
        "voorraad/voorraden bestelling/bestellingen leverancier/leveranciers "
        "magazijn/magazijnen telling/tellingen levering/leveringen doos/dozen pallet/pallets "
        "inventaris/inventarissen nabestelling/nabestellingen levertijd/levertijden "
        "voorraadbeheer",
        "bestellen/bestelt/besteld tellen/telt/geteld leveren/levert/geleverd "
        "opslaan/slaat/opgeslagen aanvullen/vult/aangevuld",
        "uitverkocht/uitverkochte leverbaar/leverbare courant/courante",
    ),
    "kassa": _lexicon(
        "kassa/kassa's pinautomaat/pinautomaten bon/bonnen bonnetje/bonnetjes wisselgeld "
        "kassasysteem/kassasystemen storing/storingen betaling/betalingen terminal/terminals "
        "dagafsluiting/dagafsluitingen kasverschil/kasverschillen transactie/transacties "
        "kassalade/kassalades",
        "pinnen/pint/gepind betalen/betaalt/betaald scannen/scant/gescand storen/stoort/gestoord",
        "contactloos/contactloze contant/contante digitaal/digitale",
    ),
    "webshop": _lexicon(
        "webshop/webshops website/websites pakket/pakketten pakketje/pakketjes "
        "retour/retouren bezorger/bezorgers winkelwagen/winkelwagens "
        "zoekmachine/zoekmachines productpagina/productpagina's verzendkosten "
        "checkout domeinnaam/domeinnamen verzendlabel/verzendlabels",
        "verzenden/verzendt/verzonden retourneren/retourneert/geretourneerd "
        "bezorgen/bezorgt/bezorgd inpakken/pakt/ingepakt klikken/klikt/geklikt",
        "online gratis",
    ),
    "klachten": _lexicon(
        "klacht/klachten excuus/excuses garantie/garanties teleurstelling/teleurstellingen "
        "review/reviews terugbetaling/terugbetalingen misverstand/misverstanden "
        "schade/schades ruil klachtenbrief/klachtenbrieven ongenoegen",
        "klagen/klaagt/geklaagd ruilen/ruilt/geruild oplossen/lost/opgelost "
        "terugbetalen/betaalt/terugbetaald compenseren/compenseert/gecompenseerd",
        "boos/boze teleurgesteld/teleurgestelde kapot/kapotte",
    ),
    "inrichting": _lexicon(
        "inrichting/inrichtingen looproute/looproutes vloer/vloeren meubel/meubels "
        "toonbank/toonbanken paskamer/paskamers indeling/indelingen rek/rekken "
        "plafond/plafonds ingang/ingangen schap/schappen gangpad/gangpaden "
        "verbouwing/verbouwingen",
        "inrichten/richt/ingericht verbouwen/verbouwt/verbouwd "
        "verschuiven/verschuift/verschoven schilderen/schildert/geschilderd",
        "ruim/ruime overzichtelijk/overzichtelijke krap/krappe",
    ),
    "boekhouding": _lexicon(
        "boekhouding/boekhoudingen factuur/facturen boekhouder/boekhouders "
        "accountant/accountants kasboek/kasboeken aangifte/aangiften belasting/belastingen "
        "jaarrekening/jaarrekeningen administratie/administraties kwartaal/kwartalen "
        "afschrijving/afschrijvingen balans/balansen debiteur/debiteuren",
        "boeken/boekt/geboekt factureren/factureert/gefactureerd "
        "declareren/declareert/gedeclareerd aftrekken/trekt/afgetrokken",
        "fiscaal/fiscale financieel/financiële achterstallig/achterstallige",
    ),
    "financiering": _lexicon(
        "lening/leningen bank/banken krediet/kredieten rente/rentes "
        "investering/investeringen investeerder/investeerders crowdfunding "
        "aflossing/aflossingen ondernemingsplan/ondernemingsplannen spaargeld "
        "subsidie/subsidies kapitaal financier/financiers",
        "lenen/leent/geleend investeren/investeert/geïnvesteerd aflossen/lost/afgelost "
        "financieren/financiert/gefinancierd sparen/spaart/gespaard",
        "rendabel/rendabele risicovol/risicovolle",
    ),
    "pand": _lexicon(
        "pand/panden huur/huren verhuurder/verhuurders huurcontract/huurcontracten "
        "winkelstraat/winkelstraten leegstand locatie/locaties makelaar/makelaars "
        "huurprijs/huurprijzen winkelcentrum/winkelcentra bovenwoning/bovenwoningen "
        "onderhoud gevel/gevels",
        "huren/huurt/gehuurd verhuizen/verhuist/verhuisd opzeggen/zegt/opgezegd "
        "onderhandelen/onderhandelt/onderhandeld",
        "leegstaand/leegstaande centraal/centrale betaalbaar/betaalbare",
    ),
    "duurzaamheid": _lexicon(
        "afval verpakking/verpakkingen plastic hergebruik statiegeld tas/tassen "
        "duurzaamheid recycling milieu zonnepaneel/zonnepanelen keurmerk/keurmerken "
        "kringloop afvalbak/afvalbakken",
        "recyclen/recyclet/gerecycled hergebruiken/hergebruikt/hergebruikt "
        "scheiden/scheidt/gescheiden besparen/bespaart/bespaard",
        "duurzaam/duurzame biologisch/biologische herbruikbaar/herbruikbare groen/groene",
    ),
    "evenementen": _lexicon(
        "workshop/workshops evenement/evenementen proeverij/proeverijen lezing/lezingen "
        "aanmelding/aanmeldingen deelnemer/deelnemers uitnodiging/uitnodigingen "
        "borrel/borrels signeersessie/signeersessies opening/openingen "
        "programma/programma's gastspreker/gastsprekers",
        "organiseren/organiseert/georganiseerd uitnodigen/nodigt/uitgenodigd "
        "aanmelden/meldt/aangemeld proeven/proeft/geproefd",
        "gezellig/gezellige feestelijk/feestelijke",
    ),
    "feestdagen": _lexicon(
        "kerst sinterklaas december feestdag/feestdagen cadeaupapier decemberdrukte "
        "koopavond/koopavonden kerstboom/kerstbomen surprise/surprises kerstmarkt/kerstmarkten "
        "oliebol/oliebollen kerstpakket/kerstpakketten strik/strikken",
        "versieren/versiert/versierd vieren/viert/gevierd voorbereiden/bereidt/voorbereid",
        "winters/winterse",
    ),
    "nieuwsbrief": _lexicon(
        "nieuwsbrief/nieuwsbrieven abonnee/abonnees mailing/mailings "
        "onderwerpregel/onderwerpregels inschrijving/inschrijvingen mailadres/mailadressen "
        "afmelding/afmeldingen mailprogramma/mailprogramma's inbox/inboxen "
        "openingspercentage verzendlijst/verzendlijsten",
        "mailen/mailt/gemaild inschrijven/schrijft/ingeschreven afmelden/meldt/afgemeld "
        "versturen/verstuurt/verstuurd",
        "wekelijks/wekelijkse maandelijks/maandelijkse",
    ),
    "loyaliteit": _lexicon(
        "klantenkaart/klantenkaarten stempelkaart/stempelkaarten spaarpunt/spaarpunten "
        "stamgast/stamgasten trouw beloning/beloningen spaaractie/spaaracties "
        "verjaardag/verjaardagen ledenvoordeel klantenbestand",
        "belonen/beloont/beloond terugkomen/komt/teruggekomen waarderen/waardeert/gewaardeerd",
        "trouw/trouwe vast/vaste",
    ),
    "samenwerking": _lexicon(
        "buurman/buurmannen ondernemersvereniging/ondernemersverenigingen "
        "samenwerking/samenwerkingen centrummanager/centrummanagers braderie/braderieën "
        "koopzondag/koopzondagen vergadering/vergaderingen contributie "
        "winkeliersvereniging/winkeliersverenigingen actiecomité/actiecomités",
        "samenwerken/werkt/samengewerkt vergaderen/vergadert/vergaderd "
        "afspreken/spreekt/afgesproken",
        "gezamenlijk/gezamenlijke lokaal/lokale",
    ),
    "gemeente": _lexicon(
        "gemeente/gemeenten vergunning/vergunningen parkeerplaats/parkeerplaatsen "
        "wethouder/wethouders regel/regels reclamebord/reclameborden terras/terrassen "
        "handhaving bestemmingsplan/bestemmingsplannen parkeergeld leges ambtenaar/ambtenaren",
        "aanvragen/vraagt/aangevraagd parkeren/parkeert/geparkeerd "
        "handhaven/handhaaft/gehandhaafd toestaan/staat/toegestaan",
        "verplicht/verplichte gemeentelijk/gemeentelijke",
    ),
    "beveiliging": _lexicon(
        "winkeldief/winkeldieven diefstal/diefstallen camera/camera's alarm/alarmen "
        "bewaking inbraak/inbraken politie beveiliger/beveiligers spiegel/spiegels "
        "slot/sloten rolluik/rolluiken beveiligingspoortje/beveiligingspoortjes",
        "stelen/steelt/gestolen betrappen/betrapt/betrapt beveiligen/beveiligt/beveiligd "
        "inbreken/breekt/ingebroken",
        "verdacht/verdachte veilig/veilige",
    ),
    "energie": _lexicon(
        "energierekening/energierekeningen stroom verwarming/verwarmingen "
        "thermostaat/thermostaten gas isolatie ledlamp/ledlampen deurgordijn/deurgordijnen "
        "kachel/kachels energieverbruik meterstand/meterstanden energieleverancier",
        "verwarmen/verwarmt/verwarmd isoleren/isoleert/geïsoleerd stoken/stookt/gestookt "
        "verbruiken/verbruikt/verbruikt",
        "zuinig/zuinige koud/koude warm/warme",
    ),
    "opvolging": _lexicon(
        "opvolger/opvolgers overname/overnames opvolging koper/kopers "
        "familiebedrijf/familiebedrijven pensioen dochter/dochters zoon/zonen overdracht "
        "waardebepaling generatie/generaties levenswerk",
        "overnemen/neemt/overgenomen overdragen/draagt/overgedragen stoppen/stopt/gestopt "
        "opvolgen/volgt/opgevolgd",
        "emotioneel/emotionele",
    ),
    "werkdruk": _lexicon(
        "werkdruk stress vakantie/vakanties rust slaap gezin/gezinnen burnout "
        "grens/grenzen pauze/pauzes weekend/weekenden huisarts ontspanning",
        "ontspannen/ontspant/ontspannen slapen/slaapt/geslapen "
        "delegeren/delegeert/gedelegeerd uitrusten/rust/uitgerust",
        "moe/moede vermoeid/vermoeide gezond/gezonde",
    ),
    "branding": _lexicon(
        "logo/logo's huisstijl/huisstijlen naam/namen merk/merken uitstraling "
        "lettertype/lettertypes ontwerper/ontwerpers uithangbord/uithangborden "
        "draagtas/draagtassen visitekaartje/visitekaartjes slogan/slogans "
        "winkelnaam/winkelnamen",
        "ontwerpen/ontwerpt/ontworpen herkennen/herkent/herkend vernieuwen/vernieuwt/vernieuwd",
        "herkenbaar/herkenbare eigentijds/eigentijdse stijlvol/stijlvolle",
    ),
    "reparatie": _lexicon(
        "reparatie/reparaties tweedehands onderdeel/onderdelen gereedschap "
        "werkbank/werkbanken occasion/occasions inruil reparateur/reparateurs levensduur "
        "slijtage reparatiebon/reparatiebonnen",
        "repareren/repareert/gerepareerd inruilen/ruilt/ingeruild vervangen/vervangt/vervangen "
        "opknappen/knapt/opgeknapt",
        "versleten gebruikt/gebruikte degelijk/degelijke",
    ),
    "markt": _lexicon(
        "markt/markten kraam/kramen marktkoopman/marktkooplieden standplaats/standplaatsen "
        "marktdag/marktdagen kraampje/kraampjes luifel/luifels marktmeester/marktmeesters "
        "busje/busjes aggregaat/aggregaten marktplein/marktpleinen",
        "opbouwen/bouwt/opgebouwd afbreken/breekt/afgebroken roepen/roept/geroepen "
        "uitstallen/stalt/uitgestald",
        "winderig/winderige nat/natte",
    ),
    "pers": _lexicon(
        "krant/kranten journalist/journalisten interview/interviews "
        "persbericht/persberichten radio omroep/omroepen verslaggever/verslaggevers "
        "publiciteit redactie/redacties fotograaf/fotografen weekblad/weekbladen "
        "krantenartikel/krantenartikelen",
        "interviewen/interviewt/geïnterviewd publiceren/publiceert/gepubliceerd "
        "benaderen/benadert/benaderd",
        "regionaal/regionale landelijk/landelijke",
    ),
    "podcast": _lexicon(
        "microfoon/microfoons opname/opnames aflevering/afleveringen luisteraar/luisteraars "
        "montage studio/studio's gast/gasten koptelefoon/koptelefoons intro/intro's geluid "
        "script/scripts podcast/podcasts",
        "opnemen/neemt/opgenomen monteren/monteert/gemonteerd beluisteren/beluistert/beluisterd "
        "praten/praat/gepraat",
        "helder/heldere",
    ),
    "inkoop": _lexicon(
        "beurs/beurzen inkoper/inkopers collectie/collecties showroom/showrooms "
        "vertegenwoordiger/vertegenwoordigers minimumafname assortiment/assortimenten "
        "handelsbeurs/handelsbeurzen noviteit/noviteiten catalogus/catalogi "
        "groothandel/groothandels",
        "inkopen/koopt/ingekocht selecteren/selecteert/geselecteerd kiezen/kiest/gekozen",
        "exclusief/exclusieve trendy",
    ),
}

# Kinds of shop: the noun a sentence uses for the shop, and what it sells.
SHOPS: dict[str, Lexicon] = {
    "bakkerij": _lexicon(
        "brood/broden taart/taarten deeg oven/ovens croissant/croissants bakker/bakkers meel "
        "koekje/koekjes"
    ),
    "boekhandel": _lexicon(
        "boek/boeken roman/romans schrijver/schrijvers lezer/lezers uitgever/uitgevers "
        "kinderboek/kinderboeken boekenkast/boekenkasten bestseller/bestsellers"
    ),
    "fietsenwinkel": _lexicon(
        "fiets/fietsen band/banden ketting/kettingen zadel/zadels fietsenmaker/fietsenmakers "
        "ebike/ebikes stuur/sturen fietstas/fietstassen"
    ),
    "bloemenwinkel": _lexicon(
        "bloem/bloemen boeket/boeketten tulp/tulpen plant/planten vaas/vazen "
        "bloemist/bloemisten kamerplant/kamerplanten snijbloem/snijbloemen"
    ),
    "kaaswinkel": _lexicon(
        "kaas/kazen boer/boeren melk plakje/plakjes kaasschaaf/kaasschaven geitenkaas "
        "kaasmes/kaasmessen blokje/blokjes"
    ),
    "kapsalon": _lexicon(
        "kapper/kappers knipbeurt/knipbeurten haar/haren schaar/scharen shampoo/shampoos "
        "kapsel/kapsels kappersstoel/kappersstoelen haarverf"
    ),
    "slagerij": _lexicon(
        "vlees slager/slagers worst/worsten gehakt biefstuk/biefstukken rookvlees vleeswaren "
        "hamlap/hamlappen"
    ),
    "speelgoedwinkel": _lexicon(
        "speelgoed puzzel/puzzels knuffel/knuffels bordspel/bordspellen blok/blokken "
        "kind/kinderen speelgoedauto/speelgoedauto's pop/poppen"
    ),
    "kledingwinkel": _lexicon(
        "jas/jassen broek/broeken jurk/jurken maat/maten trui/truien stof/stoffen "
        "overhemd/overhemden sjaal/sjaals"
    ),
    "ijzerwinkel": _lexicon(
        "schroef/schroeven spijker/spijkers hamer/hamers boor/boren verf kwast/kwasten "
        "moer/moeren zaag/zagen"
    ),
    "wijnhandel": _lexicon(
        "wijn/wijnen fles/flessen druif/druiven wijnboer/wijnboeren kurk/kurken "
        "wijnkaart/wijnkaarten champagne wijnglas/wijnglazen"
    ),
    "brillenwinkel": _lexicon(
        "bril/brillen lens/lenzen montuur/monturen oogmeting/oogmetingen opticien/opticiens "
        "zonnebril/zonnebrillen contactlens/contactlenzen brillenkoker/brillenkokers"
    ),
    "theewinkel": _lexicon(
        "thee/theeën theepot/theepotten kruiden theezakje/theezakjes melange/melanges "
        "kopje/kopjes theeblad/theebladeren waterkoker/waterkokers"
    ),
    "cadeauwinkel": _lexicon(
        "kaars/kaarsen kaart/kaarten servet/servetten mok/mokken sieraad/sieraden "
        "fotolijst/fotolijsten woonaccessoire/woonaccessoires cadeaubon/cadeaubonnen"
    ),
    "platenzaak": _lexicon(
        "plaat/platen elpee/elpees muziek draaitafel/draaitafels hoes/hoezen "
        "verzamelaar/verzamelaars single/singles platenspeler/platenspelers"
    ),
    "dierenwinkel": _lexicon(
        "hond/honden kat/katten voer brok/brokken aquarium/aquaria vis/vissen kooi/kooien "
        "halsband/halsbanden"
    ),
}

EVERYDAY = _lexicon(
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
