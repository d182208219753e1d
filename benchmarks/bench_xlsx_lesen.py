"""Wie schnell liest ``ozg-foerder batch`` eine Excel-Arbeitsmappe? Ganzer Lauf XLSX gegen CSV.

Aufruf:  uv run python benchmarks/bench_xlsx_lesen.py [--zeilen 100000] [--laeufe 5] [--grenze 3]
         [--form openpyxl|libreoffice] [--alt]

1. Erzeugt mit ``erzeuge`` aus ``bench_batch.py`` eine IKZ-Liste (CSV) und schreibt sie mit
   openpyxl als XLSX um – Zahlen als Zahlen: ``3`` als Ganzzahl, ``0,185`` als Gleitkommazahl,
   ``18,5 %`` als Prozentzelle (0,185 mit Format ``0.0%``), leere Zellen leer. Mit
   ``--form libreoffice`` speichert LibreOffice sie noch einmal (gemeinsame Texte wie Excel).
2. Misst abwechselnd, jeweils als ganzer Prozess mit Start:
   * ``ozg-foerder batch LISTE.csv  --programm ikz --stichtag 2022-03-14 --ausgabe A.csv``
   * ``ozg-foerder batch LISTE.xlsx --programm ikz --stichtag 2022-03-14 --ausgabe B.csv``
   und berichtet den Median der Verhältnisse der Paare (Ziel von Issue 11: höchstens 3).
3. Misst im Prozess, was nur das Lesen kostet (Öffnen, Kopfzeile, alle Zeilen), in µs je Zeile
   – für CSV, XLSX und mit ``--alt`` für den bisherigen Weg über openpyxl (langsam).

Vorher wird geprüft, dass beide Läufe dieselben Ergebnisse und Beträge liefern.
Exit 0, wenn das Verhältnis unter ``--grenze`` liegt; sonst 1.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HIER = Path(__file__).resolve().parent
sys.path.insert(0, str(HIER))

from bench_batch import batch_befehl, erzeuge  # noqa: E402


def als_xlsx(liste: Path, ziel: Path) -> None:
    """Die CSV als Arbeitsmappe, wie ein Mensch sie in Excel eingäbe: Zahlen als Zahlen."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    mappe = openpyxl.Workbook(write_only=True)
    blatt = mappe.create_sheet("Liste")
    with liste.open(encoding="utf-8", newline="") as datei:
        for nr, zeile in enumerate(csv.reader(datei, delimiter=";")):
            werte: list[object] = []
            for text in zeile:
                if nr == 0 or not text:
                    werte.append(text or None)
                elif text.isdigit():
                    werte.append(int(text))
                elif text.endswith(" %"):
                    zelle = WriteOnlyCell(blatt, value=float(text[:-2].replace(",", ".")) / 100)
                    zelle.number_format = "0.0%"
                    werte.append(zelle)
                elif text.startswith("0,"):
                    werte.append(float(text.replace(",", ".")))
                else:
                    werte.append(text)
            blatt.append(werte)
    mappe.save(ziel)


def mit_libreoffice(pfad: Path, ordner: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("--form libreoffice braucht LibreOffice (soffice)")
    aus = ordner / "lo"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(aus), str(pfad)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return aus / pfad.name


def lauf(eingabe: Path, ausgabe: Path) -> float:
    befehl = batch_befehl(eingabe, ausgabe)
    start = time.perf_counter()
    ergebnis = subprocess.run(befehl, capture_output=True, text=True)
    dauer = time.perf_counter() - start
    if ergebnis.returncode not in (0, 1):  # 1: Zeilen mit Fehlern – gehört dazu
        sys.exit(f"{' '.join(befehl)} endete mit {ergebnis.returncode}:\n{ergebnis.stderr}")
    return dauer


def ergebnisse(pfad: Path) -> list[tuple[str, ...]]:
    """Die Spalten, die die Auswertung schreibt (Ergebnis, Betrag …), ohne die Eingaben."""
    with pfad.open(encoding="utf-8-sig", newline="") as datei:
        zeilen = list(csv.reader(datei, delimiter=";"))
    kopf = zeilen[0]
    spalten = [i for i, name in enumerate(kopf) if "rgebnis" in name or "etrag" in name]
    return [tuple(z[i] for i in spalten) for z in zeilen[1:]]


def lesen_je_zeile(pfad: Path, alt: bool = False) -> float:
    """µs je Datenzeile für Öffnen, Kopfzeile und alle Zeilen (im Prozess, ohne Auswertung)."""
    from ozg_foerder.batch.quelle import oeffne
    from ozg_foerder.batch.quelle_xlsx import XlsxQuelle

    class NurOpenpyxl(XlsxQuelle):
        def _lade(self, werte: bool):  # type: ignore[no-untyped-def]
            self._schnell = False
            return super()._lade(werte)

    start = time.perf_counter()
    quelle = NurOpenpyxl(pfad, pfad.stat().st_size, None) if alt else oeffne(pfad)
    anzahl = sum(1 for _ in quelle.zeilen())
    dauer = time.perf_counter() - start
    return dauer / max(anzahl, 1) * 1e6


def main() -> int:
    argumente = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumente.add_argument("--zeilen", type=int, default=100_000)
    argumente.add_argument("--laeufe", type=int, default=5)
    argumente.add_argument("--grenze", type=float, default=3.0)
    argumente.add_argument("--form", choices=["openpyxl", "libreoffice"], default="openpyxl")
    argumente.add_argument("--alt", action="store_true", help="auch den Weg über openpyxl messen")
    a = argumente.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-xlsx-") as tmp:
        ordner = Path(tmp)
        liste_csv = ordner / "liste.csv"
        liste_xlsx = ordner / "liste.xlsx"
        erzeuge(liste_csv, a.zeilen)
        als_xlsx(liste_csv, liste_xlsx)
        if a.form == "libreoffice":
            liste_xlsx = mit_libreoffice(liste_xlsx, ordner)
        print(
            f"{a.zeilen:_} Zeilen: CSV {liste_csv.stat().st_size / 1e6:.1f} MB, "
            f"XLSX ({a.form}) {liste_xlsx.stat().st_size / 1e6:.1f} MB".replace("_", ".")
        )

        aus_csv, aus_xlsx = ordner / "a.csv", ordner / "b.csv"
        lauf(liste_csv, aus_csv)
        lauf(liste_xlsx, aus_xlsx)
        if ergebnisse(aus_csv) != ergebnisse(aus_xlsx):
            print("FEHLER: CSV- und XLSX-Lauf liefern verschiedene Ergebnisse")
            return 1
        print("Ergebnisse und Beträge beider Läufe gleich.")

        paare = []
        for _ in range(a.laeufe):
            t_csv = lauf(liste_csv, aus_csv)
            t_xlsx = lauf(liste_xlsx, aus_xlsx)
            paare.append((t_csv, t_xlsx))
        verhaeltnis = statistics.median(x / c for c, x in paare)
        print(f"Lauf aus CSV  (Median): {statistics.median(c for c, _ in paare):6.2f} s")
        print(f"Lauf aus XLSX (Median): {statistics.median(x for _, x in paare):6.2f} s")
        print(f"Verhältnis XLSX/CSV (Median der Paare): {verhaeltnis:.2f}  (Grenze {a.grenze})")

        csv_us = statistics.median(lesen_je_zeile(liste_csv) for _ in range(3))
        xlsx_us = statistics.median(lesen_je_zeile(liste_xlsx) for _ in range(3))
        print(f"Lesen allein: CSV {csv_us:.1f} µs je Zeile, XLSX {xlsx_us:.1f} µs je Zeile")
        if a.alt:
            alt_us = lesen_je_zeile(liste_xlsx, alt=True)
            print(f"Lesen allein, bisheriger Weg (openpyxl): {alt_us:.1f} µs je Zeile")
    return 0 if verhaeltnis <= a.grenze else 1


if __name__ == "__main__":
    sys.exit(main())
