"""Prüfungen über Felder einer Regeldatei hinweg – was pydantic allein nicht sieht.

Verweise auf Quellen, Eingaben und Werte; passende Typen; Wahlen, die es gibt; Datensätze, die
es gibt; Schalter, die nur einmal vergeben sind; Testfälle, die nur bekannte Namen verwenden.
Jeder Befund ist (Pfad in der Datei, Meldung); :mod:`.regeln_laden` macht daraus Datei:Zeile:Feld.
"""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path
from typing import Any

from ozg_foerder.eingaben.definition import standard_option
from ozg_foerder.regeln.schema import (
    EAuswahl,
    EJaNein,
    FAnteilKosten,
    FHoechstbetrag,
    FProEinheit,
    Regeldatei,
    Verweis,
    WDifferenz,
    WPlusMonate,
)

__all__ = [
    "BESCHLUSS_PLATZHALTER",
    "FESTE_NAMEN",
    "FESTE_OPTIONEN",
    "Pfad",
    "pruefe_bezuege",
]

Pfad = tuple[Any, ...]

# Namen, die die Engine selbst belegt (berechnete Zuwendung, Stichtag, Blöcke).
FESTE_NAMEN = {"stichtag", "zuwendung", "hoechstbetrag", "tage_verfuegbar", "angebote_aktiv"}
# Optionen, die jeder check-Befehl schon hat.
FESTE_OPTIONEN = {"--stichtag", "--format", "--erklaeren", "--regeln", "--help"}
# Platzhalter, die die Beschlussvorlage zusätzlich zu den Werten des Programms kennt.
BESCHLUSS_PLATZHALTER = {
    "kommune",  # Name der Kommune, für die die Vorlage ist
    "partner",  # die Partner, "Grünberg und Laubach"
    "partner_satz",  # " gemeinsam mit Grünberg und Laubach" oder leer
    "anzahl_kommunen",  # Kommune und Partner zusammen
    "gremium",  # "Die Gemeindevertretung der Gemeinde Mücke"
    "vorstand",  # "Der Gemeindevorstand", "Der Magistrat", "Der Kreisausschuss"
}
# Typen, mit denen minimum/maximum rechnen können.
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


def pruefe_bezuege(regeln: Regeldatei, daten: Path | None) -> list[tuple[Pfad, str]]:
    """Alle Befunde einer (schon von pydantic geprüften) Regeldatei."""
    return _Bezuege(regeln, daten).pruefe()


class _Bezuege:
    def __init__(self, regeln: Regeldatei, daten: Path | None) -> None:
        self.regeln = regeln
        self.daten = daten
        self.namen = _namen(regeln)
        self.fehler: list[tuple[Pfad, str]] = []

    def pruefe(self) -> list[tuple[Pfad, str]]:
        self._kriterien()
        self._hinweise()
        self._betrag()
        self._werte()
        self._module_und_kontingente()
        self._uebrige_quellen()
        self._optionen()
        self._batch_und_verbund()
        self._testfaelle()
        self._plan()
        return self.fehler

    # -- Bausteine ---------------------------------------------------------------------------

    def _melde(self, pfad: Pfad, meldung: str) -> None:
        self.fehler.append((pfad, meldung))

    def _quelle(self, verweis: Any, pfad: Pfad) -> None:
        if verweis is None:
            return
        liste = verweis if isinstance(verweis, list) else [verweis]
        for i, eintrag in enumerate(liste):
            if isinstance(eintrag, str) and eintrag not in self.regeln.quellen:
                ort = (*pfad, i) if isinstance(verweis, list) else pfad
                self._melde(ort, f"unbekannte Quelle '{eintrag}' (nicht in 'quellen').")

    def _name(self, wert: str, pfad: Pfad, typen: set[str] | None = None) -> None:
        if wert not in self.namen:
            self._melde(pfad, f"unbekannter Wert '{wert}'; bekannt: {', '.join(self.namen)}.")
        elif typen and self.namen[wert] not in typen:
            erwartet = "/".join(sorted(typen))
            self._melde(pfad, f"'{wert}' hat den Typ {self.namen[wert]}, erwartet: {erwartet}.")

    def _wahl(self, eingabe_name: str, wahl: str, pfad: Pfad) -> None:
        eingabe = self.regeln.eingaben.get(eingabe_name)
        if isinstance(eingabe, EAuswahl) and wahl not in eingabe.werte:
            erlaubt = ", ".join(eingabe.werte)
            self._melde(pfad, f"'{wahl}' ist keine Wahl von {eingabe_name}; erlaubt: {erlaubt}.")

    def _bedingung(self, b: Any, pfad: Pfad) -> None:
        if b.art in ("minimum", "maximum"):
            self._name(b.wert, (*pfad, "wert"), _ZAHL | {"datum"})
            if isinstance(b.grenze, Verweis):
                self._name(b.grenze.wert, (*pfad, "grenze", "wert"))
            elif b.wert in self.namen:
                ist_datum = self.namen[b.wert] == "datum"
                if ist_datum != isinstance(b.grenze, date):
                    self._melde((*pfad, "grenze"), "Grenze passt nicht zum Typ des Werts.")
        elif b.art in ("muss_ja", "ausschluss_wenn_ja"):
            self._name(b.wert, (*pfad, "wert"), {"ja_nein"})
        elif b.art == "zeitraum":
            self._name(b.wert, (*pfad, "wert"), {"datum"})
            if b.von and b.bis and b.von > b.bis:
                self._melde((*pfad, "bis"), "'bis' liegt vor 'von'.")
        elif b.art == "eine_von":
            self._name(b.wert, (*pfad, "wert"), {"auswahl"})
            for i, w in enumerate(b.werte):
                self._wahl(b.wert, w, (*pfad, "werte", i))
        elif b.art == "gleich":
            self._name(b.wert, (*pfad, "wert"))
            self._wahl(b.wert, str(b.gleich), (*pfad, "gleich"))
        elif b.art == "in_datensatz":
            self._name(b.wert, (*pfad, "wert"), {"kommune"})
            if self.daten is not None and not (self.daten / f"{b.datensatz}.csv").is_file():
                self._melde((*pfad, "datensatz"), f"Datensatz data/{b.datensatz}.csv fehlt.")
        else:
            self._name(b.wert, (*pfad, "wert"))

    # -- Abschnitte der Regeldatei -----------------------------------------------------------

    def _kriterien(self) -> None:
        ids = [k.id for k in self.regeln.kriterien]
        for i, k in enumerate(self.regeln.kriterien):
            self._bedingung(k, ("kriterien", i))
            self._quelle(k.quelle, ("kriterien", i, "quelle"))
            if ids.count(k.id) > 1 or k.id == "foerderzeitraum":
                self._melde(("kriterien", i, "id"), f"Kriterium '{k.id}' ist schon vergeben.")

    def _hinweise(self) -> None:
        for i, h in enumerate(self.regeln.hinweise):
            if h.wenn is not None:
                self._bedingung(h.wenn, ("hinweise", i, "wenn"))
            self._quelle(h.quelle, ("hinweise", i, "quelle"))
            self._platzhalter(h.text, ("hinweise", i, "text"))

    def _platzhalter(self, text: str, pfad: Pfad) -> None:
        try:
            felder = [feld for _, feld, _, _ in string.Formatter().parse(text)]
        except ValueError as f:
            self._melde(
                pfad,
                f"Platzhalter falsch geschrieben ({f}); Werte stehen in {{name}}, eine "
                "geschweifte Klammer als {{ oder }}.",
            )
            return
        for feld in felder:
            if feld is None:
                continue
            if not re.fullmatch(r"[a-z][a-z0-9_]*", feld):
                self._melde(pfad, f"Platzhalter {{{feld}}} nicht erlaubt.")
            elif feld not in self.namen:
                self._melde(pfad, f"unbekannter Platzhalter {{{feld}}}.")

    def _betrag(self) -> None:
        f = self.regeln.betrag
        if f is None:
            return
        self._quelle(f.quelle, ("betrag", "quelle"))
        if isinstance(f, FProEinheit):
            self._name(f.einheit, ("betrag", "einheit"), {"ganzzahl"})
        elif isinstance(f, FAnteilKosten):
            self._name(f.kosten, ("betrag", "kosten"), {"betrag"})
        else:
            if f.antrag is not None:
                self._name(f.antrag, ("betrag", "antrag"), {"betrag"})
            if f.nach is not None:
                self._name(f.nach, ("betrag", "nach"), {"auswahl"})
                eingabe = self.regeln.eingaben.get(f.nach)
                if isinstance(eingabe, EAuswahl):
                    for wahl in eingabe.werte:
                        if wahl not in f.staffel:
                            self._melde(("betrag", "staffel"), f"Betrag für '{wahl}' fehlt.")

    def _werte(self) -> None:
        for n, w in self.regeln.werte.items():
            pfad = ("werte", n)
            if isinstance(w, WDifferenz):
                self._name(w.von, (*pfad, "von"), {"betrag"})
                self._name(w.minus, (*pfad, "minus"), {"betrag"})
            elif isinstance(w, WPlusMonate):
                self._name(w.datum, (*pfad, "datum"), {"datum"})
                self._name(w.monate, (*pfad, "monate"), {"ganzzahl"})
            else:
                self._name(w.liste, (*pfad, "liste"), {"liste"})
            if n in self.regeln.eingaben or n in FESTE_NAMEN:
                self._melde(pfad, f"'{n}' ist schon eine Eingabe oder ein fester Name.")
        for n in self.regeln.eingaben:
            if n in FESTE_NAMEN:
                self._melde(("eingaben", n), f"'{n}' ist ein fester Name der Engine.")

    def _module_und_kontingente(self) -> None:
        regeln = self.regeln
        for i, m in enumerate(regeln.module):
            self._quelle(m.quelle, ("module", i, "quelle"))
            if m.vor_ort + m.ergebnisbesprechung != m.tage:
                self._melde(("module", i, "tage"), "vor_ort + ergebnisbesprechung ≠ tage.")
        nummern = {m.nr for m in regeln.module}
        for i, k in enumerate(regeln.kontingente):
            self._quelle(k.quelle, ("kontingente", i, "quelle"))
            for j, nr in enumerate(k.module):
                if nr not in nummern:
                    self._melde(("kontingente", i, "module", j), f"Modul {nr} ist nicht definiert.")
            if k.setzt_voraus_modul is not None and k.setzt_voraus_modul not in nummern:
                self._melde(("kontingente", i, "setzt_voraus_modul"), "Modul nicht definiert.")
        modul_eingaben = [n for n, e in regeln.eingaben.items() if e.typ == "module"]
        if modul_eingaben and not regeln.kontingente:
            self._melde(("eingaben", modul_eingaben[0]), "Eingabe vom Typ module ohne kontingente.")
        if regeln.kontingente and len(modul_eingaben) != 1:
            self._melde(("kontingente",), "Kontingente brauchen genau eine Eingabe vom Typ module.")

    def _uebrige_quellen(self) -> None:
        regeln = self.regeln
        if regeln.gueltigkeit is not None:
            self._quelle(regeln.gueltigkeit.quelle, ("gueltigkeit", "quelle"))
        for abschnitt in ("angebote", "checklisten", "budget"):
            for i, eintrag in enumerate(getattr(regeln, abschnitt)):
                self._quelle(eintrag.quelle, (abschnitt, i, "quelle"))
        for i, t in enumerate(regeln.termine):
            self._quelle(t.quelle, ("termine", i, "quelle"))
            if (t.datum is None) == (t.von is None and t.bis is None):
                self._melde(("termine", i), "entweder 'datum' oder 'von'/'bis' angeben.")

    def _optionen(self) -> None:
        vergeben: set[str] = set()
        for n, e in self.regeln.eingaben.items():
            schalter = [e.option or standard_option(n)]
            if isinstance(e, EJaNein) and e.option_nein:
                schalter.append(e.option_nein)
            if isinstance(e, EAuswahl):
                mit = [w.option for w in e.werte.values() if w.option]
                schalter += mit
                if mit and len(e.werte) != 2:
                    self._melde(
                        ("eingaben", n, "werte"),
                        "Schalter (option) gibt es nur für genau zwei Wahlen "
                        "(ein Schalterpaar wie --einzelvorhaben/--gemeinschaftsvorhaben).",
                    )
                elif mit and len(mit) != len(e.werte):
                    self._melde(
                        ("eingaben", n, "werte"), "entweder alle Wahlen mit option oder keine."
                    )
            for s in schalter:
                if s in vergeben or s in FESTE_OPTIONEN:
                    self._melde(("eingaben", n), f"Option {s} ist doppelt vergeben.")
                vergeben.add(s)

    def _batch_und_verbund(self) -> None:
        if self.regeln.batch is not None:
            for i, n in enumerate(self.regeln.batch.wenn):
                if n not in self.regeln.eingaben:
                    self._melde(("batch", "wenn", i), f"'{n}' ist keine Eingabe.")
        if self.regeln.verbund is not None:
            self._name(self.regeln.verbund.zaehlt, ("verbund", "zaehlt"), {"ganzzahl"})

    def _testfaelle(self) -> None:
        ids = {k.id for k in self.regeln.kriterien} | {"foerderzeitraum"}
        for i, t in enumerate(self.regeln.testfaelle):
            for n in t.eingaben:
                if n not in self.regeln.eingaben:
                    self._melde(("testfaelle", i, "eingaben", n), f"'{n}' ist keine Eingabe.")
            for n in t.erwartet.kriterien:
                if n not in ids:
                    self._melde(("testfaelle", i, "erwartet", "kriterien", n), "unbekannt.")

    # -- Plan und Beschlussvorlage -----------------------------------------------------------

    def _eingabewerte(self, werte: dict[str, Any], pfad: Pfad) -> None:
        for n, w in werte.items():
            if n not in self.regeln.eingaben:
                self._melde((*pfad, n), f"'{n}' ist keine Eingabe.")
            else:
                self._wahl(n, str(w), (*pfad, n))

    def _plan(self) -> None:
        regeln = self.regeln
        ende = regeln.gueltigkeit.bis if regeln.gueltigkeit is not None else None
        for i, schritt in enumerate(regeln.schritte):
            pfad = ("schritte", i)
            self._quelle(schritt.quelle, (*pfad, "quelle"))
            self._eingabewerte(schritt.eingaben, (*pfad, "eingaben"))
            if schritt.bis == "gueltigkeit" and ende is None:
                self._melde((*pfad, "bis"), "'gueltigkeit' ohne Ende des Förderzeitraums.")
        if regeln.gruppe is not None:
            self._quelle(regeln.gruppe.quelle, ("gruppe", "quelle"))
            self._eingabewerte(regeln.gruppe.eingaben, ("gruppe", "eingaben"))
        if regeln.beschluss is not None:
            b = regeln.beschluss
            self._quelle(b.quelle, ("beschluss", "quelle"))
            namen = self.namen
            self.namen = {**namen, **dict.fromkeys(BESCHLUSS_PLATZHALTER, "text")}
            self._platzhalter(b.betreff, ("beschluss", "betreff"))
            self._platzhalter(b.text, ("beschluss", "text"))
            self.namen = namen
