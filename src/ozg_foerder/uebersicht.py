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

__all__ = ["Zeile", "uebersicht"]

MOEGLICH = "moeglich"
GESCHLOSSEN = "geschlossen"
NICHT_MOEGLICH = "nicht_moeglich"


class Zeile(NamedTuple):
    programm: Programm
    ergebnis: Ergebnis
    status: str
    gruende: list[str]
    fehlende: list[str]  # Optionen, die eine vollständige Prüfung braucht
    optional: list[str]  # weitere Optionen, die Hinweise oder Werte genauer machen
    bis_zu: Decimal | None

    def als_dict(self) -> dict[str, Any]:
        from ozg_foerder.ausgabe.text import als_dict

        e = self.ergebnis
        return {
            "programm": self.programm.id,
            "name": self.programm.name,
            "status": self.status,
            "ergebnis": e.ergebnis,
            "bis_zu": f"{self.bis_zu:.2f}" if self.bis_zu is not None else None,
            "tage_verfuegbar": f"{e.tage_verfuegbar:.1f}"
            if e.tage_verfuegbar is not None
            else None,
            "frist": _frist(self.programm),
            "gruende": self.gruende,
            "fehlende_angaben": self.fehlende,
            "optionale_angaben": self.optional,
            # eine Vorschau, keine vollständige Prüfung: fehlt eine erforderliche Angabe
            # (IKZ: kommunen), ist "betrag" auch bei "offen" null – dafür steht "bis_zu"
            "vorschau": als_dict(e),
        }


def _frist(p: Programm) -> str | None:
    if p.gueltigkeit is None or p.gueltigkeit[1] is None:
        return None
    return p.gueltigkeit[1].isoformat()


def uebersicht(programme: list[Programm], kommune: Any, stichtag: date) -> list[Zeile]:
    zeilen = []
    for p in (p.am(stichtag) for p in programme):
        roh = {n: kommune for n, e in p.eingaben.items() if e.typ == "kommune"}
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
            text = "/".join(eingabe.schalter) + (" (erforderlich)" if eingabe.erforderlich else "")
            (fehlende if name in benoetigt else optional).append(text)
        bis_zu = None
        if p.formel is not None and status == MOEGLICH:
            bis_zu = p.formel.hoechstmoeglich()
        zeilen.append(Zeile(p, e, status, gruende, fehlende, optional, bis_zu))
    return zeilen
