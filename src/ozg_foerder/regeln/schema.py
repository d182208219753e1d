"""Das Format der Regeldateien: pydantic-Modelle – die einzige Beschreibung des Formats.

Eine Regeldatei beschreibt ein Förderprogramm vollständig als Daten: Eingaben, Kriterien aus
einem geschlossenen Vokabular, Betragsformel, Hinweise, Fristen, Quellen und Testfälle. Aus
diesen Modellen entstehen die Prüfung der Dateien und ihr JSON-Schema (``regeln schema``).
Geladen wird in :mod:`.regeln_laden`, über Felder hinweg geprüft in :mod:`.regeln_bezuege`;
gebraucht wird das nur, wenn eine Regeldatei neu eingelesen werden muss (siehe
:mod:`ozg_foerder.katalog`). Die Auswertung arbeitet mit dem JSON-Kompilat.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

__all__ = ["DATIERTE_STUFEN", "Regeldatei", "Stufe", "json_schema"]

# ---------------------------------------------------------------------------------------------
# Bausteine
# ---------------------------------------------------------------------------------------------

Bezeichner = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
ProgrammId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Option = Annotated[str, StringConstraints(pattern=r"^--[a-z][a-z0-9-]*$")]
Betrag = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]


class Basis(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quelle(Basis):
    """Eine Fundstelle in den Quelldokumenten."""

    dokument: Text = Field(description="Kurzzitat des Dokuments, z. B. 'HMdIS-Folien'.")
    abschnitt: Text = Field(description="Abschnitt, z. B. 'TOP 4' oder 'Ziff. 4'.")
    zitat: str | None = Field(None, description="Kurzes wörtliches Zitat der Fundstelle.")
    anmerkung: str | None = Field(None, description="Wie die Stelle gelesen wird (Auslegung).")
    abgeleitet: bool = Field(
        False,
        description="Die Regel steht so nicht in der Quelle, sie ist daraus erschlossen "
        "(wird in jeder Ausgabe als abgeleitet gekennzeichnet; 'anmerkung' sagt, wie).",
    )


QuellenVerweis = Annotated[
    Bezeichner | Quelle | list[Bezeichner | Quelle],
    Field(description="Name einer Quelle aus 'quellen', eine Quelle oder eine Liste davon."),
]


# --- Datierte Werte ---------------------------------------------------------------------------
# Jede Zahl und jedes Datum eines Zeitraums in einer Regeldatei ist entweder EIN Wert (gilt an
# jedem Stichtag) oder eine Liste datierter Werte, jeder mit seiner Quelle:
#   je_einheit: [{ab: 2021-01-01, wert: 25000, quelle: hr_betrag}, {ab: 2025-01-01, wert: 30000}]
# Eine Liste gilt ab ihrem ersten 'ab'; davor ist der Wert unbekannt (offen, nie geraten).
# Aufgelöst wird an genau einer Stelle: ozg_foerder.engine.datiert.


class Stufe(Basis):
    """Ein Wert, der ab einem Tag gilt (bis zum 'ab' des nächsten Eintrags)."""

    ab: date = Field(description="Ab diesem Tag (einschließlich) gilt der Wert.")
    quelle: QuellenVerweis | None = Field(None, description="Fundstelle dieses Werts.")


class StufeBetrag(Stufe):
    wert: Betrag


class StufeSatz(Stufe):
    wert: Annotated[Decimal, Field(gt=0, le=1)]


class StufeDatum(Stufe):
    wert: date


class StufeGrenze(Stufe):
    wert: Annotated[Decimal | date, Field(union_mode="left_to_right")]


class StufeTage(Stufe):
    wert: Annotated[Decimal, Field(ge=0)]


DATIERTE_STUFEN = (StufeBetrag, StufeSatz, StufeDatum, StufeGrenze, StufeTage)


def _einzeln_oder_liste(wert: Any) -> str:
    return "stufen" if isinstance(wert, list) else "wert"


def _datiert(typ: Any, stufe: type[Stufe]) -> Any:
    """Ein Wert vom Typ ``typ`` oder eine Liste datierter Werte (``stufe``)."""
    return Annotated[
        Annotated[typ, Tag("wert")] | Annotated[list[stufe], Tag("stufen"), Field(min_length=1)],  # type: ignore[valid-type]
        Discriminator(_einzeln_oder_liste),
        Field(
            description="Ein Wert oder eine Liste datierter Werte [{ab: JJJJ-MM-TT, wert: …, "
            "quelle: …}]; gilt ab dem ersten 'ab'."
        ),
    ]


DBetrag = _datiert(Betrag, StufeBetrag)
DSatz = _datiert(Annotated[Decimal, Field(gt=0, le=1)], StufeSatz)
DDatum = _datiert(date, StufeDatum)
DTage = _datiert(Annotated[Decimal, Field(ge=0)], StufeTage)


class Wahl(Basis):
    text: Text
    aliase: list[str] = Field(
        default_factory=list, description="Weitere akzeptierte Schreibweisen."
    )
    option: Option | None = Field(None, description="Schalter in der Kommandozeile für diese Wahl.")
    erlaeuterung: str | None = None


class _EingabeBasis(Basis):
    text: Text = Field(description="Bezeichnung der Eingabe, deutsch.")
    hilfe: Text = Field(description="Hilfetext für --help und die Batch-Vorlage.")
    erforderlich: bool = Field(
        False, description="Ohne diese Eingabe lässt sich kein Betrag berechnen (Exit 2)."
    )
    option: Option | None = Field(None, description="Name der Option, Standard: --<name>.")
    beispiel: str | None = Field(None, description="Beispielwert für Hilfe und Vorlage.")
    einheit: str | None = Field(None, description="Einheit einer Zahl, z. B. 'Jahre'.")
    einheit_einzahl: str | None = Field(None, description="Einheit bei 1, z. B. 'Jahr'.")
    synonyme: list[str] = Field(
        default_factory=list,
        description="Weitere Spaltenüberschriften in Batch-Listen, z. B. 'Gesamtkosten'.",
    )


class EGanzzahl(_EingabeBasis):
    typ: Literal["ganzzahl"]
    min: int | None = None
    max: int | None = None


class EBetrag(_EingabeBasis):
    typ: Literal["betrag"]
    min: Betrag | None = None
    max: Betrag | None = None


class EAnteil(_EingabeBasis):
    typ: Literal["anteil"]


class EDatum(_EingabeBasis):
    typ: Literal["datum"]
    min: date | None = None
    max: date | None = None


class EJaNein(_EingabeBasis):
    typ: Literal["ja_nein"]
    option_nein: Option | None = Field(None, description="Verneinender Schalter, z. B. --kein-x.")


class EAuswahl(_EingabeBasis):
    typ: Literal["auswahl"]
    werte: dict[Bezeichner, Wahl] = Field(min_length=1)


class EListe(_EingabeBasis):
    typ: Literal["liste"]
    werte: dict[Bezeichner, Wahl] = Field(min_length=1)
    doppelte: Literal["fehler", "ignorieren"] = "ignorieren"


class EModule(_EingabeBasis):
    typ: Literal["module"]


class EKommune(_EingabeBasis):
    typ: Literal["kommune"]


Eingabe = Annotated[
    EGanzzahl | EBetrag | EAnteil | EDatum | EJaNein | EAuswahl | EListe | EModule | EKommune,
    Field(discriminator="typ"),
]


class Verweis(Basis):
    """Vergleich mit einem anderen Wert statt mit einer festen Grenze."""

    wert: Bezeichner


class ZahlVerweis(Basis):
    """Vergleich mit einer Zahl oder einem Datum der Regeln selbst, z. B.
    ``{zahl: gueltigkeit.bis}`` – so steht eine Zahl nur an einer Stelle der Datei (Pfade wie bei
    Platzhaltern in Texten)."""

    zahl: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]


Grenze = Annotated[
    _datiert(Annotated[Decimal | date, Field(union_mode="left_to_right")], StufeGrenze)
    | Verweis
    | ZahlVerweis,
    Field(union_mode="left_to_right"),
]


# --- Bedingungen: das geschlossene Vokabular --------------------------------------------------
# Eine Art = eine Klasse hier (Schema) + eine Klasse in engine/bedingungen.py (Auswertung) + ihre
# Worte in ausgabe/worte.py. Jede Bedingung kann auch ein Kriterium sein (mit id, text, quelle).


class _Bedingung(Basis):
    """Grundlage jeder Bedingung: ``pruefe_bezuege`` prüft, was über das Feld hinausgeht
    (bekannte Namen, passende Typen) – mit dem Prüfer aus :mod:`.bezuege`."""

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"))  # type: ignore[attr-defined]


# Typen, mit denen minimum/maximum rechnen können.
_ZAHL_ODER_DATUM = {"ganzzahl", "betrag", "anteil", "tage", "anzahl", "datum"}


class _Vergleich(_Bedingung):
    wert: Bezeichner
    grenze: Grenze
    inklusive: bool = True

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"), _ZAHL_ODER_DATUM)
        if isinstance(self.grenze, Verweis):
            p.name(self.grenze.wert, (*pfad, "grenze", "wert"))
        elif isinstance(self.grenze, ZahlVerweis):
            typ = p.zahlen.get(self.grenze.zahl)
            if typ is None:
                bekannt = ", ".join(sorted(p.zahlen))
                p.melde((*pfad, "grenze", "zahl"), f"unbekannte Zahl; bekannt: {bekannt}.")
            elif self.wert in p.namen and (typ == "datum") != (p.namen[self.wert] == "datum"):
                p.melde((*pfad, "grenze", "zahl"), "Grenze passt nicht zum Typ des Werts.")
        elif self.wert in p.namen:
            ist_datum = p.namen[self.wert] == "datum"
            werte = (
                [s.wert for s in self.grenze] if isinstance(self.grenze, list) else [self.grenze]
            )
            if any(ist_datum != isinstance(g, date) for g in werte):
                p.melde((*pfad, "grenze"), "Grenze passt nicht zum Typ des Werts.")


class BMinimum(_Vergleich):
    art: Literal["minimum"]


class BMaximum(_Vergleich):
    art: Literal["maximum"]


class BGleich(_Bedingung):
    art: Literal["gleich"]
    wert: Bezeichner
    gleich: str | bool | Decimal

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"))
        p.wahl(self.wert, str(self.gleich), (*pfad, "gleich"))


class BEineVon(_Bedingung):
    art: Literal["eine_von"]
    wert: Bezeichner
    werte: list[str] = Field(min_length=1)

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"), {"auswahl"})
        for i, w in enumerate(self.werte):
            p.wahl(self.wert, w, (*pfad, "werte", i))


class BZeitraum(_Bedingung):
    art: Literal["zeitraum"]
    wert: Bezeichner = "stichtag"
    von: DDatum | None = None
    bis: DDatum | None = None

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"), {"datum"})
        if isinstance(self.von, date) and isinstance(self.bis, date) and self.von > self.bis:
            p.melde((*pfad, "bis"), "'bis' liegt vor 'von'.")


class BWeichesEnde(_Bedingung):
    """Gilt bis einschließlich 'bis'; danach offen (nicht abgelehnt): das Ende ist nur erschlossen,
    ob es verlängert wurde, muss man prüfen ('pruefen')."""

    art: Literal["weiches_ende"]
    wert: Bezeichner = "stichtag"
    bis: DDatum
    pruefen: Text = Field(description="Was nach 'bis' zu prüfen ist, z. B. wo es steht.")

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"), {"datum"})


class BMussJa(_Bedingung):
    art: Literal["muss_ja"]
    wert: Bezeichner

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"), {"ja_nein"})


class BAusschluss(BMussJa):
    art: Literal["ausschluss_wenn_ja"]  # type: ignore[assignment]


class BInDatensatz(_Bedingung):
    art: Literal["in_datensatz"]
    wert: Bezeichner
    datensatz: Bezeichner = Field(
        description="Name einer CSV-Datei mit Spalte 'ags' (neben den Regeln oder in data/)."
    )

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"), {"kommune"})
        if not p.datensatz_da(self.datensatz):
            p.melde(
                (*pfad, "datensatz"),
                f"Datensatz {self.datensatz}.csv fehlt (weder neben den Regeln noch in data/).",
            )


# Arten von Kommunen im Verzeichnis (data/kommunen.csv, Spalte 'art').
KOMMUNE_ARTEN = ("Gemeinde", "Stadt", "kreisfreie Stadt", "Landkreis")


class BKommune(_Bedingung):
    """Was das Kommunenverzeichnis über eine Kommune weiß: ihre Art, ihr Landkreis."""

    art: Literal["kommune"]
    wert: Bezeichner = Field(description="Eingabe vom Typ kommune.")
    merkmal: Literal["art", "kreis", "regierungsbezirk"]
    werte: list[Text] = Field(
        min_length=1,
        description="Erlaubte Werte, z. B. [Gemeinde, Stadt] oder [Landkreis Gießen].",
    )

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        p.name(self.wert, (*pfad, "wert"), {"kommune"})
        bekannt = KOMMUNE_ARTEN if self.merkmal == "art" else p.kommune_merkmale(self.merkmal)
        wort = {"art": "keine Art", "kreis": "kein Landkreis", "regierungsbezirk": "kein Bezirk"}
        for i, w in enumerate(self.werte):
            if w not in bekannt:
                erlaubt = ", ".join(bekannt)
                p.melde(
                    (*pfad, "werte", i),
                    f"'{w}' ist {wort[self.merkmal]} im Kommunenverzeichnis; erlaubt: {erlaubt}.",
                )


class BFehlt(_Bedingung):
    art: Literal["fehlt"]
    wert: Bezeichner


class BAngegeben(_Bedingung):
    art: Literal["angegeben"]
    wert: Bezeichner


class BNicht(_Bedingung):
    """Verneinung: erfüllt ↔ nicht erfüllt; offen bleibt offen."""

    art: Literal["nicht"]
    bedingung: Bedingung

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        self.bedingung.pruefe_bezuege(p, (*pfad, "bedingung"))  # type: ignore[union-attr]


class BAlle(_Bedingung):
    """Alle: nicht erfüllt, wenn eine es nicht ist; sonst offen, wenn eine offen ist."""

    art: Literal["alle"]
    bedingungen: list[Bedingung] = Field(min_length=1)

    def pruefe_bezuege(self, p: Any, pfad: tuple[Any, ...]) -> None:
        for i, b in enumerate(self.bedingungen):
            b.pruefe_bezuege(p, (*pfad, "bedingungen", i))  # type: ignore[union-attr]


class BEines(BAlle):
    """Eines: erfüllt, wenn eine es ist; sonst offen, wenn eine offen ist."""

    art: Literal["eines"]  # type: ignore[assignment]


BEDINGUNGEN: tuple[type[Basis], ...] = (
    BMinimum,
    BMaximum,
    BGleich,
    BEineVon,
    BZeitraum,
    BWeichesEnde,
    BMussJa,
    BAusschluss,
    BInDatensatz,
    BKommune,
    BFehlt,
    BAngegeben,
    BNicht,
    BAlle,
    BEines,
)
Bedingung = Annotated[Union[BEDINGUNGEN], Field(discriminator="art")]  # noqa: UP007
for _b in (BNicht, BAlle, BEines):
    _b.model_rebuild()


class _KriteriumFelder(Basis):
    id: Bezeichner
    text: Text = Field(description="Die Voraussetzung als Satz, wie sie in der Ausgabe steht.")
    quelle: QuellenVerweis
    grund: str | None = Field(None, description="Erklärung, wenn die Voraussetzung fehlt.")


def _als_kriterium(b: type[Basis]) -> type[Basis]:
    return type("K" + b.__name__[1:], (b, _KriteriumFelder), {"__module__": __name__})


# 'fehlt' und 'angegeben' sind nur Bedingungen von Hinweisen, keine Voraussetzungen.
KRITERIEN = tuple(_als_kriterium(b) for b in BEDINGUNGEN if b not in (BFehlt, BAngegeben))
Kriterium = Annotated[Union[KRITERIEN], Field(discriminator="art")]  # noqa: UP007


class Hinweis(Basis):
    text: Text = Field(description="Text; {name} setzt einen Wert ein.")
    wenn: Bedingung | None = Field(
        None, description="Nur zeigen, wenn diese Bedingung erfüllt ist."
    )
    bei: list[Literal["foerderfaehig", "offen", "nicht_foerderfaehig"]] | None = Field(
        None, description="Nur bei diesen Ergebnissen zeigen (Standard: immer)."
    )
    quelle: QuellenVerweis | None = None


# --- Betragsformeln ---------------------------------------------------------------------------


class _FormelBasis(Basis):
    text: Text = Field(
        description="Die Regel in Worten; {je_einheit}, {hoechstens}, {satz}, … setzen die am "
        "Stichtag geltenden Zahlen ein."
    )
    quelle: QuellenVerweis
    rundung: Literal["abrunden", "kaufmaennisch", "aufrunden"] = "kaufmaennisch"
    rundung_auf: Literal["cent", "euro"] = Field(
        "cent", description="Gerundet wird auf den Cent oder auf ganze Euro."
    )


class FProEinheit(_FormelBasis):
    art: Literal["pro_einheit"]
    einheit: Bezeichner = Field(description="Ganzzahl-Eingabe, z. B. 'kommunen'.")
    einheit_text: Text = Field(description="Bezeichnung einer Einheit, z. B. 'Kommune'.")
    einheit_text_mehrzahl: Text
    je_einheit: DBetrag
    hoechstens: DBetrag | None = None


class FAnteilKosten(_FormelBasis):
    art: Literal["anteil_kosten"]
    kosten: Bezeichner
    satz: DSatz
    hoechstens: DBetrag | None = None


class FHoechstbetrag(_FormelBasis):
    art: Literal["hoechstbetrag"]
    antrag: Bezeichner | None = Field(None, description="Betrags-Eingabe: beantragte Summe.")
    nach: Bezeichner | None = Field(None, description="Auswahl-Eingabe, nach der gestaffelt wird.")
    staffel: dict[Bezeichner, DBetrag] = Field(default_factory=dict)
    ohne_angabe: DBetrag = Field(description="Höchstbetrag, wenn 'nach' nicht angegeben ist.")


Formel = Annotated[FProEinheit | FAnteilKosten | FHoechstbetrag, Field(discriminator="art")]


# --- Abgeleitete Werte ------------------------------------------------------------------------


class _WertBasis(Basis):
    text: Text


class WDifferenz(_WertBasis):
    art: Literal["differenz"]
    von: Bezeichner
    minus: Bezeichner


class WPlusMonate(_WertBasis):
    art: Literal["plus_monate"]
    datum: Bezeichner
    monate: Bezeichner


class WFristende(_WertBasis):
    """Letzter Tag einer Frist von 'monate' Monaten, die am Tag 'datum' beginnt (§§ 187 Abs. 2,
    188 Abs. 2 und 3 BGB): der Tag vor dem Tag des letzten Monats mit der Zahl des Anfangstags;
    fehlt dieser Tag im Monat, dessen letzter Tag."""

    art: Literal["fristende"]
    datum: Bezeichner
    monate: Bezeichner


class WAnzahl(_WertBasis):
    art: Literal["anzahl"]
    liste: Bezeichner


Wert = Annotated[WDifferenz | WPlusMonate | WFristende | WAnzahl, Field(discriminator="art")]


# --- Blöcke für Beratungskontingente, Angebote, Fristen -------------------------------------


class Modul(Basis):
    nr: int = Field(ge=1, le=99)
    titel: Text
    tage: DTage
    vor_ort: DTage
    ergebnisbesprechung: DTage
    bereich: Text
    voraussetzung: str | None = Field(None, description="Inhaltliche Voraussetzung (Text).")
    inhalte: list[Text] = Field(default_factory=list)
    ziel: str | None = None
    zielgruppe: list[Text] = Field(default_factory=list)
    hinweis: str | None = None
    quelle: QuellenVerweis


class Kontingent(Basis):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+$")]
    name: Text
    module: list[int] = Field(min_length=1)
    von: DDatum | None = None
    bis: DDatum | None = None
    finanzierung: Text
    setzt_voraus_modul: int | None = Field(
        None, description="Nur für Kommunen, die dieses Modul in Anspruch nehmen."
    )
    quelle: QuellenVerweis


class Finanzierung(Basis):
    traeger: Text
    von: DDatum | None = None
    bis: DDatum | None = None


class Angebot(Basis):
    id: Bezeichner
    text: Text
    leistung: Text = Field(description="Was die Kommune bekommt.")
    kosten: Text = Field(description="Was es die Kommune kostet, z. B. 'kostenfrei'.")
    finanzierung: list[Finanzierung] = Field(min_length=1)
    hinweis: str | None = None
    quelle: QuellenVerweis


class Termin(Basis):
    id: Bezeichner
    text: Text
    datum: DDatum | None = None
    von: DDatum | None = None
    bis: DDatum | None = None
    quelle: QuellenVerweis


class Punkt(Basis):
    text: Text
    erlaeuterung: str | None = None


class Checkliste(Basis):
    id: Bezeichner
    titel: Text
    punkte: list[Text | Punkt] = Field(min_length=1)
    quelle: QuellenVerweis


class Kontakt(Basis):
    art: Literal["E-Mail", "Telefon", "Web"]
    wert: Text
    bezeichnung: str | None = None


class Budget(Basis):
    text: Text
    betrag: DBetrag
    je: Literal["jahr", "gesamt"]
    quelle: QuellenVerweis


class Gueltigkeit(Basis):
    von: DDatum | None = None
    bis: DDatum | None = None
    text: Text = Field(description="Bezeichnung des Zeitraums, z. B. 'Programmphase 2'.")
    quelle: QuellenVerweis | None = None


class BatchRegel(Basis):
    wenn: list[Bezeichner] = Field(
        description="Eingaben, die eine Zeile haben muss, damit das Programm ohne --programm "
        "ausgewertet wird (Standard: die erforderlichen Eingaben)."
    )


class VerbundRegel(Basis):
    """Wie Zeilen mit gleichem ``verbund`` ein gemeinsames Vorhaben bilden (GUIDE §2.1c)."""

    art: Literal["kooperation", "vorhaben"] = Field(
        "kooperation",
        description="kooperation: die Partner zählen (zaehlt), jede Voraussetzung über alle "
        "Partner; vorhaben: ein Vorhaben, dessen Kosten (summiert) die Summe der Partner sind, "
        "die Zuwendung anteilig nach Kosten.",
    )
    zaehlt: Bezeichner | None = Field(
        None,
        description="Ganzzahl-Eingabe, die standardmäßig die Zahl der Zeilen eines Verbunds ist "
        "(kooperation).",
    )
    summiert: Bezeichner | None = Field(
        None, description="Betrags-Eingabe, die über die Partner summiert wird (vorhaben)."
    )
    gleich: list[Bezeichner] = Field(
        default_factory=list,
        description="Eingaben, die bei allen Partnern gleich sein müssen (sonst ein Fehler).",
    )


TestBetrag = Annotated[Decimal, Field(max_digits=17, decimal_places=2, allow_inf_nan=False)]
"""Ein erwarteter Betrag: auf den Cent, höchstens 15 Stellen vor dem Komma."""


class Erwartung(Basis):
    ergebnis: Literal["foerderfaehig", "offen", "nicht_foerderfaehig"] | None = None
    betrag: TestBetrag | None = None
    betrag_null: bool = Field(False, description="Erwartet betrag = null.")
    kriterien: dict[Bezeichner, Literal["erfuellt", "nicht_erfuellt", "offen"]] = Field(
        default_factory=dict
    )
    werte: dict[Bezeichner, str | None] = Field(default_factory=dict)
    module: dict[int, str] = Field(default_factory=dict, description="Modul-Nr. → Status.")
    hinweis_enthaelt: list[str] = Field(default_factory=list)
    hinweis_fehlt: list[str] = Field(
        default_factory=list, description="Kein Hinweis darf diesen Text enthalten."
    )
    angebote: dict[Bezeichner, Literal["aktiv", "beendet", "beginnt"]] = Field(default_factory=dict)
    fehler: Bezeichner | None = Field(None, description="Erwarteter Eingabefehler in diesem Feld.")


class Testfall(Basis):
    name: Text
    stichtag: date
    eingaben: dict[Bezeichner, str | int | bool | Decimal | date | None] = Field(
        default_factory=dict
    )
    erwartet: Erwartung


# --- Plan, Kalender, Beschlussvorlage ---------------------------------------------------------

Eingabewert = str | int | bool | Decimal


class Schritt(Basis):
    """Ein Schritt zum Förderantrag, wie ihn die Unterlagen nennen (``ozg-foerder plan``)."""

    text: Text = Field(description="Was zu tun ist, als Satz im Imperativ/Infinitiv.")
    bis: Literal["gueltigkeit"] | DDatum | None = Field(
        None,
        description="Frist: ein Datum (auch datiert), 'gueltigkeit' (Ende des Förderzeitraums) "
        "oder keine.",
    )
    waehle_eines: Bezeichner | None = Field(
        None,
        description="Schritte mit demselben Namen schließen sich aus (eine Wahl); die Wahl mit "
        "dem höchsten Betrag steht vorn.",
    )
    eingaben: dict[Bezeichner, Eingabewert] = Field(
        default_factory=dict, description="Eingaben, die diese Wahl festlegt (für ihren Betrag)."
    )
    nur: Literal["einzeln", "gruppe"] | None = Field(
        None, description="Nur im Plan einer Kommune allein bzw. einer Gruppe."
    )
    quelle: QuellenVerweis


class GruppenRegel(Basis):
    """Wie das Programm eine Gruppe von Kommunen behandelt (Plan, Beschlussvorlage)."""

    text: Text = Field(description="Was die Unterlagen über Vorhaben mehrerer Kommunen sagen.")
    eingaben: dict[Bezeichner, Eingabewert] = Field(
        default_factory=dict, description="Eingaben, die für eine Gruppe gelten."
    )
    quelle: QuellenVerweis


class Beschluss(Basis):
    """Der Vorschlag für den Beschluss der Vertretungskörperschaft (``beschlussvorlage``)."""

    betreff: Text = Field(description="Betreff; {name} setzt einen Wert ein.")
    text: Text = Field(description="Beschlussvorschlag; {name} setzt einen Wert ein.")
    quelle: QuellenVerweis


class Regeldatei(Basis):
    """Ein Förderprogramm als Daten. Eine Datei je Programm in ``rules/``."""

    id: ProgrammId = Field(description="Name des Programms in CLI, JSON und Batch.")
    reihenfolge: int = Field(
        100, ge=0, le=999, description="Platz in Listen und Übersichten (kleiner = weiter vorn)."
    )
    name: Text
    kurzname: Annotated[str, StringConstraints(min_length=1, max_length=14)] | None = Field(
        None, description="Kurzer Name für enge Tabellen (Standard: id)."
    )
    traeger: Text = Field(description="Fördergeber / Bewilligungsstelle.")
    stand: date = Field(description="Datum der Quellen.")
    zweck: Text
    quellen: dict[Bezeichner, Quelle] = Field(default_factory=dict)
    gueltigkeit: Gueltigkeit | None = None
    eingaben: dict[Bezeichner, Eingabe] = Field(default_factory=dict)
    kriterien: list[Kriterium] = Field(default_factory=list)
    betrag: Formel | None = None
    werte: dict[Bezeichner, Wert] = Field(default_factory=dict)
    hinweise: list[Hinweis] = Field(default_factory=list)
    # Die beste Zuordnung probiert alle Kombinationen durch: Obergrenzen halten das sofort.
    module: list[Modul] = Field(default_factory=list, max_length=9)
    kontingente: list[Kontingent] = Field(default_factory=list, max_length=6)
    angebote: list[Angebot] = Field(default_factory=list)
    termine: list[Termin] = Field(default_factory=list)
    checklisten: list[Checkliste] = Field(default_factory=list)
    kontakt: list[Kontakt] = Field(min_length=1)
    budget: list[Budget] = Field(default_factory=list)
    batch: BatchRegel | None = None
    verbund: VerbundRegel | None = None
    beispiel: str | None = Field(None, description="Beispielaufruf für --help.")
    testfaelle: list[Testfall] = Field(default_factory=list)
    schritte: list[Schritt] = Field(default_factory=list)
    gruppe: GruppenRegel | None = None
    beschluss: Beschluss | None = None


DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def json_schema() -> dict[str, Any]:
    """Das JSON-Schema der Regeldateien, als Draft-07 (das liest die verbreitete
    YAML-Erweiterung der Editoren vollständig; 2020-12 nur teilweise)."""
    schema = als_draft07(Regeldatei.model_json_schema())
    schema["$schema"] = DRAFT_07
    schema["title"] = "ozg-foerder Regeldatei"
    return schema


def als_draft07(knoten: Any) -> Any:
    """Ein von pydantic erzeugtes Schema (2020-12) in Draft-07: ``$defs`` → ``definitions``;
    ``$ref`` mit weiteren Schlüsseln (die Draft-07 neben ``$ref`` überginge) in ``allOf``;
    ``discriminator`` (OpenAPI, kein JSON Schema) entfällt."""
    if isinstance(knoten, list):
        return [als_draft07(k) for k in knoten]
    if not isinstance(knoten, dict):
        return knoten
    neu: dict[str, Any] = {}
    for schluessel, wert in knoten.items():
        if schluessel == "discriminator":
            continue
        if schluessel == "$defs":
            neu["definitions"] = {n: als_draft07(d) for n, d in wert.items()}
        elif schluessel == "$ref" and isinstance(wert, str):
            neu["$ref"] = wert.replace("#/$defs/", "#/definitions/")
        elif schluessel in ("properties", "patternProperties", "definitions"):
            neu[schluessel] = {n: als_draft07(d) for n, d in wert.items()}
        else:
            neu[schluessel] = als_draft07(wert)
    if "$ref" in neu and len(neu) > 1:
        ref = neu.pop("$ref")
        neu["allOf"] = [{"$ref": ref}, *neu.get("allOf", [])]
    return neu
