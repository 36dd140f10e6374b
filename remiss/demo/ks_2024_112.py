"""The text of Socialförvaltningen's tjänsteutlåtande on KS 2024/112, as data.

Source: the public Stockholm stad document in `tests/fixtures/tjansteutlatande-KS-2024-112.txt`.
Paragraphs are separated by a blank line; words broken over a page in the original are joined.
"""

import datetime as dt

AVSANDARE = "Kommunstyrelsen"
AVSANDARENS_DNR = "KS 2024/112"
RUBRIK = "Remiss av Kommunikationsprogram för Stockholms stad"
INKOM = dt.date(2024, 2, 27)
SVARSDATUM = dt.date(2024, 4, 30)
SAMMANTRADE = dt.date(2024, 4, 23)
#: The document's own date: the day it went for attest. The Stockholm layout does not print it.
DATUM = dt.date(2024, 4, 10)

BESLUTSPUNKTER = ["Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."]

AVSNITT = {
    "sammanfattning": """\
Stadsledningskontoret har tagit fram ett nytt kommunikationsprogram för Stockholms stad. \
Programmet ska ta vid som styrande dokument för nämnders och bolagsstyrelser \
kommunikationsarbete.

Förvaltningen är positiv till det föreslagna nya kommunikationsprogrammet. Ett gemensamt \
program ger förvaltningar och bolag en gemensam grund att stå på i kommunikationsarbetet.""",
    "bakgrund": """\
Stockholms stad har sedan mitten av 1990-talet haft övergripande riktlinjer för stadens \
kommunikation, där det senaste styrdokumentet är Kommunikationsprogram för Stockholms stad \
2017–2022 (dnr 179-2103/2016). Stadsledningskontoret har tagit fram ett nytt \
kommunikationsprogram, som ska ta vid som styrande dokument för nämnders och bolagsstyrelser \
kommunikationsarbete.""",
    "arendet": """\
Förslaget till kommunikationsprogram har utarbetats vid kommunikationsenheten vid \
stadsledningskontoret. Programmet ska stärka stadens förmåga till en målgruppsanpassad och \
sammanhållna kommunikation som skapar värde för dagens och morgondagens stockholmare, \
näringsliv, samarbetspartners, besökare och medarbetare.

Programmet ska bidra till att nämnders och bolagsstyrelser kommunikationsarbete ska göra det \
enkelt att ta del av stadens service och tjänster. Kommunikationen ska bidra till att beslut, \
uppdrag, arbetssätt och stadens utveckling är transparent och tillgänglig för målgrupperna.

Programmet anger tre övergripande kommunikationsmål som är formulerade utifrån det uppdrag och \
ansvar som Stockholms stad har. Med aktiv, tydlig och tillgänglig kommunikation möjliggör vi \
tillit och förtroende, tillgänglighet och öppenhet samt delaktighet och inflytande. \
Förvaltningar och bolag utgår från dessa i sitt kommunikationsarbete.

I programmet anges metoder för effektiv kommunikation såsom samverkan internt och externt, \
planerad kommunikation, målgruppsanalys och kriskommunikation.""",
    "synpunkter": """\
Förvaltningen är positiv till det föreslagna nya kommunikationsprogrammet. Ett gemensamt \
program ger förvaltningar och bolag en gemensam grund att stå på i kommunikationsarbetet. De \
övergripande kommunikationsmål och huvudbudskap som anges i programmet förenklar för \
förvaltningar och bolag att komplettera med sina egna budskap.

Det är av stor betydelse att stadens kommunikation är objektiv och saklig, vilket också \
poängteras i programmet. Detta inte minst i en tid med informationspåverkan och \
desinformation, som är en stor utmaning inom socialtjänstens verksamhetsområden. Förvaltningen \
delar uppfattningen att staden har ett ansvar att stödja samhällets motståndskraft och främja \
demokratin. Här har kommunikationen en viktig roll för att uppnå förändring eller insikter hos \
målgrupperna och till hur staden uppfattas.

Sociala medier är idag en självklar del av medielandskapet och ett bra verktyg för att föra \
dialog med stadens medborgare. Flera av förvaltningens verksamheter är också aktiva på \
Facebook och Instagram, och når många målgrupper där. En av socialtjänstens viktigaste \
målgrupper är ungdomar och de finns idag på andra plattformar som TikTok och Snapchat. Det \
upplevs dock som en svårighet, för till exempel fältassistenter, att kunna närvara på vissa av \
de plattformar där ungdomar är aktiva.

Socialtjänsten ger stöd och hjälp till människor i utsatta situationer, och ska vara \
tillgänglig och bidra till att förbättra livssituationen för dem som de möter. Samtidigt \
bedriver socialtjänsten myndighetsutövning och fattar därmed beslut med stor påverkan på \
människors liv, beslut som ibland inte upplevs skapa värde för målgruppen. Sammantaget ställer \
detta särskilda krav på hur socialtjänsten kommunicerar.

Förvaltningen instämmer i vikten av att vi kommunicerar en sammanhållen bild av Stockholms \
stad, där den gemensamma grafiska profilen utgör grunden. En gemensam och sammanhållen \
tonalitet kombinerat med en objektiv och saklig kommunikation, bidrar också till att våra \
målgrupper kan känna tillit och förtroende för stadens verksamheter och uppdrag.""",
}

#: (typ, motpart, datum, utfall) in the order the paragraph tells them.
BEREDNINGSSTEG = [
    ("intern", "kommunikationsenheten på socialförvaltningen", None, "behandlat"),
    ("forvaltningsgrupp", "", dt.date(2024, 4, 17), "behandlat"),
    ("funktionshinderrad", "", dt.date(2024, 4, 18), "mojlighet"),
]

BILAGOR = ["Kommunikationsprogram för Stockholms stad"]

#: Attestations as the reference shows them: (username, date).
ATTESTER = [("lisa.cadenius", dt.date(2024, 4, 11)), ("veronica.wolgast", dt.date(2024, 4, 12))]
