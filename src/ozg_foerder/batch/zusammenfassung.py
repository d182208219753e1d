"""Die Zusammenfassung eines Batch-Laufs: je Programm Anzahl und Summe, verglichen mit dem Budget.

Gezählt werden Fälle: eine Zeile, oder ein Verbund einmal (seine Zuwendung nicht je Partner).
Summen gibt es für förderfähig und offen getrennt – offen heißt, es fehlen noch Bestätigungen.
Verglichen wird mit den Budgets, die die Regeldatei aus den Unterlagen nennt (``budget``).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from ozg_foerder.ausgabe.text import BUDGET_JE_TEXT
from ozg_foerder.eingaben.werte import formatiere_betrag, formatiere_datum
from ozg_foerder.engine.auswertung import FOERDERFAEHIG, NICHT_FOERDERFAEHIG, OFFEN
from ozg_foerder.engine.programm import Budget, Programm

if TYPE_CHECKING:
    from ozg_foerder.batch.auswertung import Zeilenergebnis
    from ozg_foerder.batch.spalten import Plan

__all__ = ["ProgrammSumme", "Zusammenfassung", "budget_anteil"]

ERGEBNISSE = (FOERDERFAEHIG, OFFEN, NICHT_FOERDERFAEHIG)
MAX_BEISPIELE = 10


def budget_anteil(summe: Decimal, budget: Decimal) -> Decimal | None:
    """Anteil von ``summe`` am ``budget`` in Prozent, eine Nachkommastelle."""
    if not budget:
        return None
    return (summe * 100 / budget).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def prozent_text(wert: Decimal | None) -> str:
    return "–" if wert is None else f"{wert:.1f} %".replace(".", ",")


class ProgrammSumme:
    """Zähler und Summen eines Programms."""

    __slots__ = ("anzahl", "fehler", "programm", "summe", "verbuende")

    def __init__(self, programm: Programm) -> None:
        self.programm = programm
        self.anzahl = dict.fromkeys(ERGEBNISSE, 0)
        self.summe = {FOERDERFAEHIG: Decimal("0.00"), OFFEN: Decimal("0.00")}
        self.fehler = 0
        self.verbuende = 0

    @property
    def faelle(self) -> int:
        return sum(self.anzahl.values())

    def budget_zeilen(self) -> list[tuple[Budget, Decimal | None, Decimal | None]]:
        """Je Budget: (Budget, % förderfähig, % förderfähig + offen)."""
        ff = self.summe[FOERDERFAEHIG]
        mit_offen = ff + self.summe[OFFEN]
        return [
            (b, budget_anteil(ff, b.betrag), budget_anteil(mit_offen, b.betrag))
            for b in self.programm.budget
        ]


class Zusammenfassung:
    """Wächst mit jeder Zeile (:meth:`erfasse`); vollständig, wenn alle Zeilen gelesen sind."""

    def __init__(self, plan: Plan, stichtag: date) -> None:
        self.stichtag = stichtag
        self.zeilen = 0
        self.fehlerzeilen = 0
        self.fehler_beispiele: list[str] = []
        """Die ersten Fehlermeldungen (für stderr); alle stehen in der Ausgabe."""
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
            if teil is not None:
                if not teil.erster:
                    continue
                s.verbuende += 1
            s.anzahl[e.ergebnis] += 1
            if e.betrag is not None and e.ergebnis != NICHT_FOERDERFAEHIG:
                s.summe[e.ergebnis] += e.betrag

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
        return zeilen

    def als_text(self) -> str:
        zeilen = [self.kopf_text()]
        for s in self.programme.values():
            zeilen.extend(self.programm_zeilen(s))
        return "\n".join(zeilen) + "\n"
