"""Wie teuer ist die Excel-Ausgabe von ``ozg-foerder batch`` gegenüber der CSV-Ausgabe?

Aufruf:  uv run python benchmarks/bench_xlsx.py [--zeilen 100000] [--laeufe 5] [--grenze 2.5]

1. Erzeugt eine IKZ-Liste (``erzeuge`` aus ``bench_batch.py``) in einem temporären Verzeichnis.
2. Misst abwechselnd als ganze Prozesse (mit Start)
   * ``ozg-foerder batch LISTE --programm ikz --stichtag 2022-03-14 --ausgabe X.csv``
   * ``ozg-foerder batch LISTE --programm ikz --stichtag 2022-03-14 --ausgabe X.xlsx``
   und berichtet den Median der Verhältnisse der Paare (XLSX/CSV; Ziel aus Issue 11: ≤ 2,5).
3. Misst im Prozess die reine Schreibzeit je Zeile: die Zeilenergebnisse einmal ausgewertet
   und im Speicher gehalten, dann abwechselnd ``schreibe_xlsx`` und ``schreibe_csv`` darüber
   (Median; Budget für XLSX: etwa 15 µs je Zeile).

Exit 0, wenn das Verhältnis der Prozesse unter ``--grenze`` liegt; sonst 1.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HIER = Path(__file__).resolve().parent
STICHTAG = "2022-03-14"


def _bench_batch():  # das Nachbarskript ist kein Paket: über den Pfad
    sys.path.insert(0, str(HIER))
    import bench_batch

    return bench_batch


def befehl(liste: Path, ausgabe: Path) -> list[str]:
    return _bench_batch().batch_befehl(liste, ausgabe)


def miss(kommando: list[str]) -> float:
    start = time.perf_counter()
    ergebnis = subprocess.run(kommando, capture_output=True, check=False)
    dauer = time.perf_counter() - start
    if ergebnis.returncode not in (0, 1):
        raise SystemExit(f"{kommando} scheiterte: {ergebnis.stderr.decode(errors='replace')}")
    return dauer


def prozesse(liste: Path, ordner: Path, laeufe: int) -> tuple[list[float], list[float]]:
    csv_zeiten: list[float] = []
    xlsx_zeiten: list[float] = []
    for n in range(laeufe):
        # abwechselnd, und die Reihenfolge im Paar wechselt: kein Format erbt warme Caches
        paar = [("csv", csv_zeiten), ("xlsx", xlsx_zeiten)]
        for endung, zeiten in paar if n % 2 == 0 else reversed(paar):
            zeiten.append(miss(befehl(liste, ordner / f"aus.{endung}")))
        print(f"  Paar {n + 1}: CSV {csv_zeiten[-1]:5.2f} s, XLSX {xlsx_zeiten[-1]:5.2f} s")
    return csv_zeiten, xlsx_zeiten


def schreibzeiten(liste: Path, ordner: Path, laeufe: int) -> dict[str, float]:
    """µs je Zeile für XLSX und CSV (Wanduhr und CPU aller Threads): nur das Schreiben, ohne
    Lesen und Auswerten. Auf einer geteilten Maschine ist die CPU-Zeit das ruhigere Maß."""
    from ozg_foerder.batch import werte_datei_aus
    from ozg_foerder.batch.schreiben_csv import ausgabe_format, schreibe_csv
    from ozg_foerder.batch.schreiben_xlsx import schreibe_xlsx

    vorlage = werte_datei_aus(liste, programme=["ikz"], stichtag=STICHTAG)
    zeilen = list(vorlage.zeilen())

    def auswertung():
        neu = werte_datei_aus(liste, programme=["ikz"], stichtag=STICHTAG)
        neu.zusammenfassung = vorlage.zusammenfassung
        neu.zeilen = lambda fortschritt=None: iter(zeilen)
        return neu

    zeiten: dict[str, list[float]] = {"xlsx": [], "xlsx_cpu": [], "csv": [], "csv_cpu": []}

    def stoppe(art: str, start: float, cpu: float) -> None:
        zeiten[art].append(time.perf_counter() - start)
        zeiten[art + "_cpu"].append(time.process_time() - cpu)

    for _ in range(laeufe):
        a = auswertung()
        with (ordner / "schreiben.xlsx").open("wb") as datei:
            start, cpu = time.perf_counter(), time.process_time()
            schreibe_xlsx(a, datei, None, str(liste))
            stoppe("xlsx", start, cpu)
        a = auswertung()
        with (ordner / "schreiben.csv").open("wb") as roh:
            strom = io.TextIOWrapper(roh, encoding="utf-8", newline="")
            start, cpu = time.perf_counter(), time.process_time()
            schreibe_csv(a, strom, ausgabe_format(a))
            strom.flush()
            stoppe("csv", start, cpu)
            strom.detach()
    je = 1e6 / len(zeilen)
    return {art: statistics.median(werte) * je for art, werte in zeiten.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zeilen", type=int, default=100_000)
    parser.add_argument("--laeufe", type=int, default=5)
    parser.add_argument("--grenze", type=float, default=2.5)
    parser.add_argument("--ohne-prozesse", action="store_true", help="nur die Schreibzeit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ordner = Path(tmp)
        liste = ordner / "liste.csv"
        _bench_batch().erzeuge(liste, args.zeilen)
        print(f"{args.zeilen} IKZ-Zeilen, {args.laeufe} Läufe je Messung")
        verhaeltnis = 0.0
        if not args.ohne_prozesse:
            c, x = prozesse(liste, ordner, args.laeufe)
            verhaeltnis = statistics.median(b / a for a, b in zip(c, x, strict=True))
            mc, mx = statistics.median(c), statistics.median(x)
            print(
                f"Ganzer Prozess: CSV {mc:.2f} s, XLSX {mx:.2f} s (Median), Verhältnis "
                f"XLSX/CSV {verhaeltnis:.2f} (Median der Paare; Grenze {args.grenze})"
            )
            print(
                f"Dateien: CSV {(ordner / 'aus.csv').stat().st_size / 1e6:.1f} MB, "
                f"XLSX {(ordner / 'aus.xlsx').stat().st_size / 1e6:.1f} MB"
            )
        s = schreibzeiten(liste, ordner, args.laeufe)
        print(
            f"Nur Schreiben (Median, µs je Zeile): XLSX {s['xlsx']:.1f} (CPU {s['xlsx_cpu']:.1f}),"
            f" CSV {s['csv']:.1f} (CPU {s['csv_cpu']:.1f})"
        )
    return 0 if args.ohne_prozesse or verhaeltnis <= args.grenze else 1


if __name__ == "__main__":
    raise SystemExit(main())
