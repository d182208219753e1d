"""Eine leere Vorlage für den Batch: alle Spalten und eine Beispielzeile.

Die Spalten sind ``kommune``, ``verbund`` (wenn ein gewähltes Programm Verbünde kennt) und die
Eingaben der gewählten Programme in der Reihenfolge der Regeldateien; die Beispielzeile nimmt
den ``beispiel``-Wert jeder Eingabe. Als CSV für deutsches Excel (Semikolon, UTF-8 mit BOM) oder
als Arbeitsmappe mit Erläuterung (Kommentar) an jeder Spalte.
"""

from __future__ import annotations

import csv
from typing import IO, Any, NamedTuple

from ozg_foerder.batch.spalten import KOMMUNE_SPALTE, VERBUND_SPALTE, spaltenbuchstabe
from ozg_foerder.eingaben.definition import EingabeDef
from ozg_foerder.engine.programm import Programm

__all__ = ["Vorlage", "baue_vorlage", "schreibe_vorlage_csv", "schreibe_vorlage_xlsx"]

BEISPIEL_KOMMUNE = "Wetzlar"


class Spalte(NamedTuple):
    name: str
    beispiel: str
    hilfe: str
    erlaubt: str
    programme: tuple[str, ...]


class Vorlage(NamedTuple):
    spalten: list[Spalte]

    @property
    def kopf(self) -> list[str]:
        return [s.name for s in self.spalten]

    @property
    def beispiel(self) -> list[str]:
        return [s.beispiel for s in self.spalten]


def baue_vorlage(programme: list[Programm]) -> Vorlage:
    kommune_beispiel = next(
        (
            e.beispiel
            for p in programme
            for e in p.eingaben.values()
            if e.typ == "kommune" and e.beispiel
        ),
        BEISPIEL_KOMMUNE,
    )
    kommune_programme = tuple(
        p.id for p in programme if any(e.typ == "kommune" for e in p.eingaben.values())
    )
    spalten = [
        Spalte(
            KOMMUNE_SPALTE,
            kommune_beispiel,
            "Name oder AGS der Kommune (Stadt, Gemeinde; Landkreis als „Landkreis X“).",
            "Name oder AGS einer hessischen Kommune (Liste: ozg-foerder kommunen)",
            kommune_programme,
        )
    ]
    verbund = tuple(p.id for p in programme if p.verbund)
    if verbund:
        spalten.append(
            Spalte(
                VERBUND_SPALTE,
                "",
                "Name des gemeinsamen Vorhabens: Zeilen mit gleichem Namen bilden einen Verbund "
                "(Kooperation: die Zahl der Kommunen ist die Zahl seiner Zeilen; Vorhaben: die "
                "Kosten sind die Summe der Zeilen). Wie, legt die Regeldatei des Programms fest.",
                "ein beliebiger Name, z. B. IKZ Lahn-Dill-Ost; leer = kein Verbund",
                verbund,
            )
        )
    namen = {s.name: i for i, s in enumerate(spalten)}
    for p in programme:
        for name, e in p.eingaben.items():
            if e.typ == "kommune" and name == KOMMUNE_SPALTE:
                continue
            if name in namen:
                alt = spalten[namen[name]]
                spalten[namen[name]] = alt._replace(programme=(*alt.programme, p.id))
                continue
            namen[name] = len(spalten)
            spalten.append(Spalte(name, e.beispiel or "", _hilfe(e), e.erlaubt(), (p.id,)))
    return Vorlage(spalten)


_EINHEIT_BEISPIEL = {"betrag": "(EUR)", "anteil": "%"}


def _hilfe(e: EingabeDef) -> str:
    """Die Hilfe einer Spalte mit den Überschriften, die außer dem Namen erkannt werden."""
    namen = [*e.synonyme]
    einheit = _EINHEIT_BEISPIEL.get(e.typ)
    if einheit:
        namen.append(f"{e.name} {einheit}")
    elif e.einheit in ("Monate", "Jahre"):  # laufzeit_monate → „laufzeit (Monate)“
        basis = e.name.removesuffix("_" + e.einheit.casefold())
        namen.append(f"{basis} ({e.einheit})")
    if not namen:
        return e.hilfe
    text = f"{e.hilfe} Auch als Überschrift erkannt: " + ", ".join(f"„{n}“" for n in namen)
    if e.typ == "anteil":
        text += " (unter „%“ heißt 18 dann 18 %)"
    return text + "."


def schreibe_vorlage_csv(vorlage: Vorlage, strom: IO[str], bom: bool = True) -> None:
    if bom:
        strom.write("\ufeff")
    schreiber = csv.writer(strom, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(vorlage.kopf)
    schreiber.writerow(vorlage.beispiel)


def schreibe_vorlage_xlsx(vorlage: Vorlage, datei: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    mappe = Workbook()
    blatt: Any = mappe.active
    blatt.title = "Kommunen"
    fett = Font(bold=True)
    fuellung = PatternFill("solid", fgColor="DDEBF7")
    for i, s in enumerate(vorlage.spalten, start=1):
        kopf = blatt.cell(row=1, column=i, value=s.name)
        kopf.font = fett
        kopf.fill = fuellung
        text = f"{s.hilfe}\nErlaubt: {s.erlaubt}\nProgramm: {', '.join(s.programme) or '–'}"
        kopf.comment = Comment(text, "ozg-foerder", width=320, height=160)
        zelle = blatt.cell(row=2, column=i, value=s.beispiel or None)
        zelle.data_type = "s"  # Beispielwerte als Text, wie getippt
        buchstabe = spaltenbuchstabe(i - 1)
        blatt.column_dimensions[buchstabe].width = max(len(s.name) + 4, len(s.beispiel) + 2, 12)
        if s.erlaubt.startswith("ja oder nein"):
            auswahl = DataValidation(type="list", formula1='"ja,nein"', allow_blank=True)
            auswahl.add(f"{buchstabe}2:{buchstabe}5000")
            blatt.add_data_validation(auswahl)
    blatt.freeze_panes = "A2"
    mappe.save(datei)
