"""The thirty subjects of the bench corpus, in our own Dutch words (see ``_words.py``)."""

from __future__ import annotations

from bench._words import Lexicon, lexicon

# Subject -> words. The key is also the subject's usual tag.
THEMES: dict[str, Lexicon] = {
    "prijzen": lexicon(
        "prijs/prijzen korting/kortingen marge/marges prijskaartje/prijskaartjes "
        "inkoopprijs/inkoopprijzen aanbieding/aanbiedingen prijsstijging/prijsstijgingen "
        "kostprijs/kostprijzen winstmarge/winstmarges prijslijst/prijslijsten "
        "afprijzing/afprijzingen bedrag/bedragen prijsvechter/prijsvechters",
        "verhogen/verhoogt/verhoogd verlagen/verlaagt/verlaagd rekenen/rekent/gerekend "
        "afprijzen/prijst/afgeprijsd berekenen/berekent/berekend",
        "duur/dure goedkoop/goedkope eerlijk/eerlijke scherp/scherpe",
    ),
    "etalage": lexicon(
        "etalage/etalages etaleur/etaleurs raam/ramen voorbijganger/voorbijgangers "
        "decor/decors blikvanger/blikvangers paspop/paspoppen spotje/spotjes sokkel/sokkels "
        "thema/thema's verlichting/verlichtingen glas/glazen etalagepop/etalagepoppen",
        "etaleren/etaleert/geëtaleerd opvallen/valt/opgevallen verlichten/verlicht/verlicht "
        "wisselen/wisselt/gewisseld stilstaan/staat/stilgestaan",
        "opvallend/opvallende sfeervol/sfeervolle kleurrijk/kleurrijke",
    ),
    "personeel": lexicon(
        "medewerker/medewerkers collega/collega's rooster/roosters sollicitatie/sollicitaties "
        "sollicitant/sollicitanten salaris/salarissen contract/contracten "
        "ziekteverzuim vakantiekracht/vakantiekrachten werkgever/werkgevers "
        "functioneringsgesprek/functioneringsgesprekken vacature/vacatures uurloon/uurlonen",
        "inwerken/werkt/ingewerkt aannemen/neemt/aangenomen solliciteren/solliciteert/"
        "gesolliciteerd inroosteren/roostert/ingeroosterd begeleiden/begeleidt/begeleid",
        "betrokken ervaren parttime",
    ),
    "verkoop": lexicon(
        "verkoper/verkopers advies/adviezen bijverkoop/bijverkopen behoefte/behoeften "
        "aankoop/aankopen verkoopgesprek/verkoopgesprekken cadeau/cadeaus twijfel/twijfels "
        "aanrader/aanraders verkoopvak verkooptechniek/verkooptechnieken",
        "verkopen/verkoopt/verkocht adviseren/adviseert/geadviseerd aanraden/raadt/aangeraden "
        "overtuigen/overtuigt/overtuigd luisteren/luistert/geluisterd",
        "opdringerig/opdringerige overtuigend/overtuigende behulpzaam/behulpzame",
    ),
    "social": lexicon(
        "instagram foto/foto's volger/volgers bericht/berichten story/stories "
        "reactie/reacties hashtag/hashtags filmpje/filmpjes algoritme/algoritmes bereik "
        "facebook tiktok account/accounts tijdlijn/tijdlijnen",
        "posten/post/gepost fotograferen/fotografeert/gefotografeerd "
        "reageren/reageert/gereageerd delen/deelt/gedeeld filmen/filmt/gefilmd",
        "zichtbaar/zichtbare viraal/virale",
    ),
    "voorraad": lexicon(
        "voorraad/voorraden bestelling/bestellingen leverancier/leveranciers "
        "magazijn/magazijnen telling/tellingen levering/leveringen doos/dozen pallet/pallets "
        "inventaris/inventarissen nabestelling/nabestellingen levertijd/levertijden "
        "voorraadbeheer",
        "bestellen/bestelt/besteld tellen/telt/geteld leveren/levert/geleverd "
        "opslaan/slaat/opgeslagen aanvullen/vult/aangevuld",
        "uitverkocht/uitverkochte leverbaar/leverbare courant/courante",
    ),
    "kassa": lexicon(
        "kassa/kassa's pinautomaat/pinautomaten bon/bonnen bonnetje/bonnetjes wisselgeld "
        "kassasysteem/kassasystemen storing/storingen betaling/betalingen terminal/terminals "
        "dagafsluiting/dagafsluitingen kasverschil/kasverschillen transactie/transacties "
        "kassalade/kassalades",
        "pinnen/pint/gepind betalen/betaalt/betaald scannen/scant/gescand storen/stoort/gestoord",
        "contactloos/contactloze contant/contante digitaal/digitale",
    ),
    "webshop": lexicon(
        "webshop/webshops website/websites pakket/pakketten pakketje/pakketjes "
        "retour/retouren bezorger/bezorgers winkelwagen/winkelwagens "
        "zoekmachine/zoekmachines productpagina/productpagina's verzendkosten "
        "checkout domeinnaam/domeinnamen verzendlabel/verzendlabels",
        "verzenden/verzendt/verzonden retourneren/retourneert/geretourneerd "
        "bezorgen/bezorgt/bezorgd inpakken/pakt/ingepakt klikken/klikt/geklikt",
        "online gratis",
    ),
    "klachten": lexicon(
        "klacht/klachten excuus/excuses garantie/garanties teleurstelling/teleurstellingen "
        "review/reviews terugbetaling/terugbetalingen misverstand/misverstanden "
        "schade/schades ruil klachtenbrief/klachtenbrieven ongenoegen",
        "klagen/klaagt/geklaagd ruilen/ruilt/geruild oplossen/lost/opgelost "
        "terugbetalen/betaalt/terugbetaald compenseren/compenseert/gecompenseerd",
        "boos/boze teleurgesteld/teleurgestelde kapot/kapotte",
    ),
    "inrichting": lexicon(
        "inrichting/inrichtingen looproute/looproutes vloer/vloeren meubel/meubels "
        "toonbank/toonbanken paskamer/paskamers indeling/indelingen rek/rekken "
        "plafond/plafonds ingang/ingangen schap/schappen gangpad/gangpaden "
        "verbouwing/verbouwingen",
        "inrichten/richt/ingericht verbouwen/verbouwt/verbouwd "
        "verschuiven/verschuift/verschoven schilderen/schildert/geschilderd",
        "ruim/ruime overzichtelijk/overzichtelijke krap/krappe",
    ),
    "boekhouding": lexicon(
        "boekhouding/boekhoudingen factuur/facturen boekhouder/boekhouders "
        "accountant/accountants kasboek/kasboeken aangifte/aangiften belasting/belastingen "
        "jaarrekening/jaarrekeningen administratie/administraties kwartaal/kwartalen "
        "afschrijving/afschrijvingen balans/balansen debiteur/debiteuren",
        "boeken/boekt/geboekt factureren/factureert/gefactureerd "
        "declareren/declareert/gedeclareerd aftrekken/trekt/afgetrokken",
        "fiscaal/fiscale financieel/financiële achterstallig/achterstallige",
    ),
    "financiering": lexicon(
        "lening/leningen bank/banken krediet/kredieten rente/rentes "
        "investering/investeringen investeerder/investeerders crowdfunding "
        "aflossing/aflossingen ondernemingsplan/ondernemingsplannen spaargeld "
        "subsidie/subsidies kapitaal financier/financiers",
        "lenen/leent/geleend investeren/investeert/geïnvesteerd aflossen/lost/afgelost "
        "financieren/financiert/gefinancierd sparen/spaart/gespaard",
        "rendabel/rendabele risicovol/risicovolle",
    ),
    "pand": lexicon(
        "pand/panden huur/huren verhuurder/verhuurders huurcontract/huurcontracten "
        "winkelstraat/winkelstraten leegstand locatie/locaties makelaar/makelaars "
        "huurprijs/huurprijzen winkelcentrum/winkelcentra bovenwoning/bovenwoningen "
        "onderhoud gevel/gevels",
        "huren/huurt/gehuurd verhuizen/verhuist/verhuisd opzeggen/zegt/opgezegd "
        "onderhandelen/onderhandelt/onderhandeld",
        "leegstaand/leegstaande centraal/centrale betaalbaar/betaalbare",
    ),
    "duurzaamheid": lexicon(
        "afval verpakking/verpakkingen plastic hergebruik statiegeld tas/tassen "
        "duurzaamheid recycling milieu zonnepaneel/zonnepanelen keurmerk/keurmerken "
        "kringloop afvalbak/afvalbakken",
        "recyclen/recyclet/gerecycled hergebruiken/hergebruikt/hergebruikt "
        "scheiden/scheidt/gescheiden besparen/bespaart/bespaard",
        "duurzaam/duurzame biologisch/biologische herbruikbaar/herbruikbare groen/groene",
    ),
    "evenementen": lexicon(
        "workshop/workshops evenement/evenementen proeverij/proeverijen lezing/lezingen "
        "aanmelding/aanmeldingen deelnemer/deelnemers uitnodiging/uitnodigingen "
        "borrel/borrels signeersessie/signeersessies opening/openingen "
        "programma/programma's gastspreker/gastsprekers",
        "organiseren/organiseert/georganiseerd uitnodigen/nodigt/uitgenodigd "
        "aanmelden/meldt/aangemeld proeven/proeft/geproefd",
        "gezellig/gezellige feestelijk/feestelijke",
    ),
    "feestdagen": lexicon(
        "kerst sinterklaas december feestdag/feestdagen cadeaupapier decemberdrukte "
        "koopavond/koopavonden kerstboom/kerstbomen surprise/surprises kerstmarkt/kerstmarkten "
        "oliebol/oliebollen kerstpakket/kerstpakketten strik/strikken",
        "versieren/versiert/versierd vieren/viert/gevierd voorbereiden/bereidt/voorbereid",
        "winters/winterse",
    ),
    "nieuwsbrief": lexicon(
        "nieuwsbrief/nieuwsbrieven abonnee/abonnees mailing/mailings "
        "onderwerpregel/onderwerpregels inschrijving/inschrijvingen mailadres/mailadressen "
        "afmelding/afmeldingen mailprogramma/mailprogramma's inbox/inboxen "
        "openingspercentage verzendlijst/verzendlijsten",
        "mailen/mailt/gemaild inschrijven/schrijft/ingeschreven afmelden/meldt/afgemeld "
        "versturen/verstuurt/verstuurd",
        "wekelijks/wekelijkse maandelijks/maandelijkse",
    ),
    "loyaliteit": lexicon(
        "klantenkaart/klantenkaarten stempelkaart/stempelkaarten spaarpunt/spaarpunten "
        "stamgast/stamgasten trouw beloning/beloningen spaaractie/spaaracties "
        "verjaardag/verjaardagen ledenvoordeel klantenbestand",
        "belonen/beloont/beloond terugkomen/komt/teruggekomen waarderen/waardeert/gewaardeerd",
        "trouw/trouwe vast/vaste",
    ),
    "samenwerking": lexicon(
        "buurman/buurmannen ondernemersvereniging/ondernemersverenigingen "
        "samenwerking/samenwerkingen centrummanager/centrummanagers braderie/braderieën "
        "koopzondag/koopzondagen vergadering/vergaderingen contributie "
        "winkeliersvereniging/winkeliersverenigingen actiecomité/actiecomités",
        "samenwerken/werkt/samengewerkt vergaderen/vergadert/vergaderd "
        "afspreken/spreekt/afgesproken",
        "gezamenlijk/gezamenlijke lokaal/lokale",
    ),
    "gemeente": lexicon(
        "gemeente/gemeenten vergunning/vergunningen parkeerplaats/parkeerplaatsen "
        "wethouder/wethouders regel/regels reclamebord/reclameborden terras/terrassen "
        "handhaving bestemmingsplan/bestemmingsplannen parkeergeld leges ambtenaar/ambtenaren",
        "aanvragen/vraagt/aangevraagd parkeren/parkeert/geparkeerd "
        "handhaven/handhaaft/gehandhaafd toestaan/staat/toegestaan",
        "verplicht/verplichte gemeentelijk/gemeentelijke",
    ),
    "beveiliging": lexicon(
        "winkeldief/winkeldieven diefstal/diefstallen camera/camera's alarm/alarmen "
        "bewaking inbraak/inbraken politie beveiliger/beveiligers spiegel/spiegels "
        "slot/sloten rolluik/rolluiken beveiligingspoortje/beveiligingspoortjes",
        "stelen/steelt/gestolen betrappen/betrapt/betrapt beveiligen/beveiligt/beveiligd "
        "inbreken/breekt/ingebroken",
        "verdacht/verdachte veilig/veilige",
    ),
    "energie": lexicon(
        "energierekening/energierekeningen stroom verwarming/verwarmingen "
        "thermostaat/thermostaten gas isolatie ledlamp/ledlampen deurgordijn/deurgordijnen "
        "kachel/kachels energieverbruik meterstand/meterstanden energieleverancier",
        "verwarmen/verwarmt/verwarmd isoleren/isoleert/geïsoleerd stoken/stookt/gestookt "
        "verbruiken/verbruikt/verbruikt",
        "zuinig/zuinige koud/koude warm/warme",
    ),
    "opvolging": lexicon(
        "opvolger/opvolgers overname/overnames opvolging koper/kopers "
        "familiebedrijf/familiebedrijven pensioen dochter/dochters zoon/zonen overdracht "
        "waardebepaling generatie/generaties levenswerk",
        "overnemen/neemt/overgenomen overdragen/draagt/overgedragen stoppen/stopt/gestopt "
        "opvolgen/volgt/opgevolgd",
        "emotioneel/emotionele",
    ),
    "werkdruk": lexicon(
        "werkdruk stress vakantie/vakanties rust slaap gezin/gezinnen burnout "
        "grens/grenzen pauze/pauzes weekend/weekenden huisarts ontspanning",
        "ontspannen/ontspant/ontspannen slapen/slaapt/geslapen "
        "delegeren/delegeert/gedelegeerd uitrusten/rust/uitgerust",
        "moe/moede vermoeid/vermoeide gezond/gezonde",
    ),
    "branding": lexicon(
        "logo/logo's huisstijl/huisstijlen naam/namen merk/merken uitstraling "
        "lettertype/lettertypes ontwerper/ontwerpers uithangbord/uithangborden "
        "draagtas/draagtassen visitekaartje/visitekaartjes slogan/slogans "
        "winkelnaam/winkelnamen",
        "ontwerpen/ontwerpt/ontworpen herkennen/herkent/herkend vernieuwen/vernieuwt/vernieuwd",
        "herkenbaar/herkenbare eigentijds/eigentijdse stijlvol/stijlvolle",
    ),
    "reparatie": lexicon(
        "reparatie/reparaties tweedehands onderdeel/onderdelen gereedschap "
        "werkbank/werkbanken occasion/occasions inruil reparateur/reparateurs levensduur "
        "slijtage reparatiebon/reparatiebonnen",
        "repareren/repareert/gerepareerd inruilen/ruilt/ingeruild vervangen/vervangt/vervangen "
        "opknappen/knapt/opgeknapt",
        "versleten gebruikt/gebruikte degelijk/degelijke",
    ),
    "markt": lexicon(
        "markt/markten kraam/kramen marktkoopman/marktkooplieden standplaats/standplaatsen "
        "marktdag/marktdagen kraampje/kraampjes luifel/luifels marktmeester/marktmeesters "
        "busje/busjes aggregaat/aggregaten marktplein/marktpleinen",
        "opbouwen/bouwt/opgebouwd afbreken/breekt/afgebroken roepen/roept/geroepen "
        "uitstallen/stalt/uitgestald",
        "winderig/winderige nat/natte",
    ),
    "pers": lexicon(
        "krant/kranten journalist/journalisten interview/interviews "
        "persbericht/persberichten radio omroep/omroepen verslaggever/verslaggevers "
        "publiciteit redactie/redacties fotograaf/fotografen weekblad/weekbladen "
        "krantenartikel/krantenartikelen",
        "interviewen/interviewt/geïnterviewd publiceren/publiceert/gepubliceerd "
        "benaderen/benadert/benaderd",
        "regionaal/regionale landelijk/landelijke",
    ),
    "podcast": lexicon(
        "microfoon/microfoons opname/opnames aflevering/afleveringen luisteraar/luisteraars "
        "montage studio/studio's gast/gasten koptelefoon/koptelefoons intro/intro's geluid "
        "script/scripts podcast/podcasts",
        "opnemen/neemt/opgenomen monteren/monteert/gemonteerd beluisteren/beluistert/beluisterd "
        "praten/praat/gepraat",
        "helder/heldere",
    ),
    "inkoop": lexicon(
        "beurs/beurzen inkoper/inkopers collectie/collecties showroom/showrooms "
        "vertegenwoordiger/vertegenwoordigers minimumafname assortiment/assortimenten "
        "handelsbeurs/handelsbeurzen noviteit/noviteiten catalogus/catalogi "
        "groothandel/groothandels",
        "inkopen/koopt/ingekocht selecteren/selecteert/geselecteerd kiezen/kiest/gekozen",
        "exclusief/exclusieve trendy",
    ),
}
