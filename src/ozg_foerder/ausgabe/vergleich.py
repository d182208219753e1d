"""Unterschiede zweier Regelstände in Worten und als JSON.

Berechnet in :mod:`ozg_foerder.regeln.vergleich`.
"""

from __future__ import annotations

from typing import Any

from ozg_foerder.regeln.vergleich import GEAENDERT, NEU, UNBEKANNT, WEG, Unterschied

__all__ = ["als_json", "als_text"]

_ART_TEXT = {GEAENDERT: "geändert", NEU: "neu", WEG: "entfernt"}


def _wert(wert: Any) -> str:
    if wert is UNBEKANNT:
        return "(an diesem Tag noch nicht festgelegt)"
    if wert is None:
        return "–"
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, list):
        return ", ".join(_wert(w) for w in wert)
    return str(wert)


def _json_wert(wert: Any) -> Any:
    return None if wert is UNBEKANNT else wert


def als_text(unterschiede: list[Unterschied], namen: dict[str, str], kopf: str) -> str:
    """Je Programm die Unterschiede, alter und neuer Wert nebeneinander, mit ihren Quellen."""
    zeilen = [kopf, ""]
    programm = None
    for u in unterschiede:
        if u.programm != programm:
            programm = u.programm
            zeilen.append(namen.get(u.programm, u.programm))
        if not u.pfad:
            zeilen.append(
                f"  Programm {_ART_TEXT[u.art]}: {_wert(u.neu if u.art == NEU else u.alt)}"
            )
            continue
        zeilen.append(f"  {u.pfad} ({_ART_TEXT[u.art]})")
        zeilen.append(f"    alt: {_wert(u.alt) if u.art != NEU else '–'}")
        if u.quellen_alt and u.art != NEU:
            zeilen.append(f"         Quelle: {'; '.join(u.quellen_alt)}")
        zeilen.append(f"    neu: {_wert(u.neu) if u.art != WEG else '–'}")
        if u.quellen_neu and u.art != WEG:
            zeilen.append(f"         Quelle: {'; '.join(u.quellen_neu)}")
    if unterschiede:
        zeilen.append("")
        n = len(unterschiede)
        zeilen.append(f"{n} Unterschied{'e' if n != 1 else ''}.")
    else:
        zeilen.append("Keine Unterschiede.")
    return "\n".join(zeilen)


def als_json(unterschiede: list[Unterschied], alt: dict[str, Any], neu: dict[str, Any]) -> dict:
    return {
        "alt": alt,
        "neu": neu,
        "gleich": not unterschiede,
        "unterschiede": [
            {
                "programm": u.programm,
                "pfad": u.pfad,
                "art": u.art,
                "alt": _json_wert(u.alt),
                "neu": _json_wert(u.neu),
                "alt_unbekannt": u.alt is UNBEKANNT,
                "neu_unbekannt": u.neu is UNBEKANNT,
                "quellen_alt": list(u.quellen_alt),
                "quellen_neu": list(u.quellen_neu),
            }
            for u in unterschiede
        ],
    }
