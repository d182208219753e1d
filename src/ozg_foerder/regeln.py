"""Das Format der Regeldateien: pydantic-Modelle, sicheres Laden, Prüfung mit Zeilennummern.

Eine Regeldatei beschreibt ein Förderprogramm vollständig als Daten: Eingaben, Kriterien aus
einem geschlossenen Vokabular, Betragsformel, Hinweise, Fristen, Quellen und Testfälle. Dieses
Modul ist die einzige Stelle, die das Format kennt; es wird nur gebraucht, wenn eine Regeldatei
neu eingelesen werden muss (siehe :mod:`ozg_foerder.katalog`). Die Auswertung arbeitet mit dem
daraus erzeugten JSON-Kompilat und lädt weder YAML noch pydantic.
"""

from __future__ import annotations

import csv
import re
import string
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .regelfehler import RegelFehler, RegelnUngueltig

__all__ = [
    "RegelFehler",
    "Regeldatei",
    "RegelnUngueltig",
    "json_schema",
    "lade_regeldatei",
]

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


def json_schema() -> dict[str, Any]:
    schema = Regeldatei.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ozg-foerder Regeldatei"
    return schema


# ---------------------------------------------------------------------------------------------
# Fehler
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Sicheres YAML mit Zeilennummern
# ---------------------------------------------------------------------------------------------


class _Lader(yaml.SafeLoader):
    """SafeLoader, der Kommazahlen als Decimal liest (nie als binäres float)."""


def _decimal(loader: _Lader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except ArithmeticError:
        raise yaml.constructor.ConstructorError(
            None, None, f"keine Zahl: {text}", node.start_mark
        ) from None


_Lader.add_constructor("tag:yaml.org,2002:float", _decimal)

_ERLAUBTE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


class _YamlFehler(Exception):
    def __init__(self, zeile: int | None, meldung: str) -> None:
        self.zeile = zeile
        self.meldung = meldung


Pfad = tuple[Any, ...]


def _lies_yaml(text: str) -> tuple[Any, dict[Pfad, int]]:
    """Liest YAML sicher und merkt sich zu jedem Pfad die Zeile (1-basiert)."""
    lader = _Lader(text)
    try:
        knoten = lader.get_single_node()
        if knoten is None:
            raise _YamlFehler(1, "Die Datei ist leer.")
        zeilen: dict[Pfad, int] = {}
        _pruefe_knoten(knoten, (), zeilen, set())
        daten = lader.construct_document(knoten)
    except yaml.MarkedYAMLError as fehler:
        marke = fehler.problem_mark or fehler.context_mark
        zeile = marke.line + 1 if marke else None
        raise _YamlFehler(zeile, _yaml_meldung(fehler)) from None
    except yaml.YAMLError as fehler:
        raise _YamlFehler(None, f"kein gültiges YAML: {fehler}") from None
    finally:
        lader.dispose()
    return daten, zeilen


def _yaml_meldung(fehler: yaml.MarkedYAMLError) -> str:
    problem = fehler.problem or ""
    tag = re.search(r"tag '([^']+)'", problem)
    if tag or "constructor" in problem:
        name = tag.group(1) if tag else problem
        name = name.replace("tag:yaml.org,2002:", "!!")
        return (
            f"unzulässiger YAML-Tag {name}: Regeldateien enthalten nur Daten "
            "(Texte, Zahlen, Daten, Listen, Zuordnungen), keine Python-Objekte."
        )
    return f"kein gültiges YAML ({problem or fehler.context})"


def _pruefe_knoten(knoten: yaml.Node, pfad: Pfad, zeilen: dict[Pfad, int], gesehen: set) -> None:
    if id(knoten) in gesehen:
        raise _YamlFehler(
            knoten.start_mark.line + 1,
            "Anker und Aliase (&, *) sind in Regeldateien nicht erlaubt.",
        )
    gesehen.add(id(knoten))
    if knoten.tag not in _ERLAUBTE_TAGS:
        name = knoten.tag.replace("tag:yaml.org,2002:", "!!")
        raise _YamlFehler(
            knoten.start_mark.line + 1,
            f"unzulässiger YAML-Tag {name}: Regeldateien enthalten nur Daten, keine Objekte.",
        )
    zeilen.setdefault(pfad, knoten.start_mark.line + 1)
    if isinstance(knoten, yaml.MappingNode):
        schluessel_gesehen: set[Any] = set()
        for schluessel, wert in knoten.value:
            if not isinstance(schluessel, yaml.ScalarNode):
                raise _YamlFehler(schluessel.start_mark.line + 1, "Schlüssel müssen Texte sein.")
            if schluessel.tag == "tag:yaml.org,2002:merge":
                raise _YamlFehler(schluessel.start_mark.line + 1, "'<<' ist nicht erlaubt.")
            name: Any = schluessel.value
            if schluessel.tag == "tag:yaml.org,2002:int":
                name = int(name)
            if name in schluessel_gesehen:
                raise _YamlFehler(
                    schluessel.start_mark.line + 1, f"Schlüssel '{name}' steht doppelt."
                )
            schluessel_gesehen.add(name)
            zeilen[(*pfad, name)] = schluessel.start_mark.line + 1  # Zeile des Schlüssels
            _pruefe_knoten(wert, (*pfad, name), zeilen, gesehen)
    elif isinstance(knoten, yaml.SequenceNode):
        for index, wert in enumerate(knoten.value):
            _pruefe_knoten(wert, (*pfad, index), zeilen, gesehen)


def _zeile(zeilen: dict[Pfad, int], loc: Pfad, typ: str = "") -> tuple[int | None, str]:
    """Zeile und lesbarer Feldname zu einem pydantic-'loc'.

    Ein 'loc' enthält neben Schlüsseln und Indizes auch Namen von Union-Varianten; gezählt wird
    nur, was es in der Datei gibt. Fehlt ein Pflichtfeld, gehört sein Name zum Feldnamen und die
    Zeile ist die des umgebenden Eintrags.
    """
    gefunden: Pfad = ()
    for teil in loc:
        if (*gefunden, teil) in zeilen:
            gefunden = (*gefunden, teil)
    teile = list(gefunden)
    if typ == "missing" and loc and isinstance(loc[-1], str) and loc[-1] not in gefunden[-1:]:
        teile.append(loc[-1])
    feld = "".join(f"[{t}]" if isinstance(t, int) else f".{t}" for t in teile).lstrip(".")
    return zeilen.get(gefunden, 1), feld


_MELDUNGEN = {
    "missing": "Pflichtfeld fehlt.",
    "extra_forbidden": "unbekanntes Feld (Tippfehler?).",
    "string_type": "Text erwartet.",
    "string_too_short": "darf nicht leer sein.",
    "string_pattern_mismatch": "Schreibweise nicht erlaubt (Muster {pattern}).",
    "int_parsing": "ganze Zahl erwartet.",
    "int_type": "ganze Zahl erwartet.",
    "int_from_float": "ganze Zahl erwartet.",
    "decimal_parsing": "Zahl erwartet.",
    "decimal_type": "Zahl erwartet.",
    "decimal_max_places": "höchstens {decimal_places} Nachkommastellen.",
    "decimal_max_digits": "höchstens {max_digits} Stellen.",
    "date_parsing": "Datum im Format JJJJ-MM-TT erwartet.",
    "date_type": "Datum im Format JJJJ-MM-TT erwartet.",
    "date_from_datetime_inexact": "Datum ohne Uhrzeit erwartet.",
    "bool_parsing": "true oder false erwartet.",
    "bool_type": "true oder false erwartet.",
    "list_type": "Liste erwartet.",
    "dict_type": "Zuordnung (Schlüssel: Wert) erwartet.",
    "model_type": "Zuordnung (Schlüssel: Wert) erwartet.",
    "model_attributes_type": "Zuordnung (Schlüssel: Wert) erwartet.",
    "too_short": "zu wenige Einträge (mindestens {min_length}).",
    "greater_than_equal": "muss mindestens {ge} sein.",
    "greater_than": "muss größer als {gt} sein.",
    "less_than_equal": "darf höchstens {le} sein.",
    "literal_error": "ungültiger Wert, erlaubt: {expected}.",
    "union_tag_invalid": "unbekannte Art {tag}, erlaubt: {expected_tags}.",
    "union_tag_not_found": "Angabe '{discriminator}' fehlt.",
}


def _deutsch(fehler: dict[str, Any]) -> str:
    vorlage = _MELDUNGEN.get(fehler["type"])
    if vorlage is None:
        return fehler["msg"]
    try:
        return vorlage.format(**fehler.get("ctx", {}))
    except (KeyError, IndexError):
        return vorlage


# ---------------------------------------------------------------------------------------------
# Laden und Prüfen
# ---------------------------------------------------------------------------------------------


def lade_regeldatei(pfad: Path, daten_verzeichnis: Path | None = None) -> Regeldatei:
    """Liest und prüft eine Regeldatei. Wirft :class:`RegelnUngueltig` mit Datei, Zeile, Feld."""
    name = str(pfad)
    try:
        text = pfad.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RegelnUngueltig([RegelFehler(name, None, "", "Datei ist nicht UTF-8.")]) from None
    except OSError as fehler:
        raise RegelnUngueltig(
            [RegelFehler(name, None, "", f"nicht lesbar ({fehler.strerror})")]
        ) from None
    try:
        daten, zeilen = _lies_yaml(text)
    except _YamlFehler as fehler:
        raise RegelnUngueltig([RegelFehler(name, fehler.zeile, "", fehler.meldung)]) from None
    if not isinstance(daten, dict):
        raise RegelnUngueltig([RegelFehler(name, 1, "", "Zuordnung (Schlüssel: Wert) erwartet.")])
    try:
        regeln = Regeldatei.model_validate(daten)
    except ValidationError as fehler:
        liste = []
        for f in fehler.errors():
            zeile, feld = _zeile(zeilen, tuple(f["loc"]), f["type"])
            liste.append(RegelFehler(name, zeile, feld, _deutsch(f)))
        raise RegelnUngueltig(_eindeutig(liste)) from None
    fehler_liste = [
        RegelFehler(name, *_zeile(zeilen, loc), meldung)
        for loc, meldung in _pruefe_bezuege(regeln, daten_verzeichnis)
    ]
    erwarteter_name = pfad.stem
    if regeln.id != erwarteter_name:
        zeile, _ = _zeile(zeilen, ("id",))
        fehler_liste.append(
            RegelFehler(
                name, zeile, "id", f"'{regeln.id}' passt nicht zum Dateinamen '{pfad.name}'."
            )
        )
    if fehler_liste:
        raise RegelnUngueltig(fehler_liste)
    return regeln


def _eindeutig(liste: list[RegelFehler]) -> list[RegelFehler]:
    gesehen: set[tuple] = set()
    ergebnis = []
    for f in liste:
        schluessel = (f.zeile, f.feld)
        if schluessel not in gesehen:
            gesehen.add(schluessel)
            ergebnis.append(f)
    return ergebnis


# Typen der Namen, auf die sich Bedingungen und Formeln beziehen können.
_ZAHL = {"ganzzahl", "betrag", "anteil", "tage", "anzahl"}


def _namen(regeln: Regeldatei) -> dict[str, str]:
    """Alle Namen, die eine Bedingung verwenden kann, mit ihrem Typ."""
    namen = {name: e.typ for name, e in regeln.eingaben.items()}
    namen["stichtag"] = "datum"
    if regeln.betrag is not None:
        namen["zuwendung"] = "betrag"
        if isinstance(regeln.betrag, FHoechstbetrag):
            namen["hoechstbetrag"] = "betrag"
    typen = {"differenz": "betrag", "plus_monate": "datum", "anzahl": "anzahl"}
    for name, wert in regeln.werte.items():
        namen[name] = typen[wert.art]
    if regeln.kontingente:
        namen["tage_verfuegbar"] = "tage"
    if regeln.angebote:
        namen["angebote_aktiv"] = "anzahl"
    return namen


def _pruefe_bezuege(regeln: Regeldatei, daten: Path | None) -> list[tuple[Pfad, str]]:
    """Prüfungen über Felder hinweg: Verweise auf Quellen, Eingaben, Werte, Datensätze."""
    fehler: list[tuple[Pfad, str]] = []
    namen = _namen(regeln)

    def quelle(verweis: Any, pfad: Pfad) -> None:
        if verweis is None:
            return
        liste = verweis if isinstance(verweis, list) else [verweis]
        for i, eintrag in enumerate(liste):
            if isinstance(eintrag, str) and eintrag not in regeln.quellen:
                ort = (*pfad, i) if isinstance(verweis, list) else pfad
                fehler.append((ort, f"unbekannte Quelle '{eintrag}' (nicht in 'quellen')."))

    def name(wert: str, pfad: Pfad, typen: set[str] | None = None) -> None:
        if wert not in namen:
            fehler.append((pfad, f"unbekannter Wert '{wert}'; bekannt: {', '.join(namen)}."))
        elif typen and namen[wert] not in typen:
            fehler.append(
                (pfad, f"'{wert}' hat den Typ {namen[wert]}, erwartet: {'/'.join(typen)}.")
            )

    def bedingung(b: Any, pfad: Pfad) -> None:
        if b.art in ("minimum", "maximum"):
            name(b.wert, (*pfad, "wert"), _ZAHL | {"datum"})
            if isinstance(b.grenze, Verweis):
                name(b.grenze.wert, (*pfad, "grenze", "wert"))
            elif b.wert in namen:
                ist_datum = namen[b.wert] == "datum"
                if ist_datum != isinstance(b.grenze, date):
                    fehler.append(((*pfad, "grenze"), "Grenze passt nicht zum Typ des Werts."))
        elif b.art in ("muss_ja", "ausschluss_wenn_ja"):
            name(b.wert, (*pfad, "wert"), {"ja_nein"})
        elif b.art == "zeitraum":
            name(b.wert, (*pfad, "wert"), {"datum"})
            if b.von and b.bis and b.von > b.bis:
                fehler.append(((*pfad, "bis"), "'bis' liegt vor 'von'."))
        elif b.art == "eine_von":
            name(b.wert, (*pfad, "wert"), {"auswahl"})
            eingabe = regeln.eingaben.get(b.wert)
            if isinstance(eingabe, EAuswahl):
                for i, w in enumerate(b.werte):
                    if w not in eingabe.werte:
                        fehler.append(((*pfad, "werte", i), f"'{w}' ist keine Wahl von {b.wert}."))
        elif b.art == "gleich":
            name(b.wert, (*pfad, "wert"))
            eingabe = regeln.eingaben.get(b.wert)
            if isinstance(eingabe, EAuswahl) and str(b.gleich) not in eingabe.werte:
                fehler.append(
                    (
                        (*pfad, "gleich"),
                        f"'{b.gleich}' ist keine Wahl von {b.wert}; erlaubt: "
                        + ", ".join(eingabe.werte)
                        + ".",
                    )
                )
        elif b.art == "in_datensatz":
            name(b.wert, (*pfad, "wert"), {"kommune"})
            if daten is not None and not (daten / f"{b.datensatz}.csv").is_file():
                fehler.append(((*pfad, "datensatz"), f"Datensatz data/{b.datensatz}.csv fehlt."))
        else:
            name(b.wert, (*pfad, "wert"))

    for i, k in enumerate(regeln.kriterien):
        bedingung(k, ("kriterien", i))
        quelle(k.quelle, ("kriterien", i, "quelle"))
        if k.art in ("fehlt", "angegeben"):  # pragma: no cover - durch das Modell ausgeschlossen
            fehler.append((("kriterien", i, "art"), "nur in Hinweisen erlaubt."))
    ids = [k.id for k in regeln.kriterien]
    for i, k in enumerate(regeln.kriterien):
        if ids.count(k.id) > 1 or k.id == "foerderzeitraum":
            fehler.append((("kriterien", i, "id"), f"Kriterium '{k.id}' ist schon vergeben."))
    for i, h in enumerate(regeln.hinweise):
        if h.wenn is not None:
            bedingung(h.wenn, ("hinweise", i, "wenn"))
        quelle(h.quelle, ("hinweise", i, "quelle"))
        try:
            platzhalter = [feld for _, feld, _, _ in string.Formatter().parse(h.text)]
        except ValueError as f:
            fehler.append(
                (
                    ("hinweise", i, "text"),
                    f"Platzhalter falsch geschrieben ({f}); "
                    "Werte stehen in {name}, eine geschweifte Klammer als {{ oder }}.",
                )
            )
            platzhalter = []
        for feld in platzhalter:
            if feld is None:
                continue
            if not re.fullmatch(r"[a-z][a-z0-9_]*", feld):
                fehler.append((("hinweise", i, "text"), f"Platzhalter {{{feld}}} nicht erlaubt."))
            elif feld not in namen:
                fehler.append((("hinweise", i, "text"), f"unbekannter Platzhalter {{{feld}}}."))
    if regeln.gueltigkeit is not None:
        quelle(regeln.gueltigkeit.quelle, ("gueltigkeit", "quelle"))
    f = regeln.betrag
    if f is not None:
        quelle(f.quelle, ("betrag", "quelle"))
        if isinstance(f, FProEinheit):
            name(f.einheit, ("betrag", "einheit"), {"ganzzahl"})
        elif isinstance(f, FAnteilKosten):
            name(f.kosten, ("betrag", "kosten"), {"betrag"})
        else:
            if f.antrag is not None:
                name(f.antrag, ("betrag", "antrag"), {"betrag"})
            if f.nach is not None:
                name(f.nach, ("betrag", "nach"), {"auswahl"})
                eingabe = regeln.eingaben.get(f.nach)
                if isinstance(eingabe, EAuswahl):
                    for wahl in eingabe.werte:
                        if wahl not in f.staffel:
                            fehler.append((("betrag", "staffel"), f"Betrag für '{wahl}' fehlt."))
    for n, w in regeln.werte.items():
        pfad = ("werte", n)
        if isinstance(w, WDifferenz):
            name(w.von, (*pfad, "von"), {"betrag"})
            name(w.minus, (*pfad, "minus"), {"betrag"})
        elif isinstance(w, WPlusMonate):
            name(w.datum, (*pfad, "datum"), {"datum"})
            name(w.monate, (*pfad, "monate"), {"ganzzahl"})
        else:
            name(w.liste, (*pfad, "liste"), {"liste"})
    for n in regeln.eingaben:
        if n in _FESTE_NAMEN:
            fehler.append((("eingaben", n), f"'{n}' ist ein fester Name der Engine."))
    for n in regeln.werte:
        if n in regeln.eingaben or n in _FESTE_NAMEN:
            fehler.append((("werte", n), f"'{n}' ist schon eine Eingabe oder ein fester Name."))
    for i, m in enumerate(regeln.module):
        quelle(m.quelle, ("module", i, "quelle"))
        if m.vor_ort + m.ergebnisbesprechung != m.tage:
            fehler.append((("module", i, "tage"), "vor_ort + ergebnisbesprechung ≠ tage."))
    nummern = {m.nr for m in regeln.module}
    for i, k in enumerate(regeln.kontingente):
        quelle(k.quelle, ("kontingente", i, "quelle"))
        for j, nr in enumerate(k.module):
            if nr not in nummern:
                fehler.append((("kontingente", i, "module", j), f"Modul {nr} ist nicht definiert."))
        if k.setzt_voraus_modul is not None and k.setzt_voraus_modul not in nummern:
            fehler.append((("kontingente", i, "setzt_voraus_modul"), "Modul nicht definiert."))
    modul_eingaben = [n for n, e in regeln.eingaben.items() if e.typ == "module"]
    if modul_eingaben and not regeln.kontingente:
        fehler.append((("eingaben", modul_eingaben[0]), "Eingabe vom Typ module ohne kontingente."))
    if regeln.kontingente and len(modul_eingaben) != 1:
        fehler.append((("kontingente",), "Kontingente brauchen genau eine Eingabe vom Typ module."))
    for i, a in enumerate(regeln.angebote):
        quelle(a.quelle, ("angebote", i, "quelle"))
    for i, t in enumerate(regeln.termine):
        quelle(t.quelle, ("termine", i, "quelle"))
        if (t.datum is None) == (t.von is None and t.bis is None):
            fehler.append((("termine", i), "entweder 'datum' oder 'von'/'bis' angeben."))
    for i, c in enumerate(regeln.checklisten):
        quelle(c.quelle, ("checklisten", i, "quelle"))
    for i, b in enumerate(regeln.budget):
        quelle(b.quelle, ("budget", i, "quelle"))
    optionen: dict[str, Pfad] = {}
    for n, e in regeln.eingaben.items():
        schalter = [e.option or "--" + n.replace("_", "-")]
        if isinstance(e, EJaNein) and e.option_nein:
            schalter.append(e.option_nein)
        if isinstance(e, EAuswahl):
            schalter += [w.option for w in e.werte.values() if w.option]
        for s in schalter:
            if s in optionen or s in _FESTE_OPTIONEN:
                fehler.append((("eingaben", n), f"Option {s} ist doppelt vergeben."))
            optionen[s] = ("eingaben", n)
        if isinstance(e, EAuswahl):
            mit = [w.option for w in e.werte.values() if w.option]
            if mit and len(e.werte) != 2:
                fehler.append(
                    (
                        ("eingaben", n, "werte"),
                        "Schalter (option) gibt es nur für genau zwei Wahlen "
                        "(ein Schalterpaar wie --einzelvorhaben/--gemeinschaftsvorhaben).",
                    )
                )
            elif mit and len(mit) != len(e.werte):
                fehler.append(
                    (("eingaben", n, "werte"), "entweder alle Wahlen mit option oder keine.")
                )
    if regeln.batch is not None:
        for i, n in enumerate(regeln.batch.wenn):
            if n not in regeln.eingaben:
                fehler.append((("batch", "wenn", i), f"'{n}' ist keine Eingabe."))
    if regeln.verbund is not None:
        name(regeln.verbund.zaehlt, ("verbund", "zaehlt"), {"ganzzahl"})
    for i, t in enumerate(regeln.testfaelle):
        for n in t.eingaben:
            if n not in regeln.eingaben:
                fehler.append((("testfaelle", i, "eingaben", n), f"'{n}' ist keine Eingabe."))
        for n in t.erwartet.kriterien:
            if n not in ids and n != "foerderzeitraum":
                fehler.append((("testfaelle", i, "erwartet", "kriterien", n), "unbekannt."))
    return fehler


# Namen, die die Engine selbst belegt (berechnete Zuwendung, Stichtag, Blöcke).
_FESTE_NAMEN = {"stichtag", "zuwendung", "hoechstbetrag", "tage_verfuegbar", "angebote_aktiv"}

_FESTE_OPTIONEN = {"--stichtag", "--format", "--erklaeren", "--regeln", "--help", "--kommune-info"}


def lies_datensatz_ags(pfad: Path) -> list[str]:
    """Die AGS-Spalte eines Datensatzes (z. B. data/modellkommunen.csv)."""
    with pfad.open(encoding="utf-8", newline="") as datei:
        return [zeile["ags"].strip() for zeile in csv.DictReader(datei)]
