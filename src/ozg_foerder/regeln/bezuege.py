"""Prüfungen über Felder einer Regeldatei hinweg – was pydantic allein nicht sieht.

Verweise auf Quellen, Eingaben und Werte; passende Typen; Wahlen, die es gibt; Datensätze, die
es gibt; Schalter, die nur einmal vergeben sind; Testfälle, die nur bekannte Namen verwenden.
Jeder Befund ist (Pfad in der Datei, Meldung); :mod:`.regeln_laden` macht daraus Datei:Zeile:Feld.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ozg_foerder.eingaben.definition import standard_option
from ozg_foerder.engine.formeln import WERT_TYP, formel_klasse
from ozg_foerder.regeln.schema import (
    EAuswahl,
    EJaNein,
    FAnteilKosten,
    FHoechstbetrag,
    FProEinheit,
    Regeldatei,
    Stufe,
    Verweis,
    WAnzahl,
    WDifferenz,
    ZahlVerweis,
)

__all__ = [
    "BESCHLUSS_PLATZHALTER",
    "FESTE_KRITERIEN",
    "FESTE_NAMEN",
    "FESTE_OPTIONEN",
    "Pfad",
    "pruefe_bezuege",
]

Pfad = tuple[Any, ...]

# Namen, die die Engine selbst belegt (berechnete Zuwendung, Stichtag, Blöcke).
FESTE_NAMEN = {"stichtag", "zuwendung", "hoechstbetrag", "tage_verfuegbar", "angebote_aktiv"}
# Kriterien, die die Engine selbst bildet (Förderzeitraum aus 'gueltigkeit'; eine Betragsregel
# ohne Zahl für den Stichtag).
FESTE_KRITERIEN = {"foerderzeitraum", "betrag_am_stichtag"}
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
    for name, wert in regeln.werte.items():
        namen[name] = WERT_TYP[wert.art]
    if regeln.kontingente:
        namen["tage_verfuegbar"] = "tage"
    if regeln.angebote:
        namen["angebote_aktiv"] = "anzahl"
    return namen


def pruefe_bezuege(
    regeln: Regeldatei, daten: Path | None, regel_daten: Path | None = None
) -> list[tuple[Pfad, str]]:
    """Alle Befunde einer (schon von pydantic geprüften) Regeldatei.

    ``regel_daten``: das Verzeichnis der Regeldatei; Datensätze dort gehen denen in ``daten`` vor.
    """
    return _Bezuege(regeln, daten, regel_daten).pruefe()


def datensatz_pfad(name: str, regel_daten: Path | None, daten: Path) -> Path | None:
    """Die CSV-Datei eines Datensatzes: neben den Regeln, sonst in data/ (None: fehlt)."""
    for verzeichnis in (regel_daten, daten):
        if verzeichnis is not None and (verzeichnis / f"{name}.csv").is_file():
            return verzeichnis / f"{name}.csv"
    return None


def _zahl_pfade(regeln: Regeldatei) -> dict[str, str]:
    """Die Zahlen der Regeln, die Texte als Platzhalter einsetzen können, mit ihrem Typ.

    Dieselben Pfade setzt :func:`ozg_foerder.ausgabe.worte.zahlen` ein.
    """
    pfade: dict[str, str] = {}
    f = regeln.betrag
    if f is not None:
        for name, typ in formel_klasse(f.art).ZAHLEN.items():
            if getattr(f, name) is not None:
                pfade[f"betrag.{name}"] = typ
        for wahl in getattr(f, "staffel", {}):
            pfade[f"betrag.staffel.{wahl}"] = "betrag"
    g = regeln.gueltigkeit
    if g is not None:
        for feld in ("von", "bis"):
            if getattr(g, feld) is not None:
                pfade[f"gueltigkeit.{feld}"] = "datum"
    namen = _namen(regeln)
    for k in regeln.kriterien:
        grenze = getattr(k, "grenze", None)
        if grenze is not None and not isinstance(grenze, Verweis | ZahlVerweis):
            pfade[f"kriterien.{k.id}.grenze"] = namen.get(k.wert, "")
        for feld in ("von", "bis"):
            if getattr(k, feld, None) is not None:
                pfade[f"kriterien.{k.id}.{feld}"] = "datum"
    for b in regeln.budget:
        pfade.setdefault(f"budget.{b.je}", "betrag")
    return pfade


def _argumente(w: Any) -> list[str]:
    if isinstance(w, WDifferenz):
        return [w.von, w.minus]
    if isinstance(w, WAnzahl):
        return [w.liste]
    return [w.datum, w.monate]


class _Bezuege:
    def __init__(
        self, regeln: Regeldatei, daten: Path | None, regel_daten: Path | None = None
    ) -> None:
        self.regeln = regeln
        self.daten = daten
        self.regel_daten = regel_daten
        self.namen = _namen(regeln)
        self.zahlen = _zahl_pfade(regeln)
        self.fehler: list[tuple[Pfad, str]] = []

    def pruefe(self) -> list[tuple[Pfad, str]]:
        self._stufen(self.regeln, ())
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

    def melde(self, pfad: Pfad, meldung: str) -> None:
        self.fehler.append((pfad, meldung))

    def _quelle(self, verweis: Any, pfad: Pfad) -> None:
        if verweis is None:
            return
        liste = verweis if isinstance(verweis, list) else [verweis]
        for i, eintrag in enumerate(liste):
            if isinstance(eintrag, str) and eintrag not in self.regeln.quellen:
                ort = (*pfad, i) if isinstance(verweis, list) else pfad
                self.melde(ort, f"unbekannte Quelle '{eintrag}' (nicht in 'quellen').")

    def name(self, wert: str, pfad: Pfad, typen: set[str] | None = None) -> None:
        if wert not in self.namen:
            self.melde(pfad, f"unbekannter Wert '{wert}'; bekannt: {', '.join(self.namen)}.")
        elif typen and self.namen[wert] not in typen:
            erwartet = "/".join(sorted(typen))
            self.melde(pfad, f"'{wert}' hat den Typ {self.namen[wert]}, erwartet: {erwartet}.")

    def wahl(self, eingabe_name: str, wahl: str, pfad: Pfad) -> None:
        eingabe = self.regeln.eingaben.get(eingabe_name)
        if isinstance(eingabe, EAuswahl) and wahl not in eingabe.werte:
            erlaubt = ", ".join(eingabe.werte)
            self.melde(pfad, f"'{wahl}' ist keine Wahl von {eingabe_name}; erlaubt: {erlaubt}.")

    def bedingung(self, b: Any, pfad: Pfad) -> None:
        b.pruefe_bezuege(self, pfad)  # je Art in regeln.schema

    def kommune_merkmale(self, merkmal: str) -> tuple[str, ...]:
        """Die Werte, die ein Merkmal im Kommunenverzeichnis hat (Landkreise, Bezirke)."""
        from ozg_foerder.eingaben.kommunen import verzeichnis

        return tuple(sorted({getattr(k, merkmal) for k in verzeichnis().kommunen} - {""}))

    def datensatz_da(self, name: str) -> bool:
        return self.daten is None or datensatz_pfad(name, self.regel_daten, self.daten) is not None

    def _stufen(self, knoten: Any, pfad: Pfad) -> None:
        """Datierte Werte überall in der Datei: 'ab' aufsteigend, Quellen bekannt."""
        if isinstance(knoten, list):
            if knoten and all(isinstance(s, Stufe) for s in knoten):
                for i, s in enumerate(knoten):
                    self._quelle(s.quelle, (*pfad, i, "quelle"))
                    if i and s.ab <= knoten[i - 1].ab:
                        self.melde((*pfad, i, "ab"), "'ab' muss später sein als im Eintrag davor.")
                return
            for i, wert in enumerate(knoten):
                self._stufen(wert, (*pfad, i))
        elif isinstance(knoten, dict):
            for k, wert in knoten.items():
                self._stufen(wert, (*pfad, k))
        elif isinstance(knoten, BaseModel):
            for name in type(knoten).model_fields:
                self._stufen(getattr(knoten, name), (*pfad, name))

    # -- Abschnitte der Regeldatei -----------------------------------------------------------

    def _kriterien(self) -> None:
        ids = [k.id for k in self.regeln.kriterien]
        for i, k in enumerate(self.regeln.kriterien):
            self.bedingung(k, ("kriterien", i))
            self._quelle(k.quelle, ("kriterien", i, "quelle"))
            if ids.count(k.id) > 1 or k.id in FESTE_KRITERIEN:
                self.melde(("kriterien", i, "id"), f"Kriterium '{k.id}' ist schon vergeben.")

    def _hinweise(self) -> None:
        for i, h in enumerate(self.regeln.hinweise):
            if h.wenn is not None:
                self.bedingung(h.wenn, ("hinweise", i, "wenn"))
            self._quelle(h.quelle, ("hinweise", i, "quelle"))
            self._platzhalter(h.text, ("hinweise", i, "text"))
        if self.regeln.betrag is not None:
            self._platzhalter(self.regeln.betrag.text, ("betrag", "text"), in_betrag=True)

    def _platzhalter(self, text: str, pfad: Pfad, in_betrag: bool = False) -> None:
        try:
            teile = list(string.Formatter().parse(text))
        except ValueError as f:
            self.melde(
                pfad,
                f"Platzhalter falsch geschrieben ({f}); Werte stehen in {{name}}, eine "
                "geschweifte Klammer als {{ oder }}.",
            )
            return
        for _, feld, form, umwandlung in teile:
            if feld is None:
                continue
            if umwandlung:
                self.melde(
                    pfad, f"Platzhalter {{{feld}!{umwandlung}}}: !{umwandlung} gibt es nicht."
                )
                continue
            if in_betrag and f"betrag.{feld}" in self.zahlen:
                feld = f"betrag.{feld}"
            if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*", feld):
                self.melde(pfad, f"Platzhalter {{{feld}}} nicht erlaubt.")
            elif feld not in self.namen and feld not in self.zahlen:
                bekannt = ", ".join(sorted(self.zahlen))
                self.melde(
                    pfad, f"unbekannter Platzhalter {{{feld}}}; Zahlen der Regeln: {bekannt}."
                )
            elif form and (form != "mio" or self.zahlen.get(feld) != "betrag"):
                self.melde(pfad, f"Form :{form} gibt es nur als :mio bei Beträgen.")

    def _betrag(self) -> None:
        f = self.regeln.betrag
        if f is None:
            return
        self._quelle(f.quelle, ("betrag", "quelle"))
        if isinstance(f, FProEinheit):
            self.name(f.einheit, ("betrag", "einheit"), {"ganzzahl"})
        elif isinstance(f, FAnteilKosten):
            self.name(f.kosten, ("betrag", "kosten"), {"betrag"})
        else:
            if f.antrag is not None:
                self.name(f.antrag, ("betrag", "antrag"), {"betrag"})
            if f.nach is not None:
                self.name(f.nach, ("betrag", "nach"), {"auswahl"})
                eingabe = self.regeln.eingaben.get(f.nach)
                if isinstance(eingabe, EAuswahl):
                    for wahl in eingabe.werte:
                        if wahl not in f.staffel:
                            self.melde(("betrag", "staffel"), f"Betrag für '{wahl}' fehlt.")

    def _werte(self) -> None:
        namen = list(self.regeln.werte)
        for i, (n, w) in enumerate(self.regeln.werte.items()):
            pfad = ("werte", n)
            spaeter = [a for a in _argumente(w) if a in namen[i:]]
            if spaeter:  # berechnet wird der Reihe nach: nie im Kreis
                self.melde(
                    pfad,
                    f"'{n}' braucht '{spaeter[0]}', das erst danach (oder aus '{n}' selbst) "
                    "berechnet wird; abgeleitete Werte dürfen nur Eingaben und vorher stehende "
                    "Werte verwenden (keine Zyklen).",
                )
            if isinstance(w, WDifferenz):
                self.name(w.von, (*pfad, "von"), {"betrag"})
                self.name(w.minus, (*pfad, "minus"), {"betrag"})
            elif isinstance(w, WAnzahl):
                self.name(w.liste, (*pfad, "liste"), {"liste"})
            else:  # plus_monate, fristende
                self.name(w.datum, (*pfad, "datum"), {"datum"})
                self.name(w.monate, (*pfad, "monate"), {"ganzzahl"})
            if n in self.regeln.eingaben or n in FESTE_NAMEN:
                self.melde(pfad, f"'{n}' ist schon eine Eingabe oder ein fester Name.")
        for n in self.regeln.eingaben:
            if n in FESTE_NAMEN:
                self.melde(("eingaben", n), f"'{n}' ist ein fester Name der Engine.")

    def _module_und_kontingente(self) -> None:
        regeln = self.regeln
        for i, m in enumerate(regeln.module):
            self._quelle(m.quelle, ("module", i, "quelle"))
            if m.vor_ort + m.ergebnisbesprechung != m.tage:
                self.melde(("module", i, "tage"), "vor_ort + ergebnisbesprechung ≠ tage.")
        nummern = {m.nr for m in regeln.module}
        for i, k in enumerate(regeln.kontingente):
            self._quelle(k.quelle, ("kontingente", i, "quelle"))
            for j, nr in enumerate(k.module):
                if nr not in nummern:
                    self.melde(("kontingente", i, "module", j), f"Modul {nr} ist nicht definiert.")
            if k.setzt_voraus_modul is not None and k.setzt_voraus_modul not in nummern:
                self.melde(("kontingente", i, "setzt_voraus_modul"), "Modul nicht definiert.")
        modul_eingaben = [n for n, e in regeln.eingaben.items() if e.typ == "module"]
        if modul_eingaben and not regeln.kontingente:
            self.melde(("eingaben", modul_eingaben[0]), "Eingabe vom Typ module ohne kontingente.")
        if regeln.kontingente and len(modul_eingaben) != 1:
            self.melde(("kontingente",), "Kontingente brauchen genau eine Eingabe vom Typ module.")

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
                self.melde(("termine", i), "entweder 'datum' oder 'von'/'bis' angeben.")

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
                    self.melde(
                        ("eingaben", n, "werte"),
                        "Schalter (option) gibt es nur für genau zwei Wahlen "
                        "(ein Schalterpaar wie --einzelvorhaben/--gemeinschaftsvorhaben).",
                    )
                elif mit and len(mit) != len(e.werte):
                    self.melde(
                        ("eingaben", n, "werte"), "entweder alle Wahlen mit option oder keine."
                    )
            for s in schalter:
                if s in vergeben or s in FESTE_OPTIONEN:
                    self.melde(("eingaben", n), f"Option {s} ist doppelt vergeben.")
                vergeben.add(s)

    def _batch_und_verbund(self) -> None:
        if self.regeln.batch is not None:
            for i, n in enumerate(self.regeln.batch.wenn):
                if n not in self.regeln.eingaben:
                    self.melde(("batch", "wenn", i), f"'{n}' ist keine Eingabe.")
        v = self.regeln.verbund
        if v is not None:
            if v.zaehlt is not None:
                self.name(v.zaehlt, ("verbund", "zaehlt"), {"ganzzahl"})
            elif v.art == "kooperation":
                self.melde(("verbund", "zaehlt"), "eine Kooperation braucht 'zaehlt'.")
            if v.summiert is not None:
                self.name(v.summiert, ("verbund", "summiert"), {"betrag"})
            elif v.art == "vorhaben":
                self.melde(("verbund", "summiert"), "ein Vorhaben braucht 'summiert'.")
            for i, n in enumerate(v.gleich):
                if n not in self.regeln.eingaben:
                    self.melde(("verbund", "gleich", i), f"'{n}' ist keine Eingabe.")

    def _testfaelle(self) -> None:
        ids = {k.id for k in self.regeln.kriterien} | FESTE_KRITERIEN
        for i, t in enumerate(self.regeln.testfaelle):
            for n in t.eingaben:
                if n not in self.regeln.eingaben:
                    self.melde(("testfaelle", i, "eingaben", n), f"'{n}' ist keine Eingabe.")
            for n in t.erwartet.kriterien:
                if n not in ids:
                    self.melde(("testfaelle", i, "erwartet", "kriterien", n), "unbekannt.")

    # -- Plan und Beschlussvorlage -----------------------------------------------------------

    def _eingabewerte(self, werte: dict[str, Any], pfad: Pfad) -> None:
        for n, w in werte.items():
            if n not in self.regeln.eingaben:
                self.melde((*pfad, n), f"'{n}' ist keine Eingabe.")
            else:
                self.wahl(n, str(w), (*pfad, n))

    def _plan(self) -> None:
        regeln = self.regeln
        ende = regeln.gueltigkeit.bis if regeln.gueltigkeit is not None else None
        for i, schritt in enumerate(regeln.schritte):
            pfad = ("schritte", i)
            self._quelle(schritt.quelle, (*pfad, "quelle"))
            self._eingabewerte(schritt.eingaben, (*pfad, "eingaben"))
            if schritt.bis == "gueltigkeit" and ende is None:
                self.melde((*pfad, "bis"), "'gueltigkeit' ohne Ende des Förderzeitraums.")
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
