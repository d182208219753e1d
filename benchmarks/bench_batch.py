"""Wie schnell ist ``ozg-foerder batch``? Ganzer Prozess gegen ein schlichtes csv+Decimal-Skript.

Aufruf:  uv run python benchmarks/bench_batch.py [--zeilen 100000] [--laeufe 5] [--grenze 5]

1. Erzeugt eine IKZ-Liste mit ``--zeilen`` Zeilen (Semikolon, UTF-8, deutsche Schreibweisen:
   ``18,5 %``, ``ja``/``nein``/leer, Kommunennamen aus dem Verzeichnis) in einem temporären
   Verzeichnis.
2. Misst abwechselnd im selben Lauf, jeweils als ganzer Prozess mit Start:
   * ``ozg-foerder batch LISTE --programm ikz --format csv --ausgabe AUS --stichtag 2022-03-14``
   * ``python benchmarks/bench_batch.py --schlicht LISTE AUS``: csv-Modul + Decimal, dieselbe
     Rechnung ``min(25.000 € × n, 100.000 €)``, dieselben Prüfungen (mindestens zwei Kommunen,
     Einsparung ≥ 15 %, Laufzeit ≥ 5 Jahre, Beschluss, Vereinbarung, keine reine
     IT-Investition; leer = offen) und schreibt eine CSV mit Ergebnis und Betrag.
   Berichtet wird der Median der Verhältnisse der Paare (Grenze: ``--grenze``, Ziel 3).
3. Speicher: höchster RSS von ``ozg-foerder batch`` bei 30.000 und bei 300.000 Zeilen – er darf
   mit der Zeilenzahl nicht wachsen (gestreamt). Gemessen mit ``resource.getrusage`` eines
   Zwischenprozesses, der nur den einen Lauf startet.

4. Mit ``--formate``: JSON und XLSX je einmal, unmittelbar nach einem CSV-Lauf derselben Liste
   (Verhältnis zur CSV im selben Lauf), dazu die Bytes je Zeile des JSON-Dokuments.

Gemessen wird die Standardausgabe (deutsche Spalten mit Begründung) und ``--spalten technisch``
(die Spalten bis Version 1: dieselbe Arbeit wie das schlichte Skript). Die Grenze gilt für
``technisch``; das Verhältnis der deutschen Ausgabe wird berichtet.

Exit 0, wenn das Verhältnis unter der Grenze liegt und der Speicher bei 300.000 Zeilen höchstens
10 % über dem bei 30.000 liegt; sonst 1.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HIER = Path(__file__).resolve().parent
STICHTAG = "2022-03-14"
KOMMUNEN = [
    "Wetzlar",
    "Solms",
    "Braunfels",
    "Herborn",
    "Dillenburg",
    "Haiger",
    "Lauterbach (Hessen)",
    "Schotten",
    "Grebenhain",
    "Alsfeld",
    "Fulda",
    "Hünfeld",
    "Marburg",
    "Biedenkopf",
    "Gladenbach",
    "Viernheim",
    "Lorsch",
    "Bensheim",
    "Homberg (Efze)",
    "Borken (Hessen)",
]
KOPF = [
    "kommune",
    "kommunen",
    "einsparung",
    "laufzeit_jahre",
    "beschluss",
    "vereinbarung",
    "nur_it_investition",
]


def erzeuge(pfad: Path, zeilen: int, seed: int = 14032022) -> None:
    """Eine IKZ-Liste wie aus einer Verwaltung: gemischte Schreibweisen, Lücken."""
    zufall = random.Random(seed)
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = csv.writer(datei, delimiter=";", lineterminator="\r\n")
        schreiber.writerow(KOPF)
        for _ in range(zeilen):
            promille = zufall.randint(50, 300)
            if zufall.random() < 0.5:
                einsparung = f"{promille / 10:.1f} %".replace(".", ",")
            else:
                einsparung = f"0,{promille:03d}".rstrip("0")
            schreiber.writerow(
                [
                    zufall.choice(KOMMUNEN),
                    zufall.randint(1, 8),
                    einsparung if zufall.random() < 0.9 else "",
                    zufall.randint(1, 10),
                    zufall.choice(["ja", "ja", "ja", "nein", ""]),
                    zufall.choice(["ja", "ja", "nein", ""]),
                    zufall.choice(["nein", "", "", "ja"]) if zufall.random() < 0.3 else "",
                ]
            )


# ---------------------------------------------------------------------------------------------
# Das schlichte Vergleichsskript: csv + Decimal, dieselbe Rechnung
# ---------------------------------------------------------------------------------------------


def schlicht(eingabe: str, ausgabe: str) -> None:
    je = Decimal(25000)
    hoechstens = Decimal(100000)
    grenze = Decimal("0.15")
    with (
        open(eingabe, encoding="utf-8-sig", newline="") as ein,
        open(ausgabe, "w", encoding="utf-8-sig", newline="") as aus,
    ):
        leser = csv.reader(ein, delimiter=";")
        schreiber = csv.writer(aus, delimiter=";", lineterminator="\r\n")
        kopf = next(leser)
        schreiber.writerow([*kopf, "ikz_ergebnis", "ikz_betrag"])
        for zeile in leser:
            n = int(zeile[1])
            text = zeile[2].strip()
            einsparung = None
            if text:
                prozent = text.endswith("%")
                wert = Decimal(text.rstrip("% ").replace(",", "."))
                einsparung = wert / 100 if prozent else wert
            laufzeit = int(zeile[3]) if zeile[3] else None
            stati = [
                n >= 2,
                None if einsparung is None else einsparung >= grenze,
                None if laufzeit is None else laufzeit >= 5,
                None if not zeile[4] else zeile[4] == "ja",
                None if not zeile[5] else zeile[5] == "ja",
                zeile[6] != "ja",
            ]
            if False in stati:
                ergebnis, betrag = "nicht_foerderfaehig", ""
            else:
                ergebnis = "offen" if None in stati else "foerderfaehig"
                betrag = f"{min(je * n, hoechstens):.2f}".replace(".", ",")
            schreiber.writerow([*zeile, ergebnis, betrag])


# ---------------------------------------------------------------------------------------------
# Messen
# ---------------------------------------------------------------------------------------------


def ozg_foerder() -> list[str]:
    skript = Path(sys.executable).with_name("ozg-foerder")
    if skript.exists():
        return [str(skript)]
    gefunden = shutil.which("ozg-foerder")
    return [gefunden] if gefunden else [sys.executable, "-m", "ozg_foerder"]


def batch_befehl(eingabe: Path, ausgabe: Path, *weitere: str) -> list[str]:
    """``ozg-foerder batch``; das Format folgt der Endung von ``ausgabe``."""
    return [
        *ozg_foerder(),
        "batch",
        str(eingabe),
        "--programm",
        "ikz",
        "--format",
        ausgabe.suffix.lstrip("."),
        "--ausgabe",
        str(ausgabe),
        "--stichtag",
        STICHTAG,
        "--ueberschreiben",
        *weitere,
    ]


def json_groessen(pfad: Path) -> tuple[float, int, int]:
    """(Bytes je Zeile über die ganze Datei, größte Zeile in Bytes, Zahl der Zeilen)."""
    groesste = zeilen = 0
    with pfad.open("rb") as datei:
        for zeile in datei:
            if zeile.startswith(b'{"zeile"'):
                zeilen += 1
                groesste = max(groesste, len(zeile.rstrip(b",\n")))
    return pfad.stat().st_size / max(zeilen, 1), groesste, zeilen


def formate(liste: Path, ordner: Path) -> None:
    """JSON und XLSX im selben Lauf gegen CSV (je ein Paar, CSV unmittelbar davor)."""
    csv_aus = ordner / "paar.csv"
    for endung in ("json", "xlsx"):
        aus = ordner / f"unser.{endung}"
        c = miss(batch_befehl(liste, csv_aus))
        f = miss(batch_befehl(liste, aus))
        print(f"{endung.upper()}: {f:6.2f} s, CSV davor {c:6.2f} s – Verhältnis {f / c:.2f}")
        if endung == "json":
            je_zeile, groesste, zeilen = json_groessen(aus)
            print(
                f"JSON: {aus.stat().st_size / 1e6:.1f} MB für {zeilen} Zeilen, "
                f"{je_zeile:.0f} Bytes je Zeile (mit Kopf), größte Zeile {groesste} Bytes"
            )


def miss(befehl: list[str]) -> float:
    start = time.perf_counter()
    ergebnis = subprocess.run(befehl, capture_output=True, check=False)
    dauer = time.perf_counter() - start
    if ergebnis.returncode not in (0, 1):
        raise SystemExit(f"{befehl} scheiterte: {ergebnis.stderr.decode(errors='replace')}")
    return dauer


def spitzen_rss(befehl: list[str]) -> int:
    """Höchster RSS (KiB) des Prozesses ``befehl``, gemessen in einem eigenen Zwischenprozess."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], capture_output=True, check=False)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    ausgabe = subprocess.run(
        [sys.executable, "-c", code, *befehl], capture_output=True, text=True, check=True
    )
    return int(ausgabe.stdout.strip())


def vergleiche_ergebnisse(unser: Path, schlicht_aus: Path) -> None:
    """Beide Seiten müssen dasselbe ausrechnen – sonst misst der Vergleich nichts."""
    with (
        unser.open(encoding="utf-8-sig", newline="") as a,
        schlicht_aus.open(encoding="utf-8-sig", newline="") as b,
    ):
        ka, kb = csv.reader(a, delimiter=";"), csv.reader(b, delimiter=";")
        kopf_a, kopf_b = next(ka), next(kb)
        ia = [kopf_a.index("ikz_ergebnis"), kopf_a.index("ikz_betrag")]
        ib = [kopf_b.index("ikz_ergebnis"), kopf_b.index("ikz_betrag")]
        for nr, (za, zb) in enumerate(zip(ka, kb, strict=True), start=2):
            if [za[i] for i in ia] != [zb[i] for i in ib]:
                raise SystemExit(f"Zeile {nr}: ozg-foerder {za} ≠ schlicht {zb}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zeilen", type=int, default=100_000)
    parser.add_argument("--laeufe", type=int, default=5)
    parser.add_argument("--grenze", type=float, default=5.0)
    parser.add_argument("--ohne-speicher", action="store_true", help="Speichermessung auslassen")
    parser.add_argument(
        "--formate", action="store_true", help="JSON und XLSX im selben Lauf gegen CSV messen"
    )
    parser.add_argument("--schlicht", nargs=2, metavar=("EIN", "AUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.schlicht:
        schlicht(*args.schlicht)
        return 0

    for pfad in {sysconfig.get_paths()["purelib"], str(HIER.parent / "src")}:
        compileall.compile_dir(pfad, quiet=1, workers=0)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        ordner = Path(tmp)
        liste = ordner / "ikz.csv"
        erzeuge(liste, args.zeilen)
        unser_aus, schlicht_aus = ordner / "unser.csv", ordner / "schlicht.csv"
        technisch_aus = ordner / "technisch.csv"
        unser = batch_befehl(liste, unser_aus)  # Standard: deutsche Spalten mit Begründung
        technisch = batch_befehl(liste, technisch_aus, "--spalten", "technisch")
        basis = [sys.executable, str(Path(__file__).resolve()), "--schlicht", str(liste)]
        basis.append(str(schlicht_aus))
        miss(basis), miss(unser), miss(technisch)  # aufwärmen: Regel-Cache, Dateisystem
        vergleiche_ergebnisse(technisch_aus, schlicht_aus)

        zeiten_b, zeiten_u, zeiten_t, verhaeltnisse, verhaeltnisse_t = [], [], [], [], []
        for _ in range(args.laeufe):
            b = miss(basis)
            u = miss(unser)
            t = miss(technisch)
            zeiten_b.append(b)
            zeiten_u.append(u)
            zeiten_t.append(t)
            verhaeltnisse.append(u / b)
            verhaeltnisse_t.append(t / b)
        verhaeltnis = statistics.median(verhaeltnisse)
        zeilen = f"{args.zeilen:,}".replace(",", ".")
        print(f"Zeilen: {zeilen} (IKZ), Läufe: {args.laeufe} je Seite, abwechselnd")
        print(f"csv + Decimal (schlicht):          Median {statistics.median(zeiten_b):6.2f} s")
        print(f"ozg-foerder batch (deutsch):       Median {statistics.median(zeiten_u):6.2f} s")
        print(f"ozg-foerder batch --spalten techn.: Median {statistics.median(zeiten_t):6.2f} s")
        print(
            f"Verhältnis deutsch (Median der Paare): {verhaeltnis:.2f}  "
            f"(Grenze {args.grenze:.2f}, Ziel 3); technisch: "
            f"{statistics.median(verhaeltnisse_t):.2f}"
        )
        # Die Grenze gilt für dieselbe Arbeit wie das schlichte Skript (Ergebnis und Betrag je
        # Zeile); die deutsche Ausgabe schreibt zusätzlich die Begründung (etwa 4-mal so viele
        # Bytes) und wird nur berichtet.
        ok = statistics.median(verhaeltnisse_t) <= args.grenze
        if args.formate:
            formate(liste, ordner)

        if not args.ohne_speicher:
            rss = {}
            for n in (30_000, 300_000):
                datei = ordner / f"ikz-{n}.csv"
                erzeuge(datei, n)
                rss[n] = spitzen_rss(batch_befehl(datei, ordner / f"aus-{n}.csv"))
                datei.unlink()
            zuwachs = rss[300_000] / rss[30_000] - 1
            print(
                f"Spitzen-RSS: {rss[30_000] / 1024:.1f} MiB bei 30.000 Zeilen, "
                f"{rss[300_000] / 1024:.1f} MiB bei 300.000 Zeilen ({zuwachs:+.1%})"
            )
            ok = ok and zuwachs <= 0.10
    print("in Ordnung" if ok else "ZU LANGSAM ODER ZU VIEL SPEICHER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
