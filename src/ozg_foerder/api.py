"""Die Python-API: dieselbe Auswertung wie die Kommandozeile, ohne sie.

``pruefe("ikz", {"kommunen": 4, "einsparung": "0,18"}, stichtag="14.03.2022")`` liest die
Eingaben wie die Kommandozeile (deutsche Schreibweisen, ``None`` = nicht angegeben), löst
Kommunennamen im Verzeichnis auf und wertet das Programm am Stichtag aus.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ozg_foerder.ausgabe.text import als_dict, als_text
from ozg_foerder.eingaben.werte import AngabeFehlt, EingabeFehler, ist_leer, lies_datum
from ozg_foerder.engine.auswertung import Ergebnis, werte_aus
from ozg_foerder.engine.programm import Programm
from ozg_foerder.regeln.katalog import Katalog, lade_katalog

__all__ = [
    "EingabeFehler",
    "Ergebnis",
    "UnbekanntesProgramm",
    "als_dict",
    "als_text",
    "katalog",
    "lies_eingaben",
    "lies_stichtag",
    "pruefe",
]


class UnbekanntesProgramm(EingabeFehler):
    def __init__(self, wert: str, bekannt: list[str]) -> None:
        aehnlich = difflib.get_close_matches(wert, bekannt, n=1)
        grund = f"Meinten Sie „{aehnlich[0]}“?" if aehnlich else "Dieses Programm gibt es nicht."
        super().__init__("programm", wert, ", ".join(bekannt), grund=grund)


_KATALOGE: dict[str, Katalog] = {}


def katalog(regeln: str | os.PathLike[str] | None = None) -> Katalog:
    """Die Programme eines Regelverzeichnisses (``None``: die mitgelieferten Regeln).

    Liest keine Umgebungsvariable: ``OZG_FOERDER_REGELN`` gilt nur für die Kommandozeile, die
    sie einmal liest und als Argument weitergibt. Gemerkt wird der Katalog je Verzeichnis.
    """
    schluessel = str(regeln or "")
    if schluessel not in _KATALOGE:
        _KATALOGE[schluessel] = lade_katalog(regeln)
    return _KATALOGE[schluessel]


def programm(programm_id: str, kat: Katalog) -> Programm:
    if programm_id not in kat:
        raise UnbekanntesProgramm(programm_id, kat.ids)
    return kat.programm(programm_id)


def lies_stichtag(roh: date | str | None) -> date:
    """Stichtag aus ISO- oder deutschem Datum; ohne Angabe heute."""
    if roh is None or (isinstance(roh, str) and roh.strip().lower() in ("", "heute")):
        return date.today()
    wert = lies_datum(roh, "stichtag")
    assert wert is not None
    return wert


def lies_eingaben(
    p: Programm, roh: Mapping[str, Any], *, vorschau: bool = False
) -> tuple[dict[str, Any], list[str]]:
    """Rohwerte → Werte im Typ der Eingaben; dazu Hinweise aus der Kommunensuche.

    Fehlt eine erforderliche Eingabe, ist das ein :class:`EingabeFehler` – außer in der
    ``vorschau`` (Übersicht), die zeigt, was ohne sie schon feststeht.
    """
    werte: dict[str, Any] = {}
    hinweise: list[str] = []
    for name, wert in roh.items():
        eingabe = p.eingaben.get(name)
        if eingabe is None:
            raise EingabeFehler(
                name, wert, "die Eingaben von " + p.id + ": " + ", ".join(p.eingaben)
            )
        if eingabe.typ == "kommune" and not hasattr(wert, "ags") and not ist_leer(wert):
            from ozg_foerder.eingaben.kommunen import verzeichnis

            if isinstance(wert, bool) or not isinstance(wert, str | int | float | Decimal):
                raise EingabeFehler(name, wert, "Name oder AGS einer hessischen Kommune als Text")
            wert, neu = verzeichnis().suche(str(wert) if isinstance(wert, Decimal) else wert, name)
            hinweise.extend(neu)
        werte[name] = eingabe.lies(wert)
    if not vorschau:
        for name in p.erforderlich:
            if werte.get(name) is None:
                e = p.eingaben[name]
                raise AngabeFehlt(name, e.text, e.erlaubt())
    return werte, hinweise


def pruefe(
    programm_id: str,
    eingaben: Mapping[str, Any] | None = None,
    *,
    stichtag: date | str | None = None,
    regeln: str | os.PathLike[str] | None = None,
    vorschau: bool = False,
) -> Ergebnis:
    """Wertet ein Programm aus. Wirft :class:`EingabeFehler` bei unzulässigen Eingaben."""
    p = programm(programm_id, katalog(regeln))
    tag = lies_stichtag(stichtag)
    werte, hinweise = lies_eingaben(p, eingaben or {}, vorschau=vorschau)
    ergebnis = werte_aus(p, werte, tag)
    ergebnis.weitere_hinweise.extend(hinweise)
    return ergebnis
