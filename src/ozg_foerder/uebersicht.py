"""Eine Kommune, alle Programme: was sie noch bekommen kann, was geschlossen ist, was fehlt.

Jedes Programm wird mit dem ausgewertet, was über die Kommune bekannt ist (ihr Name für die
Programme mit einer Kommunen-Eingabe), ohne die übrigen Angaben zu verlangen. Das Ergebnis
zeigt, was schon feststeht – etwa ein abgelaufener Förderzeitraum oder dass eine Stadt keine
Modellkommune ist – und welche Angaben eine vollständige Prüfung noch braucht.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from ozg_foerder.api import lies_eingaben
from ozg_foerder.engine.auswertung import NICHT_FOERDERFAEHIG, Ergebnis, werte_aus
from ozg_foerder.engine.bedingungen import NICHT_ERFUELLT
from ozg_foerder.engine.programm import Programm

__all__ = ["Zeile", "angabe_text", "uebersicht"]

MOEGLICH = "moeglich"
GESCHLOSSEN = "geschlossen"
NICHT_MOEGLICH = "nicht_moeglich"


class Zeile(NamedTuple):
    programm: Programm
    ergebnis: Ergebnis
    status: str
    gruende: list[str]
    fehlende: list[str]  # Eingaben (Namen), die eine vollständige Prüfung braucht
    optional: list[str]  # weitere Eingaben, die Hinweise oder Werte genauer machen
    bis_zu: Decimal | None

    def als_dict(self) -> dict[str, Any]:
        from ozg_foerder.ausgabe.text import als_dict
        from ozg_foerder.eingaben.definition import json_wert

        e = self.ergebnis
        return {
            "programm": self.programm.id,
            "name": self.programm.name,
            # dieselben Wörter wie check: foerderfaehig | offen | nicht_foerderfaehig
            "ergebnis": e.ergebnis,
            "geschlossen": self.status == GESCHLOSSEN,
            # wie check: der Betrag aus den Angaben (in der Übersicht meist null, weil Angaben
            # fehlen); "bis_zu": der höchste Betrag, den das Programm geben kann
            "betrag": json_wert("betrag", e.betrag),
            "bis_zu": json_wert("betrag", self.bis_zu),
            "tage_verfuegbar": json_wert("tage", e.tage_verfuegbar),
            "frist": _frist(self.programm),
            "gruende": self.gruende,
            "fehlende_angaben": [_angabe_dict(self.programm, n) for n in self.fehlende],
            "optionale_angaben": [_angabe_dict(self.programm, n) for n in self.optional],
            # eine Vorschau, keine vollständige Prüfung: fehlt eine erforderliche Angabe
            # (IKZ: kommunen), ist "betrag" auch bei "offen" null – dafür steht "bis_zu"
            "vorschau": als_dict(e),
        }


def _angabe_dict(p: Programm, name: str) -> dict[str, Any]:
    """Eine fehlende Eingabe für Programme: ihr Name, ihr Text und wie man sie angibt."""
    eingabe = p.eingaben[name]
    return {
        "eingabe": name,
        "text": eingabe.text,
        "optionen": list(eingabe.schalter),
        "erforderlich": bool(eingabe.erforderlich),
    }


def angabe_text(p: Programm, name: str) -> str:
    """Eine fehlende Eingabe für Menschen: ``--kommunen (erforderlich)``."""
    eingabe = p.eingaben[name]
    return "/".join(eingabe.schalter) + (" (erforderlich)" if eingabe.erforderlich else "")


def _frist(p: Programm) -> str | None:
    if p.gueltigkeit is None or p.gueltigkeit[1] is None:
        return None
    return p.gueltigkeit[1].isoformat()


def uebersicht(
    programme: list[Programm], kommune: Any, stichtag: date, genutzt: str | None = None
) -> list[Zeile]:
    """Jedes Programm für ``kommune`` am ``stichtag``; ``genutzt``: schon genutzte
    Beratungsmodule (für jedes Programm mit einer Eingabe vom Typ ``module``)."""
    zeilen = []
    for p in (p.am(stichtag) for p in programme):
        roh = {n: kommune for n, e in p.eingaben.items() if e.typ == "kommune"}
        if genutzt is not None:
            roh.update({n: genutzt for n, e in p.eingaben.items() if e.typ == "module"})
        werte, hinweise = lies_eingaben(p, roh, vorschau=True)
        e = werte_aus(p, werte, stichtag)
        e.weitere_hinweise.extend(hinweise)
        gescheitert = [k for k in e.kriterien if k.status == NICHT_ERFUELLT]
        if e.ergebnis == NICHT_FOERDERFAEHIG:
            status = (
                GESCHLOSSEN
                if any(k.kriterium.id == "foerderzeitraum" for k in gescheitert)
                else NICHT_MOEGLICH
            )
        else:
            status = MOEGLICH
        from ozg_foerder.ausgabe.text import angabe
        from ozg_foerder.ausgabe.worte import kriterium_text

        gruende = [
            f"nicht erfüllt: {kriterium_text(k.kriterium)} – {angabe(k, e, praefix=True)}"
            for k in gescheitert
        ]
        benoetigt = p.benoetigte_eingaben()
        fehlende, optional = [], []
        for name, eingabe in p.eingaben.items():
            if e.ns.get(name) is not None or eingabe.typ == "kommune":
                continue
            (fehlende if name in benoetigt else optional).append(name)
        bis_zu = None
        if p.formel is not None and status == MOEGLICH:
            bis_zu = p.formel.hoechstmoeglich()
        zeilen.append(Zeile(p, e, status, gruende, fehlende, optional, bis_zu))
    return zeilen
