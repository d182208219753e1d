"""Die Zusammenfassung eines Batch-Laufs: je Programm Anzahl und Summe, verglichen mit dem Budget.

Gezählt werden Fälle: eine Zeile, oder ein Verbund einmal (seine Zuwendung nicht je Partner).
Summen gibt es für förderfähig und offen getrennt – offen heißt, es fehlen noch Bestätigungen.
Verglichen wird mit den Budgets, die die Regeldatei aus den Unterlagen nennt (``budget``): mit
einem Budget *je Jahr* nur Jahr für Jahr, und nur die Fälle, deren Zeile einen Beginn nennt (die
erste Datums-Eingabe des Programms, z. B. ``beginn``); mit einem Budget für den ganzen Zeitraum
alle Fälle. Auf Wunsch (``summen``) gibt es Summen je Landkreis oder Regierungsbezirk; ein
Verbund zählt dort mit den Anteilen seiner Partner, als Fall beim ersten Partner.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ozg_foerder.ausgabe.text import BUDGET_JE_TEXT
from ozg_foerder.batch.spalten import Plan
from ozg_foerder.batch.zeile import Zeilenergebnis
from ozg_foerder.eingaben.werte import formatiere_betrag, formatiere_datum
from ozg_foerder.engine.auswertung import FOERDERFAEHIG, NICHT_FOERDERFAEHIG, OFFEN
from ozg_foerder.engine.programm import Budget, Programm

__all__ = ["SUMMEN", "ProgrammSumme", "Zusammenfassung", "budget_anteil", "gruppe"]

ERGEBNISSE = (FOERDERFAEHIG, OFFEN, NICHT_FOERDERFAEHIG)
MAX_BEISPIELE = 10
SUMMEN = ("kreis", "bezirk")
OHNE_KOMMUNE = "ohne Kommune"


def budget_anteil(summe: Decimal, budget: Decimal) -> Decimal | None:
    """Anteil von ``summe`` am ``budget`` in Prozent, eine Nachkommastelle."""
    if not budget:
        return None
    return (summe * 100 / budget).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def prozent_text(wert: Decimal | None) -> str:
    return "–" if wert is None else f"{wert:.1f} %".replace(".", ",")


def gruppe(kommune: Any, summen: str) -> str:
    """Der Landkreis (``kreis``) oder Regierungsbezirk (``bezirk``) einer Kommune."""
    if kommune is None:
        return OHNE_KOMMUNE
    if summen == "bezirk":
        return f"Regierungsbezirk {kommune.regierungsbezirk}"
    if kommune.art == "Landkreis":
        return kommune.name
    return kommune.kreis or f"{kommune.name} (kreisfrei)"


def _leer() -> dict[str, Decimal]:
    return {FOERDERFAEHIG: Decimal("0.00"), OFFEN: Decimal("0.00")}


def _addiere(ziel: dict[str, Any], dazu: dict[str, Any]) -> None:
    for schluessel, wert in dazu.items():
        ziel[schluessel] += wert


class ProgrammSumme:
    """Zähler und Summen eines Programms."""

    __slots__ = (
        "anzahl",
        "beginn",
        "fehler",
        "gruppen",
        "jahre",
        "ohne_jahr",
        "programm",
        "summe",
        "verbuende",
    )

    def __init__(self, programm: Programm) -> None:
        self.programm = programm
        self.anzahl = dict.fromkeys(ERGEBNISSE, 0)
        self.summe = _leer()
        self.fehler = 0
        self.verbuende = 0
        self.beginn: str | None = next(
            (n for n, e in programm.eingaben.items() if e.typ == "datum"), None
        )
        """Die Eingabe, deren Jahr einen Fall einem Haushaltsjahr zuordnet."""
        self.jahre: dict[int, dict[str, Decimal]] = {}
        self.ohne_jahr = 0
        """Fälle mit Betrag, aber ohne Beginn (nur mit dem Budget für den Zeitraum verglichen)."""
        self.gruppen: dict[str, tuple[dict[str, int], dict[str, Decimal]]] = {}

    @property
    def faelle(self) -> int:
        return sum(self.anzahl.values())

    def budget_zeilen(self) -> list[tuple[Budget, Decimal | None, Decimal | None]]:
        """Je Budget für den ganzen Zeitraum: (Budget, % förderfähig, % förderfähig + offen).

        Budgets je Jahr vergleicht :meth:`jahres_zeilen` (nur Jahr für Jahr)."""
        ff = self.summe[FOERDERFAEHIG]
        mit_offen = ff + self.summe[OFFEN]
        return [
            (b, budget_anteil(ff, b.betrag), budget_anteil(mit_offen, b.betrag))
            for b in self.programm.budget
            if b.je != "jahr"
        ]

    def jahres_zeilen(self) -> list[tuple[Budget, int, Decimal | None, Decimal | None]]:
        """Je Budget je Jahr und Jahr mit Fällen: (Budget, Jahr, % förderfähig, % mit offenen)."""
        zeilen = []
        for b in self.programm.budget:
            if b.je != "jahr":
                continue
            for jahr in sorted(self.jahre):
                s = self.jahre[jahr]
                ff = s[FOERDERFAEHIG]
                zeilen.append(
                    (b, jahr, budget_anteil(ff, b.betrag), budget_anteil(ff + s[OFFEN], b.betrag))
                )
        return zeilen


class Zusammenfassung:
    """Wächst mit jeder Zeile (:meth:`erfasse`); vollständig, wenn alle Zeilen gelesen sind."""

    def __init__(self, plan: Plan, stichtag: date, summen: str | None = None) -> None:
        self.stichtag = stichtag
        self.summen = summen
        self.zeilen = 0
        self.fehlerzeilen = 0
        self.fehler_beispiele: list[str] = []
        """Die ersten Fehlermeldungen (für stderr); alle stehen in der Ausgabe."""
        self.hinweise: list[str] = []
        """Hinweise aus dem Lesen (übergangene Summenzeilen)."""
        self.nicht_auswertbar: tuple[str, ...] = plan.nicht_auswertbar
        self.programme = {ps.id: ProgrammSumme(ps.programm.am(stichtag)) for ps in plan.programme}

    def erfasse(self, z: Zeilenergebnis) -> None:
        self.zeilen += 1
        if z.fehler:
            self.fehlerzeilen += 1
            if len(self.fehler_beispiele) < MAX_BEISPIELE:
                self.fehler_beispiele.extend(z.fehler[: MAX_BEISPIELE - len(self.fehler_beispiele)])
        for pid in z.fehler_programme:
            self.programme[pid].fehler += 1
        for pid, e in z.ergebnisse.items():
            s = self.programme[pid]
            teil = z.verbund.get(pid) if z.verbund else None
            if self.summen is not None:
                self._gruppe(s, z, e, teil)
            if teil is not None:
                if not teil.erster:
                    continue
                s.verbuende += 1
            s.anzahl[e.ergebnis] += 1
            if e.betrag is not None and e.ergebnis != NICHT_FOERDERFAEHIG:
                s.summe[e.ergebnis] += e.betrag
                beginn = e.ns.get(s.beginn) if s.beginn else None
                if isinstance(beginn, date):
                    s.jahre.setdefault(beginn.year, _leer())[e.ergebnis] += e.betrag
                else:
                    s.ohne_jahr += 1

    def _gruppe(self, s: ProgrammSumme, z: Zeilenergebnis, e: Any, teil: Any) -> None:
        name = gruppe(z.kommune, self.summen or "kreis")
        anzahl, summe = s.gruppen.setdefault(name, (dict.fromkeys(ERGEBNISSE, 0), _leer()))
        if teil is None or teil.erster:
            anzahl[e.ergebnis] += 1
        betrag = e.betrag if teil is None else teil.anteil
        if betrag is not None and e.ergebnis != NICHT_FOERDERFAEHIG:
            summe[e.ergebnis] += betrag

    def teil(self) -> tuple[Any, ...]:
        """Zähler und Summen als schlichte Werte – was ein Arbeitsprozess für seinen Block
        zurückgibt (:mod:`.parallel`); :meth:`uebernimm` zählt sie hinzu."""
        return (
            self.zeilen,
            self.fehlerzeilen,
            self.fehler_beispiele,
            {
                pid: (s.anzahl, s.summe, s.fehler, s.verbuende, s.jahre, s.ohne_jahr, s.gruppen)
                for pid, s in self.programme.items()
            },
        )

    def uebernimm(self, teil: tuple[Any, ...]) -> None:
        """Zählt den :meth:`teil` der nächsten Zeilen hinzu, als wären sie hier erfasst: die
        Beispiele in der Reihenfolge der Datei, Beträge exakt (``Decimal``)."""
        zeilen, fehlerzeilen, beispiele, programme = teil
        self.zeilen += zeilen
        self.fehlerzeilen += fehlerzeilen
        frei = MAX_BEISPIELE - len(self.fehler_beispiele)
        if frei > 0:
            self.fehler_beispiele.extend(beispiele[:frei])
        for pid, (anzahl, summe, fehler, verbuende, jahre, ohne_jahr, gruppen) in programme.items():
            s = self.programme[pid]
            _addiere(s.anzahl, anzahl)
            _addiere(s.summe, summe)
            s.fehler += fehler
            s.verbuende += verbuende
            for jahr, betraege in jahre.items():
                _addiere(s.jahre.setdefault(jahr, _leer()), betraege)
            s.ohne_jahr += ohne_jahr
            for name, (g_anzahl, g_summe) in gruppen.items():
                eigene = s.gruppen.setdefault(name, (dict.fromkeys(ERGEBNISSE, 0), _leer()))
                _addiere(eigene[0], g_anzahl)
                _addiere(eigene[1], g_summe)

    @property
    def ausgewertet(self) -> int:
        return self.zeilen - self.fehlerzeilen

    def kopf_text(self) -> str:
        text = (
            f"Zusammenfassung (Stichtag {formatiere_datum(self.stichtag)}): {self.zeilen} "
            f"Zeile{'n' if self.zeilen != 1 else ''}"
        )
        if self.fehlerzeilen:
            text += f", davon {self.fehlerzeilen} mit Fehlern"
        return text + "."

    def programm_zeilen(self, s: ProgrammSumme) -> list[str]:
        """Text für ein Programm (für stderr und die Tabelle)."""
        p = s.programm
        zeilen = [f"{p.id} – {p.name}"]
        teile = [
            f"{s.anzahl[FOERDERFAEHIG]} förderfähig",
            f"{s.anzahl[OFFEN]} offen",
            f"{s.anzahl[NICHT_FOERDERFAEHIG]} nicht förderfähig",
        ]
        if s.fehler:
            teile.append(f"{s.fehler} mit Fehlern")
        zeile = "  " + ", ".join(teile)
        if s.verbuende:
            zeile += f" (Verbünde je einmal gezählt: {s.verbuende})"
        zeilen.append(zeile)
        if p.formel is not None:
            ff, of = s.summe[FOERDERFAEHIG], s.summe[OFFEN]
            zeilen.append(
                f"  Summe förderfähig {formatiere_betrag(ff)}, offen {formatiere_betrag(of)}, "
                f"zusammen {formatiere_betrag(ff + of)}"
            )
            for b, anteil_ff, anteil_alle in s.budget_zeilen():
                zeilen.append(
                    f"  Budget {b.text}: {formatiere_betrag(b.betrag)} {BUDGET_JE_TEXT[b.je]} – "
                    f"förderfähig {prozent_text(anteil_ff)}, mit offenen "
                    f"{prozent_text(anteil_alle)} davon"
                )
            zeilen.extend(self._jahres_text(s))
            if self.summen is not None and s.gruppen:
                art = "Landkreis" if self.summen == "kreis" else "Regierungsbezirk"
                zeilen.append(f"  Nach {art} (Verbünde mit den Anteilen ihrer Partner):")
                for name in sorted(s.gruppen, key=lambda n: (n == OHNE_KOMMUNE, n)):
                    anzahl, summe = s.gruppen[name]
                    zeilen.append(
                        f"    {name}: {anzahl[FOERDERFAEHIG]} förderfähig, {anzahl[OFFEN]} offen, "
                        f"{anzahl[NICHT_FOERDERFAEHIG]} nicht förderfähig; Summe förderfähig "
                        f"{formatiere_betrag(summe[FOERDERFAEHIG])}, offen "
                        f"{formatiere_betrag(summe[OFFEN])}"
                    )
        return zeilen

    def _jahres_text(self, s: ProgrammSumme) -> list[str]:
        zeilen = []
        jahres = [b for b in s.programm.budget if b.je == "jahr"]
        if not jahres:
            return zeilen
        nach_jahr = s.jahres_zeilen()
        for b in jahres:
            kopf = f"  Budget {b.text}: {formatiere_betrag(b.betrag)} {BUDGET_JE_TEXT[b.je]}"
            eigene = [t for t in nach_jahr if t[0] is b]
            if not eigene:
                zeilen.append(
                    f"{kopf} – nicht verglichen: keine Zeile nennt einen Beginn "
                    f"({s.beginn or 'Datum'}), also kein Haushaltsjahr."
                )
                continue
            teile = [
                f"{jahr}: förderfähig {prozent_text(ff)}, mit offenen {prozent_text(alle)}"
                for _, jahr, ff, alle in eigene
            ]
            zeilen.append(f"{kopf} – " + "; ".join(teile))
            if s.ohne_jahr:
                zeilen.append(
                    f"    {s.ohne_jahr} Fall/Fälle ohne Beginn: keinem Jahr zugeordnet, nur im "
                    "Gesamtbetrag enthalten."
                )
        return zeilen

    def als_text(self) -> str:
        zeilen = [self.kopf_text()]
        for s in self.programme.values():
            zeilen.extend(self.programm_zeilen(s))
        for text in self.nicht_auswertbar:
            zeilen.append(f"Nicht ausgewertet: {text}")
        for text in self.hinweise:
            zeilen.append(f"Hinweis: {text}")
        return "\n".join(zeilen) + "\n"
