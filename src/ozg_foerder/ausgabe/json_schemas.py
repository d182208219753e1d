"""Die JSON-Ausgaben als JSON Schema (Draft-07): ``ozg-foerder schema NAME``.

Ein Vertrag für Programme, die das JSON lesen: dieselben Wörter für dieselben Dinge in
``check``, ``uebersicht``, ``fristen`` und ``batch`` – ``ergebnis`` ist ``foerderfaehig``,
``offen`` oder ``nicht_foerderfaehig``; Geld ist ein Dezimaltext mit zwei Stellen
(``"75000.00"``), Tage und Anteile sind Dezimaltexte (``"5.5"``, ``"0.18"``), nie eine
Gleitkommazahl; Zählungen sind ganze Zahlen; Daten ISO (``"2022-03-14"``). Ein Fehler im
JSON-Modus ist ``{"fehler": {…}}`` (Schema ``fehler``). Die Tests prüfen echte Ausgaben gegen
diese Schemas.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

__all__ = ["DRAFT_07", "SCHEMAS", "schema"]

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

GELD = {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "description": "Euro, zwei Stellen"}
DEZIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "description": "Dezimaltext"}
DATUM = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "ISO-Datum"}
TEXT = {"type": "string"}
TEXTE = {"type": "array", "items": TEXT}
ERGEBNIS = {"type": "string", "enum": ["foerderfaehig", "offen", "nicht_foerderfaehig"]}
STATUS = {"type": "string", "enum": ["erfuellt", "nicht_erfuellt", "offen"]}
# Eingaben im Typ ihrer Eingabe: ganze Zahl, Dezimaltext, Datum, ja/nein, Liste – nie float
EINGABE_WERT = {
    "anyOf": [
        {"type": "integer"},
        {"type": "string"},
        {"type": "boolean"},
        {"type": "null"},
        {"type": "array", "items": {"type": ["string", "integer"]}},
    ]
}


def _oder_null(s: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [s, {"type": "null"}]}


def _objekt(
    pflicht: dict[str, Any], frei: dict[str, Any] | None = None, *, offen: bool = False
) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {**pflicht, **(frei or {})},
        "required": list(pflicht),
        "additionalProperties": offen,
    }


QUELLE = _objekt(
    {"dokument": TEXT},
    {"abschnitt": TEXT, "zitat": TEXT, "anmerkung": TEXT, "abgeleitet": {"type": "boolean"}},
)

KOMMUNE = _objekt(
    {
        "ags": {"type": "string", "pattern": "^[0-9]{8}$"},
        "name": TEXT,
        "name_amtlich": TEXT,
        "art": TEXT,
        "kreis": TEXT,
        "regierungsbezirk": TEXT,
    }
)

KRITERIUM = _objekt(
    {
        "id": TEXT,
        "text": TEXT,
        "status": STATUS,
        "quelle": TEXT,
        "anforderung": TEXT,
        "angegeben": TEXT,
        "quellen": {"type": "array", "items": QUELLE},
    },
    {"grund": TEXT},
)

MODUL = _objekt(
    {
        "nr": {"type": "integer"},
        "titel": TEXT,
        "tage": DEZIMAL,
        "vor_ort": DEZIMAL,
        "ergebnisbesprechung": DEZIMAL,
        "bereich": TEXT,
        "status": {"type": "string", "enum": ["genutzt", "foerderfaehig", "nicht_foerderfaehig"]},
        "kontingent": _oder_null(TEXT),
        "kontingent_name": _oder_null(TEXT),
        "finanzierung": _oder_null(TEXT),
        "frist": _oder_null(DATUM),
        "voraussetzung": _oder_null(TEXT),
        "grund": TEXT,
        "quelle": TEXT,
        "kontingent_quelle": _oder_null(TEXT),
        "kontingent_quellen": {"type": "array", "items": QUELLE},
    }
)

WAHL = _objekt(
    {
        "kontingent": TEXT,
        "name": TEXT,
        "module": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "wählbare Module dieses Kontingents, das beste zuerst; je Kontingent "
            "wird eines gefördert",
        },
        "beste": {"type": "array", "items": {"type": "integer"}},
        "tage": DEZIMAL,
        "zusaetzlich_zu_modul": _oder_null({"type": "integer"}),
        "bis": _oder_null(DATUM),
    }
)

ANGEBOT = _objekt(
    {
        "id": TEXT,
        "text": TEXT,
        "leistung": TEXT,
        "kosten": TEXT,
        "status": {"type": "string", "enum": ["aktiv", "beendet", "beginnt"]},
        "finanzierung": _oder_null(TEXT),
        "von": _oder_null(DATUM),
        "bis": _oder_null(DATUM),
        "quelle": TEXT,
    }
)

KONTAKT = _objekt({"wert": TEXT}, {"art": TEXT, "bezeichnung": TEXT}, offen=True)
REGELSATZ = {
    **_objekt({"stand": DATUM, "fingerabdruck": TEXT, "version": TEXT}),
    "description": "womit gerechnet wurde: jüngster Stand, Fingerabdruck der Regeln, Version",
}

CHECK = {
    "title": "ozg-foerder check PROGRAMM --format json",
    **_objekt(
        {
            "programm": TEXT,
            "name": TEXT,
            "stichtag": DATUM,
            "ergebnis": ERGEBNIS,
            "betrag": {
                **_oder_null(GELD),
                "description": "null: nicht förderfähig, eine Angabe fehlt oder kein Geldbetrag",
            },
            "kriterien": {"type": "array", "items": KRITERIUM},
            "offen": {"type": "array", "items": TEXT, "description": "IDs offener Kriterien"},
            "hinweise": TEXTE,
            "eingaben": {"type": "object", "additionalProperties": EINGABE_WERT},
            "regeln_stand": DATUM,
            "kontakt": {"type": "array", "items": KONTAKT},
            "haftung": TEXT,
        },
        {
            "regeln": REGELSATZ,
            "betrag_regel": TEXT,
            "betrag_rechenweg": _oder_null(TEXT),
            "betrag_quelle": TEXT,
            "kommune": KOMMUNE,
            "werte": {"type": "object", "additionalProperties": EINGABE_WERT},
            "tage_verfuegbar": _oder_null(DEZIMAL),
            "module": {"type": "array", "items": MODUL},
            "wahl": {"type": "array", "items": WAHL},
            "angebote": {"type": "array", "items": ANGEBOT},
            "checklisten": {
                "type": "array",
                "items": _objekt({"id": TEXT, "titel": TEXT, "punkte": TEXTE, "quelle": TEXT}),
            },
        },
    ),
}

ANGABE = _objekt(
    {
        "eingabe": {"type": "string", "description": "Name der Eingabe (wie in eingaben)"},
        "text": TEXT,
        "optionen": {"type": "array", "items": TEXT, "description": "so gibt man sie an"},
        "erforderlich": {"type": "boolean"},
    }
)

UEBERSICHT_PROGRAMM = _objekt(
    {
        "programm": TEXT,
        "name": TEXT,
        "ergebnis": ERGEBNIS,
        "geschlossen": {"type": "boolean", "description": "der Förderzeitraum ist vorbei"},
        "betrag": {**_oder_null(GELD), "description": "wie check: aus den Angaben"},
        "bis_zu": {**_oder_null(GELD), "description": "höchste Zuwendung am Stichtag"},
        "tage_verfuegbar": _oder_null(DEZIMAL),
        "frist": _oder_null(DATUM),
        "gruende": TEXTE,
        "fehlende_angaben": {"type": "array", "items": ANGABE},
        "optionale_angaben": {"type": "array", "items": ANGABE},
        "vorschau": {"$ref": "#/definitions/check"},
    }
)

UEBERSICHT = {
    "title": "ozg-foerder uebersicht KOMMUNE --format json",
    **_objekt(
        {
            "kommune": KOMMUNE,
            "stichtag": DATUM,
            "regeln": REGELSATZ,
            "hinweise": TEXTE,
            "programme": {"type": "array", "items": UEBERSICHT_PROGRAMM},
        }
    ),
    "definitions": {"check": CHECK},
}

FRIST = _objekt(
    {
        "programm": TEXT,
        "text": TEXT,
        "von": _oder_null(DATUM),
        "bis": _oder_null(DATUM),
        "status": {"type": "string", "enum": ["laeuft", "abgelaufen", "beginnt", "ohne_frist"]},
        "tage": {
            **_oder_null({"type": "integer", "minimum": 0}),
            "description": "bis zum Ende (läuft), bis zum Beginn, seit dem Ende (abgelaufen)",
        },
        "quelle": TEXT,
        "abgeleitet": {"type": "boolean"},
    },
    {"weich": {"type": "boolean"}, "pruefen": TEXT},
)

FRISTEN = {
    "title": "ozg-foerder fristen --format json",
    **_objekt(
        {"stichtag": DATUM, "regeln": REGELSATZ, "fristen": {"type": "array", "items": FRIST}}
    ),
}

BATCH_ERGEBNIS = {
    "type": "object",
    "properties": {
        "ergebnis": ERGEBNIS,
        "betrag": _oder_null(GELD),
        "rechenweg": TEXT,
        "kriterien": {"type": "object", "additionalProperties": STATUS},
        "offen": TEXTE,
        "nicht_erfuellt": TEXTE,
        "eingaben": {"type": "object", "additionalProperties": EINGABE_WERT},
        "ags": TEXT,
        "werte": {"type": "object", "additionalProperties": EINGABE_WERT},
        "tage_verfuegbar": _oder_null(DEZIMAL),
        "module": {"type": "object"},
        "angebote": {"type": "object", "additionalProperties": TEXT},
        "hinweise": TEXTE,
        "weitere_hinweise": TEXTE,
        "verbund": {"type": "object"},
        "quellen": TEXTE,
    },
    "required": ["ergebnis", "betrag"],
    "additionalProperties": False,
}

BATCH = {
    "title": "ozg-foerder batch DATEI --format json",
    **_objekt(
        {
            "format": {"type": "string", "enum": ["ozg-foerder/batch/2"]},
            "stichtag": DATUM,
            "regeln": REGELSATZ,
            "eingabe": _oder_null(_objekt({"datei": TEXT, "sha256": _oder_null(TEXT)})),
            "optionen": _oder_null({"type": "object"}),
            "programme": {"type": "object", "additionalProperties": {"type": "object"}},
            "quellen": {"type": "object", "additionalProperties": QUELLE},
            "hinweise": TEXTE,
            "zeilen": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "zeile": {"type": "integer", "description": "Zeilennummer wie in Excel"},
                        "kommune": _oder_null(TEXT),
                        "ergebnisse": {"type": "object", "additionalProperties": BATCH_ERGEBNIS},
                        "fehler": {},
                    },
                    "required": ["zeile"],
                },
            },
            "zusammenfassung": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "foerderfaehig": {"type": "integer"},
                        "offen": {"type": "integer"},
                        "nicht_foerderfaehig": {"type": "integer"},
                        "fehler": {"type": "integer"},
                        "summe_foerderfaehig": GELD,
                        "summe_offen": GELD,
                        "verbuende": {"type": "integer"},
                    },
                    "required": ["foerderfaehig", "offen", "nicht_foerderfaehig", "fehler"],
                },
            },
            "gesamt": _objekt(
                {"zeilen": {"type": "integer"}, "fehlerzeilen": {"type": "integer"}}, offen=True
            ),
        },
        offen=True,
    ),
}

FEHLER = {
    "title": "Ein Fehler im JSON-Modus (stdout; die deutsche Meldung steht auf stderr)",
    **_objekt(
        {
            "fehler": _objekt(
                {
                    "meldung": TEXT,
                    "hilfe": _oder_null(TEXT),
                    "exit": {"type": "integer", "enum": [2, 3, 130]},
                },
                {
                    "feld": {**_oder_null(TEXT), "description": "Option, um die es geht"},
                    "wert": _oder_null(TEXT),
                },
            )
        }
    ),
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "check": CHECK,
    "uebersicht": UEBERSICHT,
    "fristen": FRISTEN,
    "batch": BATCH,
    "fehler": FEHLER,
}


def schema(name: str) -> dict[str, Any]:
    """Das Schema ``name`` (siehe :data:`SCHEMAS`) als eigenständiges Draft-07-Dokument."""
    return {"$schema": DRAFT_07, **deepcopy(SCHEMAS[name])}
