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
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["Regeldatei", "json_schema"]

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


QuellenVerweis = Annotated[
    Bezeichner | Quelle | list[Bezeichner | Quelle],
    Field(description="Name einer Quelle aus 'quellen', eine Quelle oder eine Liste davon."),
]


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


Grenze = Annotated[Decimal | date | Verweis, Field(union_mode="left_to_right")]


# --- Bedingungen: das geschlossene Vokabular --------------------------------------------------


class BMinimum(Basis):
    art: Literal["minimum"]
    wert: Bezeichner
    grenze: Grenze
    inklusive: bool = True


class BMaximum(Basis):
    art: Literal["maximum"]
    wert: Bezeichner
    grenze: Grenze
    inklusive: bool = True


class BGleich(Basis):
    art: Literal["gleich"]
    wert: Bezeichner
    gleich: str | bool | Decimal


class BEineVon(Basis):
    art: Literal["eine_von"]
    wert: Bezeichner
    werte: list[str] = Field(min_length=1)


class BZeitraum(Basis):
    art: Literal["zeitraum"]
    wert: Bezeichner = "stichtag"
    von: date | None = None
    bis: date | None = None


class BMussJa(Basis):
    art: Literal["muss_ja"]
    wert: Bezeichner


class BAusschluss(Basis):
    art: Literal["ausschluss_wenn_ja"]
    wert: Bezeichner


class BInDatensatz(Basis):
    art: Literal["in_datensatz"]
    wert: Bezeichner
    datensatz: Bezeichner = Field(description="Name einer CSV-Datei in data/ mit Spalte 'ags'.")


class BFehlt(Basis):
    art: Literal["fehlt"]
    wert: Bezeichner


class BAngegeben(Basis):
    art: Literal["angegeben"]
    wert: Bezeichner


class _KriteriumFelder(Basis):
    id: Bezeichner
    text: Text = Field(description="Die Voraussetzung als Satz, wie sie in der Ausgabe steht.")
    quelle: QuellenVerweis
    grund: str | None = Field(None, description="Erklärung, wenn die Voraussetzung fehlt.")


class KMinimum(BMinimum, _KriteriumFelder):
    pass


class KMaximum(BMaximum, _KriteriumFelder):
    pass


class KGleich(BGleich, _KriteriumFelder):
    pass


class KEineVon(BEineVon, _KriteriumFelder):
    pass


class KZeitraum(BZeitraum, _KriteriumFelder):
    pass


class KMussJa(BMussJa, _KriteriumFelder):
    pass


class KAusschluss(BAusschluss, _KriteriumFelder):
    pass


class KInDatensatz(BInDatensatz, _KriteriumFelder):
    pass


Kriterium = Annotated[
    KMinimum | KMaximum | KGleich | KEineVon | KZeitraum | KMussJa | KAusschluss | KInDatensatz,
    Field(discriminator="art"),
]
Bedingung = Annotated[
    BMinimum
    | BMaximum
    | BGleich
    | BEineVon
    | BZeitraum
    | BMussJa
    | BAusschluss
    | BInDatensatz
    | BFehlt
    | BAngegeben,
    Field(discriminator="art"),
]


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
    text: Text = Field(description="Die Regel in Worten.")
    quelle: QuellenVerweis


class FProEinheit(_FormelBasis):
    art: Literal["pro_einheit"]
    einheit: Bezeichner = Field(description="Ganzzahl-Eingabe, z. B. 'kommunen'.")
    einheit_text: Text = Field(description="Bezeichnung einer Einheit, z. B. 'Kommune'.")
    einheit_text_mehrzahl: Text
    je_einheit: Betrag
    hoechstens: Betrag | None = None


class FAnteilKosten(_FormelBasis):
    art: Literal["anteil_kosten"]
    kosten: Bezeichner
    satz: Annotated[Decimal, Field(gt=0, le=1)]
    hoechstens: Betrag | None = None
    rundung: Literal["abrunden", "kaufmaennisch", "aufrunden"] = "kaufmaennisch"


class FHoechstbetrag(_FormelBasis):
    art: Literal["hoechstbetrag"]
    antrag: Bezeichner | None = Field(None, description="Betrags-Eingabe: beantragte Summe.")
    nach: Bezeichner | None = Field(None, description="Auswahl-Eingabe, nach der gestaffelt wird.")
    staffel: dict[Bezeichner, Betrag] = Field(default_factory=dict)
    ohne_angabe: Betrag = Field(description="Höchstbetrag, wenn 'nach' nicht angegeben ist.")


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


class WAnzahl(_WertBasis):
    art: Literal["anzahl"]
    liste: Bezeichner


Wert = Annotated[WDifferenz | WPlusMonate | WAnzahl, Field(discriminator="art")]


# --- Blöcke für Beratungskontingente, Angebote, Fristen -------------------------------------


class Modul(Basis):
    nr: int = Field(ge=1, le=99)
    titel: Text
    tage: Annotated[Decimal, Field(gt=0)]
    vor_ort: Annotated[Decimal, Field(ge=0)]
    ergebnisbesprechung: Annotated[Decimal, Field(ge=0)]
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
    von: date | None = None
    bis: date | None = None
    finanzierung: Text
    setzt_voraus_modul: int | None = Field(
        None, description="Nur für Kommunen, die dieses Modul in Anspruch nehmen."
    )
    quelle: QuellenVerweis


class Finanzierung(Basis):
    traeger: Text
    von: date | None = None
    bis: date | None = None


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
    datum: date | None = None
    von: date | None = None
    bis: date | None = None
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
    betrag: Betrag
    je: Literal["jahr", "gesamt"]
    quelle: QuellenVerweis


class Gueltigkeit(Basis):
    von: date | None = None
    bis: date | None = None
    text: Text = Field(description="Bezeichnung des Zeitraums, z. B. 'Programmphase 2'.")
    quelle: QuellenVerweis | None = None


class BatchRegel(Basis):
    wenn: list[Bezeichner] = Field(
        description="Eingaben, die eine Zeile haben muss, damit das Programm ohne --programm "
        "ausgewertet wird (Standard: die erforderlichen Eingaben)."
    )


class VerbundRegel(Basis):
    zaehlt: Bezeichner = Field(
        description="Ganzzahl-Eingabe, die standardmäßig die Zahl der Zeilen eines Verbunds ist."
    )


class Erwartung(Basis):
    ergebnis: Literal["foerderfaehig", "offen", "nicht_foerderfaehig"] | None = None
    betrag: Decimal | None = None
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
    bis: date | Literal["gueltigkeit"] | None = Field(
        None,
        description="Frist: ein Datum, 'gueltigkeit' (Ende des Förderzeitraums) oder keine.",
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


def json_schema() -> dict[str, Any]:
    schema = Regeldatei.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ozg-foerder Regeldatei"
    return schema
