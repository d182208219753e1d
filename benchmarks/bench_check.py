"""Wie schnell ist eine einzelne Prüfung? Ganzer Prozess gegen die kleinste Typer-App.

Aufruf:  uv run python benchmarks/bench_check.py [--laeufe 30] [--grenze 1.25]

Gemessen wird ``ozg-foerder check ikz --kommunen 4 --einsparung 0.18`` als eigener Prozess gegen
``benchmarks/minimal_app.py check ikz --kommunen 4 --einsparung 0.18`` (eine Untergruppe
``check``, ein Befehl ``ikz``, dieselben zwei Optionen, gibt sie nur aus) – im selben Python,
abwechselnd, damit Schwankungen der Maschine beide gleich treffen. Berichtet wird der Median
des Verhältnisses der Paare. Typer selbst ist der Boden, den beide bezahlen; das Verhältnis
zeigt, was ozg-foerder darüber hinaus kostet. (Die kleinste App bezahlt dazu pydantic, das Typer
beim Aufruf für seine Adapter lädt; ozg-foerder reicht Text und Schalter ohne sie durch –
``cli/umwandlung.py`` –, darum liegt das Verhältnis unter 1.)

Vor der Messung werden Bytecode-Dateien erzeugt (compileall) und je ein Aufwärmlauf gemacht:
So läuft Python nach dem ersten Aufruf ohnehin, es sei denn, PYTHONDONTWRITEBYTECODE ist
gesetzt – dann zahlte jeder Aufruf das Übersetzen aller Module, bei beiden Seiten.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

HIER = Path(__file__).resolve().parent
ARGUMENTE = ["check", "ikz", "--kommunen", "4", "--einsparung", "0.18"]


def befehl_ozg_foerder() -> list[str]:
    skript = Path(sys.executable).with_name("ozg-foerder")
    if skript.exists():
        return [str(skript), *ARGUMENTE]
    gefunden = shutil.which("ozg-foerder")
    return [gefunden, *ARGUMENTE] if gefunden else [sys.executable, "-m", "ozg_foerder", *ARGUMENTE]


def miss(befehl: list[str]) -> float:
    start = time.perf_counter()
    ergebnis = subprocess.run(befehl, capture_output=True, check=False)
    dauer = time.perf_counter() - start
    if ergebnis.returncode != 0:  # "offen" ist Exit 0; alles andere wäre kein fairer Vergleich
        raise SystemExit(f"{befehl} scheiterte: {ergebnis.stderr.decode(errors='replace')}")
    return dauer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laeufe", type=int, default=30)
    parser.add_argument("--grenze", type=float, default=1.25)
    args = parser.parse_args()

    for pfad in {sysconfig.get_paths()["purelib"], str(HIER.parent / "src")}:
        compileall.compile_dir(pfad, quiet=1, workers=0)
    basis = [sys.executable, str(HIER / "minimal_app.py"), *ARGUMENTE]
    unser = befehl_ozg_foerder()
    env_hinweis = (
        " (PYTHONDONTWRITEBYTECODE gesetzt)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""
    )
    miss(basis), miss(unser)  # aufwärmen: Cache der Regeln, Dateisystem

    zeiten_basis, zeiten_unser, verhaeltnisse = [], [], []
    for _ in range(args.laeufe):
        b = miss(basis)
        u = miss(unser)
        zeiten_basis.append(b)
        zeiten_unser.append(u)
        verhaeltnisse.append(u / b)
    median_b = statistics.median(zeiten_basis)
    median_u = statistics.median(zeiten_unser)
    verhaeltnis = statistics.median(verhaeltnisse)
    print(f"Läufe: {args.laeufe} je Seite, abwechselnd{env_hinweis}")
    print(f"Minimale Typer-App:   Median {median_b * 1000:7.1f} ms")
    print(f"ozg-foerder check:    Median {median_u * 1000:7.1f} ms")
    print(f"Verhältnis (Median der Paare): {verhaeltnis:.2f}  (Grenze {args.grenze:.2f})")
    if verhaeltnis > args.grenze:
        print("ZU LANGSAM")
        return 1
    print("in Ordnung")
    return 0


if __name__ == "__main__":
    sys.exit(main())
