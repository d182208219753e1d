"""Wie schnell ist ``ozg-foerder batch``? Alle Verhältnisse von Issue 11 in einem Lauf.

Aufruf:  uv run --group bench python benchmarks/bench_batch.py [--zeilen 100000] [--laeufe 5]
         [--nur csv,programme,formate,speicher,start] [--ohne speicher]
         [--speicher-zeilen 30000,300000] [--grenze-eintrag 1024]

Jede Zeit ist ein ganzer Prozess mit Start (so erlebt es, wer ``ozg-foerder batch`` aufruft).
Verglichen wird immer im selben Lauf: je Lauf kommt jede Seite einmal dran, in wechselnder
Reihenfolge; berichtet wird der Median der Verhältnisse der Paare. Vor dem Messen rechnet jede
Seite einmal (aufwärmen) und die Ergebnisse werden verglichen – rechnen sie nicht dasselbe, misst
der Vergleich nichts, und das Skript bricht ab.

Teile (``--nur``/``--ohne``):

``csv``        100.000 IKZ-Zeilen nach CSV, deutsche Standardausgabe (ohne ``--spalten``), gegen
               * das schlichte Skript (``--schlicht``, der Boden): csv-Modul + Decimal, dieselben
                 Prüfungen (mindestens zwei Kommunen, Einsparung ≥ 15 %, Laufzeit ≥ 5 Jahre,
                 Beschluss, Vereinbarung, keine reine IT-Investition; leer = offen), schreibt
                 Ergebnis und Betrag – Ziel ≤ 3, angestrebt 1,5;
               * den OpenFisca-Vergleich (``openfisca_ikz.py``, Gruppe ``bench``) – Ziel ≤ 1,0,
                 angestrebt 0,6. Fehlt OpenFisca, entfällt dieser Teil mit einem Satz.
               Auf zwei Dateien: der erzeugten (20 Kommunen, wenige verschiedene Zeilen) und einer
               hoher Vielfalt (fast jede Zeile verschieden). ``--spalten technisch`` (Ergebnis und
               Betrag wie bis Version 1) und ``--prozesse 1`` (alles in einem Prozess, ohne die
               Verteilung auf die Kerne) werden zusätzlich berichtet, ohne Ziel.
``programme``  Jedes Programm (ohne ``--programm``) gegen den IKZ-Lauf – Ziel ≤ 3, angestrebt 2.
``formate``    JSON-Ausgabe ≤ 2× CSV, XLSX-Ausgabe ≤ 2,5× CSV, ganzer Lauf aus einer XLSX-Eingabe
               (mit openpyxl aus der CSV erzeugt, Zahlen als Zahlen) ≤ 3× derselbe Lauf aus CSV.
``speicher``   Spitzen-RSS bei 300.000 Zeilen höchstens 1,2× der bei 30.000 – CSV-, JSON- und
               XLSX-Ausgabe und XLSX-Eingabe. Dazu eine Datei, in der jede Zeile eine andere falsch
               geschriebene Kommune nennt, und eine mit vielen Verbünden (Spalte ``verbund``): Dort
               darf je Name bzw. Verbund nur ein kleiner Eintrag dazukommen – berichtet in Bytes je
               Eintrag (Zuwachs des RSS geteilt durch den Zuwachs an Namen bzw. Verbünden), Ziel
               ``--grenze-eintrag`` (Standard 1024 Bytes). Gemessen mit ``resource.getrusage``
               eines Zwischenprozesses, der nur den einen Lauf startet.
``start``      Importzeit eines kleinen Batch-Laufs (``python -X importtime``): die größten Module;
               Ziel: ein CSV-Lauf lädt nichts, was nur andere Formate brauchen (openpyxl, docx …).

Dauer mit 100.000 Zeilen und ``--laeufe 3`` hier etwa 15 Minuten, die meiste in ``formate`` (die
XLSX-Ausgabe) und ``speicher``; ``--nur csv --laeufe 3`` braucht etwa 2 Minuten.

Exit 0 nur, wenn jedes gemessene Ziel erreicht ist; sonst 1.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import importlib.util
import random
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

HIER = Path(__file__).resolve().parent
VERZEICHNIS = HIER.parent / "data" / "kommunen.csv"  # alle 442 hessischen Kommunen
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
TEILE = ("csv", "programme", "formate", "speicher", "start")
# Was ein Lauf von CSV nach CSV nicht braucht: Excel, Word-Vorlagen, Kalender.
UNNOETIG_BEI_CSV = ("openpyxl", "et_xmlfile", "defusedxml", "docx", "docxtpl", "jinja2", "lxml")
UNNOETIG_BEI_CSV += ("icalendar", "numpy", "openfisca_core")


# ---------------------------------------------------------------------------------------------
# Eingabedateien
# ---------------------------------------------------------------------------------------------


def _schreiber(datei):
    return csv.writer(datei, delimiter=";", lineterminator="\r\n")


def erzeuge(pfad: Path, zeilen: int, seed: int = 14032022) -> None:
    """Eine IKZ-Liste wie aus einer Verwaltung: gemischte Schreibweisen, Lücken – aber nur 20
    Kommunen und Einsparungen in Promille, also wenige verschiedene Zeilen."""
    zufall = random.Random(seed)
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = _schreiber(datei)
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


def verzeichnis() -> list[dict[str, str]]:
    with VERZEICHNIS.open(encoding="utf-8-sig", newline="") as datei:
        return list(csv.DictReader(datei))


def _einsparung_vielfalt(zufall: random.Random) -> str:
    """Eine Einsparung mit 0 bis 8 Nachkommastellen in einer der deutschen Schreibweisen."""
    stellen = zufall.randint(0, 8)
    prozent = Decimal(zufall.randint(5 * 10**stellen, 30 * 10**stellen)).scaleb(-stellen)
    form = zufall.random()
    if form < 0.4:
        return f"{prozent} %".replace(".", ",")
    if form < 0.6:
        return f"{prozent}%".replace(".", ",")
    anteil = prozent / 100
    return f"{anteil}".replace(".", ",") if form < 0.9 else f"{anteil}"  # 0.185 auch mit Punkt


def _ja_nein_vielfalt(zufall: random.Random, ja: float, nein: float) -> str:
    wurf = zufall.random()
    if wurf < ja:
        return zufall.choice(["ja", "Ja", "JA", "x", "j", " ja "])
    if wurf < ja + nein:
        return zufall.choice(["nein", "Nein", "NEIN", "n"])
    return ""


def erzeuge_vielfalt(pfad: Path, zeilen: int, seed: int = 11) -> None:
    """Hohe Vielfalt: fast jede Zeile verschieden – alle Kommunen des Verzeichnisses (Name,
    manchmal AGS, manchmal leer), 1–60 Kommunen, Laufzeit 1–30, Einsparung mit vielen
    Nachkommastellen, Lücken und deutsche Schreibweisen."""
    zufall = random.Random(seed)
    kommunen = verzeichnis()
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = _schreiber(datei)
        schreiber.writerow(KOPF)
        for _ in range(zeilen):
            kommune = zufall.choice(kommunen)
            wurf = zufall.random()
            name = kommune["name"] if wurf < 0.85 else kommune["ags"] if wurf < 0.95 else ""
            schreiber.writerow(
                [
                    name,
                    zufall.randint(1, 60),
                    _einsparung_vielfalt(zufall) if zufall.random() < 0.9 else "",
                    zufall.randint(1, 30) if zufall.random() < 0.9 else "",
                    _ja_nein_vielfalt(zufall, 0.6, 0.2),
                    _ja_nein_vielfalt(zufall, 0.55, 0.2),
                    _ja_nein_vielfalt(zufall, 0.1, 0.2),
                ]
            )


def _verschreibe(name: str, zufall: random.Random, nr: int) -> str:
    """Ein Tippfehler (ein Buchstabe ersetzt) und eine Nummer, damit jeder Name neu ist."""
    stelle = zufall.randrange(len(name))
    return f"{name[:stelle]}{zufall.choice('aeioukxzäöü')}{name[stelle + 1 :]} {nr}"


def erzeuge_falsch(pfad: Path, zeilen: int, seed: int = 7) -> int:
    """Jede Zeile eine andere falsch geschriebene Kommune; gibt die Zahl der Namen zurück."""
    zufall = random.Random(seed)
    namen = [k["name"] for k in verzeichnis()]
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = _schreiber(datei)
        schreiber.writerow(KOPF)
        for nr in range(zeilen):
            name = _verschreibe(zufall.choice(namen), zufall, nr)
            schreiber.writerow([name, zufall.randint(1, 8), "20 %", 5, "ja", "ja", ""])
    return zeilen


def erzeuge_verbuende(pfad: Path, zeilen: int, seed: int = 5) -> int:
    """Viele Verbünde (IKZ: ``verbund: art: kooperation``): je 2–4 Partnerzeilen mit
    verschiedenen Kommunen und gleichem Namen in der Spalte ``verbund``; die Partnerzahl steht
    meist nicht da (dann zählen die Zeilen), sonst in allen Zeilen gleich. Gibt die Zahl der
    Verbünde zurück."""
    zufall = random.Random(seed)
    namen = [k["name"] for k in verzeichnis()]
    verbuende = geschrieben = 0
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = _schreiber(datei)
        schreiber.writerow(["kommune", "verbund", *KOPF[1:]])
        while geschrieben < zeilen:
            partner = zufall.sample(namen, min(zufall.randint(2, 4), zeilen - geschrieben))
            verbuende += 1
            zahl = str(len(partner) + zufall.randint(0, 2)) if zufall.random() < 0.3 else ""
            for kommune in partner:
                schreiber.writerow(
                    [
                        kommune,
                        f"IKZ-Verbund {verbuende}",
                        zahl,
                        f"{zufall.randint(100, 300) / 10:.1f} %".replace(".", ","),
                        zufall.choice([5, 6, 10, 4]),
                        zufall.choice(["ja", "ja", "ja", ""]),
                        zufall.choice(["ja", "ja", "nein"]),
                        "",
                    ]
                )
            geschrieben += len(partner)
    return verbuende


def als_xlsx(quelle: Path, ziel: Path) -> None:
    """Dieselbe Liste als Excel-Datei, wie eine Verwaltung sie hätte: Zahlen als Zahlen
    (Einsparung als Anteil mit Prozentformat, wenn sie mit % geschrieben war), Text als Text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    mappe = Workbook(write_only=True)
    blatt = mappe.create_sheet("Kommunen")
    with quelle.open(encoding="utf-8-sig", newline="") as datei:
        leser = csv.reader(datei, delimiter=";")
        kopf = next(leser)
        blatt.append(kopf)
        ganz = {kopf.index(s) for s in ("kommunen", "laufzeit_jahre") if s in kopf}
        i_e = kopf.index("einsparung")
        for zeile in leser:
            werte: list = [None if z == "" else z for z in zeile]
            for i in ganz:
                if zeile[i]:
                    werte[i] = int(zeile[i])
            text = zeile[i_e].strip()
            if text:
                zelle = WriteOnlyCell(blatt, value=float(_einsparung(text)))
                if text.endswith("%"):
                    zelle.number_format = "0.0%"
                werte[i_e] = zelle
            blatt.append(werte)
    mappe.save(ziel)


# ---------------------------------------------------------------------------------------------
# Das schlichte Vergleichsskript (der Boden): csv + Decimal, dieselbe Rechnung
# ---------------------------------------------------------------------------------------------

_JA = frozenset({"ja", "j", "x", "1", "true", "wahr"})


def _einsparung(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    wert = Decimal(text.rstrip("% ").replace(",", "."))
    return wert / 100 if text.endswith("%") else wert


def _ja_nein(text: str) -> bool | None:
    text = text.strip().lower()
    return None if not text else text in _JA


def schlicht(eingabe: str, ausgabe: str) -> None:
    je = Decimal(25000)
    hoechstens = Decimal(100000)
    grenze = Decimal("0.15")
    with (
        open(eingabe, encoding="utf-8-sig", newline="") as ein,
        open(ausgabe, "w", encoding="utf-8-sig", newline="") as aus,
    ):
        leser = csv.reader(ein, delimiter=";")
        schreiber = _schreiber(aus)
        kopf = next(leser)
        schreiber.writerow([*kopf, "ikz_ergebnis", "ikz_betrag"])
        for zeile in leser:
            n = int(zeile[1])
            einsparung = _einsparung(zeile[2])
            laufzeit = int(zeile[3]) if zeile[3].strip() else None
            stati = [
                n >= 2,
                None if einsparung is None else einsparung >= grenze,
                None if laufzeit is None else laufzeit >= 5,
                _ja_nein(zeile[4]),
                _ja_nein(zeile[5]),
                _ja_nein(zeile[6]) is not True,  # Ausschlussgrund: leer heißt „liegt nicht vor“
            ]
            if False in stati:
                ergebnis, betrag = "nicht_foerderfaehig", ""
            else:
                ergebnis = "offen" if None in stati else "foerderfaehig"
                betrag = f"{min(je * n, hoechstens):.2f}".replace(".", ",")
            schreiber.writerow([*zeile, ergebnis, betrag])


# ---------------------------------------------------------------------------------------------
# Prozesse starten und messen
# ---------------------------------------------------------------------------------------------


def ozg_foerder() -> list[str]:
    skript = Path(sys.executable).with_name("ozg-foerder")
    if skript.exists():
        return [str(skript)]
    gefunden = shutil.which("ozg-foerder")
    return [gefunden] if gefunden else [sys.executable, "-m", "ozg_foerder"]


def batch_befehl(eingabe: Path, ausgabe: Path, *weitere: str, programm: bool = True) -> list[str]:
    """``ozg-foerder batch``; das Format folgt der Endung von ``ausgabe``."""
    return [
        *ozg_foerder(),
        "batch",
        str(eingabe),
        *(["--programm", "ikz"] if programm else []),
        "--format",
        ausgabe.suffix.lstrip("."),
        "--ausgabe",
        str(ausgabe),
        "--stichtag",
        STICHTAG,
        "--ueberschreiben",
        *weitere,
    ]


def miss(befehl: list[str]) -> float:
    start = time.perf_counter()
    ergebnis = subprocess.run(befehl, capture_output=True, check=False)
    dauer = time.perf_counter() - start
    if ergebnis.returncode not in (0, 1):  # 1: Zeilen mit Fehlern – gehört zum Messen dazu
        raise SystemExit(f"{befehl} scheiterte: {ergebnis.stderr.decode(errors='replace')}")
    return dauer


def reihum(befehle: dict[str, list[str]], laeufe: int) -> dict[str, list[float]]:
    """Jeder Lauf startet jede Seite einmal; die Reihenfolge wechselt von Lauf zu Lauf, damit
    keine Seite immer nach derselben kommt (Cache, Wärme der Maschine)."""
    namen = list(befehle)
    zeiten: dict[str, list[float]] = {name: [] for name in namen}
    for lauf in range(laeufe):
        versatz = lauf % len(namen)
        for name in namen[versatz:] + namen[:versatz]:
            zeiten[name].append(miss(befehle[name]))
    return zeiten


def verhaeltnis(zeiten: dict[str, list[float]], oben: str, unten: str) -> float:
    return statistics.median(a / b for a, b in zip(zeiten[oben], zeiten[unten], strict=True))


def spitzen_rss(befehl: list[str]) -> int:
    """Höchster RSS (KiB) des Prozesses ``befehl``, gemessen in einem eigenen Zwischenprozess."""
    code = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, check=False)\n"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    ausgabe = subprocess.run(
        [sys.executable, "-c", code, *befehl], capture_output=True, text=True, check=True
    )
    rc, kib = ausgabe.stdout.split()
    if int(rc) not in (0, 1):
        raise SystemExit(f"{befehl} scheiterte (Exit {rc})")
    return int(kib)


# ---------------------------------------------------------------------------------------------
# Ergebnisse vergleichen – vor dem Messen
# ---------------------------------------------------------------------------------------------


def _lies(pfad: Path):
    datei = pfad.open(encoding="utf-8-sig", newline="")
    leser = csv.reader(datei, delimiter=";")
    return datei, leser, next(leser)


_DEUTSCH = {"förderfähig": "foerderfaehig", "nicht förderfähig": "nicht_foerderfaehig"}


def ergebnis_spalten(kopf: list[str]) -> tuple[int, int]:
    """Spalten für Ergebnis und Betrag, technisch oder deutsch."""
    if "ikz_ergebnis" in kopf:
        return kopf.index("ikz_ergebnis"), kopf.index("ikz_betrag")
    return kopf.index("IKZ Ergebnis"), kopf.index("IKZ Zuwendung")


def vergleiche_ergebnisse(unser: Path, anderes: Path, wer: str = "schlicht") -> None:
    """Ergebnis und Betrag je Zeile gleich (deutsche Ergebnisse in technische Schreibweise)."""
    a, la, kopf_a = _lies(unser)
    b, lb, kopf_b = _lies(anderes)
    with a, b:
        ia, ib = ergebnis_spalten(kopf_a), ergebnis_spalten(kopf_b)
        for nr, (za, zb) in enumerate(zip(la, lb, strict=True), start=2):
            wa = [_DEUTSCH.get(za[ia[0]], za[ia[0]]), za[ia[1]]]
            wb = [_DEUTSCH.get(zb[ib[0]], zb[ib[0]]), zb[ib[1]]]
            if wa != wb:
                raise SystemExit(f"Zeile {nr}: ozg-foerder {wa} ≠ {wer} {wb}")


def vergleiche_openfisca(unser: Path, openfisca: Path) -> str:
    """Gleiche Beträge, wo beide rechnen; sonst muss der Unterschied erklärt sein.

    OpenFisca prüft nur zwei Voraussetzungen (Kommunen ≥ 2, Einsparung ≥ 15 %) und setzt eine
    leere Einsparung auf 0. ozg-foerder prüft dazu Laufzeit, Beschluss, Vereinbarung und den
    Ausschlussgrund und kennt „offen“. Also:
    * OpenFisca förderfähig, ozg-foerder förderfähig oder offen → der Betrag muss gleich sein;
    * OpenFisca förderfähig, ozg-foerder nicht → eine der weiteren Voraussetzungen muss in der
      Zeile verfehlt sein;
    * OpenFisca nicht förderfähig mit Einsparung → ozg-foerder ebenfalls nicht förderfähig;
    * Einsparung leer (OpenFisca: 0) → ozg-foerder darf nicht „förderfähig“ sagen.
    """
    a, la, kopf = _lies(unser)
    b, lb, kopf_of = _lies(openfisca)
    zahl: Counter[str] = Counter()
    with a, b:
        ia, iof = ergebnis_spalten(kopf), ergebnis_spalten(kopf_of)
        spalte = {name: kopf.index(name) for name in KOPF}
        for nr, (z, zo) in enumerate(zip(la, lb, strict=True), start=2):
            unser_e, unser_b = _DEUTSCH.get(z[ia[0]], z[ia[0]]), z[ia[1]]
            of_e, of_b = zo[iof[0]], zo[iof[1]]
            leer = not z[spalte["einsparung"]].strip()
            if of_e == "foerderfaehig" and unser_e in ("foerderfaehig", "offen"):
                ok, fall = unser_b == of_b, "gleich"
            elif of_e == "foerderfaehig":
                laufzeit = z[spalte["laufzeit_jahre"]].strip()
                weitere = [
                    bool(laufzeit) and int(laufzeit) < 5,
                    _ja_nein(z[spalte["beschluss"]]) is False,
                    _ja_nein(z[spalte["vereinbarung"]]) is False,
                    _ja_nein(z[spalte["nur_it_investition"]]) is True,
                ]
                ok, fall = any(weitere), "weitere"
            elif leer:
                ok, fall = unser_e != "foerderfaehig", "leer"
            else:
                ok, fall = unser_e == "nicht_foerderfaehig", "beide_nicht"
            if not ok:
                raise SystemExit(
                    f"Zeile {nr}: ozg-foerder {unser_e} {unser_b!r} ≠ OpenFisca {of_e} {of_b!r}"
                )
            zahl[fall] += 1
    return (
        f"OpenFisca = ozg-foerder: {zahl['gleich']} Beträge gleich (beide Voraussetzungen "
        f"erfüllt, keine weitere verfehlt); {zahl['weitere']} Zeilen nach OpenFisca förderfähig, "
        "nach ozg-foerder nicht (Laufzeit < 5, Beschluss/Vereinbarung nein oder reine "
        f"IT-Investition – prüft OpenFisca nicht); {zahl['beide_nicht']} bei beiden nicht "
        f"förderfähig; {zahl['leer']} mit leerer Einsparung (OpenFisca: 0 %, ozg-foerder: offen "
        "oder nicht förderfähig)."
    )


# ---------------------------------------------------------------------------------------------
# Ziele
# ---------------------------------------------------------------------------------------------


@dataclass
class Ziel:
    name: str
    wert: float
    grenze: float
    angestrebt: float | None = None
    einheit: str = "×"

    @property
    def erreicht(self) -> bool:
        return self.wert <= self.grenze


def zahl(wert: float, stellen: int = 2) -> str:
    return f"{wert:,.{stellen}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def drucke_ziele(ziele: list[Ziel]) -> None:
    breite = max(len(z.name) for z in ziele)
    print()
    print(f"{'Verhältnis':<{breite}}  {'gemessen':>10}  {'Ziel':>10}  {'angestrebt':>10}")
    for z in ziele:
        stellen = 0 if z.einheit != "×" else 2
        angestrebt = "" if z.angestrebt is None else f"{zahl(z.angestrebt, stellen)}{z.einheit}"
        print(
            f"{z.name:<{breite}}  {zahl(z.wert, stellen) + z.einheit:>10}  "
            f"{'≤ ' + zahl(z.grenze, stellen) + z.einheit:>10}  {angestrebt:>10}  "
            f"{'erreicht' if z.erreicht else 'verfehlt'}"
        )


# ---------------------------------------------------------------------------------------------
# Die Teile
# ---------------------------------------------------------------------------------------------


def mit_openfisca() -> bool:
    return importlib.util.find_spec("openfisca_core") is not None


def teil_csv(dateien: dict[str, Path], ordner: Path, laeufe: int) -> list[Ziel]:
    ziele = []
    openfisca = mit_openfisca()
    if not openfisca:
        print(
            "OpenFisca ist nicht installiert – der Vergleich mit OpenFisca entfällt "
            "(uv run --group bench … installiert ihn)."
        )
    for art, liste in dateien.items():
        seiten = ("boden", "of", "deutsch", "technisch", "einer")
        aus = {s: ordner / f"{art}-{s}.csv" for s in seiten}
        befehle = {
            "boden": [sys.executable, str(HIER / "bench_batch.py"), "--schlicht", str(liste)],
            "deutsch": batch_befehl(liste, aus["deutsch"]),
            "technisch": batch_befehl(liste, aus["technisch"], "--spalten", "technisch"),
            # dasselbe in einem Prozess: was die Verteilung auf die Kerne bringt (nur berichtet)
            "einer": batch_befehl(liste, aus["einer"], "--prozesse", "1"),
        }
        befehle["boden"].append(str(aus["boden"]))
        if openfisca:
            befehle["of"] = [sys.executable, str(HIER / "openfisca_ikz.py"), str(liste)]
            befehle["of"].append(str(aus["of"]))
        for befehl in befehle.values():  # aufwärmen und die Ergebnisse erzeugen
            miss(befehl)
        vergleiche_ergebnisse(aus["technisch"], aus["boden"])
        vergleiche_ergebnisse(aus["deutsch"], aus["boden"])
        if aus["einer"].read_bytes() != aus["deutsch"].read_bytes():
            raise SystemExit("batch in einem Prozess und in mehreren schreiben Verschiedenes")
        zeilen, ikz = _verschiedene_zeilen(liste)
        print(
            f"\n[csv] Datei „{art}“: {zeilen} verschiedene Zeilen, {ikz} verschiedene "
            "IKZ-Eingaben (ohne Kommune); Ergebnis und Betrag von ozg-foerder (deutsch und "
            "technisch) und Boden gleich."
        )
        if openfisca:
            print("  " + vergleiche_openfisca(aus["technisch"], aus["of"]))
        zeiten = reihum(befehle, laeufe)
        for seite, text in (
            ("boden", "csv + Decimal (Boden)"),
            ("of", "OpenFisca, vektorisiert"),
            ("deutsch", "ozg-foerder batch (deutsch)"),
            ("technisch", "ozg-foerder --spalten technisch"),
            ("einer", "ozg-foerder --prozesse 1"),
        ):
            if seite in zeiten:
                print(f"  {text:<32} Median {zahl(statistics.median(zeiten[seite]))} s")
        info = f"  technisch / Boden {zahl(verhaeltnis(zeiten, 'technisch', 'boden'))}"
        info += f", ein Prozess / Boden {zahl(verhaeltnis(zeiten, 'einer', 'boden'))}"
        if openfisca:
            ziele.append(
                Ziel(
                    f"IKZ→CSV deutsch / OpenFisca ({art})",
                    verhaeltnis(zeiten, "deutsch", "of"),
                    1.0,
                    0.6,
                )
            )
            info += f", technisch / OpenFisca {zahl(verhaeltnis(zeiten, 'technisch', 'of'))}"
            info += f", OpenFisca / Boden {zahl(verhaeltnis(zeiten, 'of', 'boden'))}"
            info += f", ein Prozess / OpenFisca {zahl(verhaeltnis(zeiten, 'einer', 'of'))}"
        ziele.append(
            Ziel(
                f"IKZ→CSV deutsch / Boden ({art})",
                verhaeltnis(zeiten, "deutsch", "boden"),
                3.0,
                1.5,
            )
        )
        print(info + " (nur berichtet)")
    return ziele


def _verschiedene_zeilen(liste: Path) -> tuple[int, int]:
    """Wie viele Zeilen verschieden sind – ganz und ohne die Spalte kommune."""
    with liste.open(encoding="utf-8-sig", newline="") as datei:
        zeilen = {zeile.rstrip("\r\n") for zeile in datei}
    return len(zeilen) - 1, len({z.partition(";")[2] for z in zeilen}) - 1


def teil_programme(liste: Path, ordner: Path, laeufe: int) -> list[Ziel]:
    befehle = {
        "ikz": batch_befehl(liste, ordner / "prog-ikz.csv"),
        "alle": batch_befehl(liste, ordner / "prog-alle.csv", programm=False),
    }
    for befehl in befehle.values():
        miss(befehl)
    vergleiche_ergebnisse(ordner / "prog-alle.csv", ordner / "prog-ikz.csv", "IKZ allein")
    with (ordner / "prog-alle.csv").open(encoding="utf-8-sig") as datei:
        programme = [s for s in next(datei).rstrip().split(";") if s.endswith(" Ergebnis")]
    zeiten = reihum(befehle, laeufe)
    print(
        f"\n[programme] ohne --programm: {len(programme)} Programme "
        f"({', '.join(p.removesuffix(' Ergebnis') for p in programme)}); Median "
        f"{zahl(statistics.median(zeiten['alle']))} s gegen IKZ "
        f"{zahl(statistics.median(zeiten['ikz']))} s"
    )
    return [Ziel("Jedes Programm / nur IKZ", verhaeltnis(zeiten, "alle", "ikz"), 3.0, 2.0)]


def json_groessen(pfad: Path) -> tuple[float, int, int]:
    """(Bytes je Zeile über die ganze Datei, größte Zeile in Bytes, Zahl der Zeilen)."""
    groesste = zeilen = 0
    with pfad.open("rb") as datei:
        for zeile in datei:
            if zeile.startswith(b'{"zeile"'):
                zeilen += 1
                groesste = max(groesste, len(zeile.rstrip(b",\n")))
    return pfad.stat().st_size / max(zeilen, 1), groesste, zeilen


def teil_formate(liste: Path, ordner: Path, laeufe: int) -> list[Ziel]:
    xlsx_ein = ordner / "eingabe.xlsx"
    start = time.perf_counter()
    als_xlsx(liste, xlsx_ein)
    print(
        f"\n[formate] XLSX-Eingabe mit openpyxl erzeugt in {zahl(time.perf_counter() - start)} s "
        f"({zahl(xlsx_ein.stat().st_size / 1e6, 1)} MB)"
    )
    befehle = {
        "csv": batch_befehl(liste, ordner / "fmt.csv"),
        "json": batch_befehl(liste, ordner / "fmt.json"),
        "xlsx": batch_befehl(liste, ordner / "fmt.xlsx"),
        "xlsx_ein": batch_befehl(xlsx_ein, ordner / "fmt-aus-xlsx.csv"),
    }
    for befehl in befehle.values():
        miss(befehl)
    vergleiche_ergebnisse(ordner / "fmt-aus-xlsx.csv", ordner / "fmt.csv", "aus CSV")
    je_zeile, groesste, zeilen = json_groessen(ordner / "fmt.json")
    print(
        f"  JSON: {zahl((ordner / 'fmt.json').stat().st_size / 1e6, 1)} MB für {zeilen} Zeilen, "
        f"{je_zeile:.0f} Bytes je Zeile (mit Kopf), größte Zeile {groesste} Bytes"
    )
    zeiten = reihum(befehle, laeufe)
    for seite, text in (
        ("csv", "CSV-Ausgabe"),
        ("json", "JSON-Ausgabe"),
        ("xlsx", "XLSX-Ausgabe"),
        ("xlsx_ein", "XLSX-Eingabe → CSV"),
    ):
        print(f"  {text:<20} Median {zahl(statistics.median(zeiten[seite]))} s")
    return [
        Ziel("JSON-Ausgabe / CSV-Ausgabe", verhaeltnis(zeiten, "json", "csv"), 2.0),
        Ziel("XLSX-Ausgabe / CSV-Ausgabe", verhaeltnis(zeiten, "xlsx", "csv"), 2.5),
        Ziel("XLSX-Eingabe / CSV-Eingabe", verhaeltnis(zeiten, "xlsx_ein", "csv"), 3.0),
    ]


def teil_speicher(ordner: Path, klein: int, gross: int, grenze_eintrag: float) -> list[Ziel]:
    print(f"\n[speicher] Spitzen-RSS bei {klein} und {gross} Zeilen")
    ziele = []
    rss: dict[str, dict[int, int]] = {}
    for n in (klein, gross):
        liste = ordner / f"speicher-{n}.csv"
        erzeuge(liste, n)
        xlsx = ordner / f"speicher-{n}.xlsx"
        als_xlsx(liste, xlsx)
        for art, befehl in (
            ("CSV-Ausgabe", batch_befehl(liste, ordner / "speicher-aus.csv")),
            ("JSON-Ausgabe", batch_befehl(liste, ordner / "speicher-aus.json")),
            ("XLSX-Ausgabe", batch_befehl(liste, ordner / "speicher-aus.xlsx")),
            ("XLSX-Eingabe", batch_befehl(xlsx, ordner / "speicher-aus-xlsx.csv")),
        ):
            rss.setdefault(art, {})[n] = spitzen_rss(befehl)
        liste.unlink()
        xlsx.unlink()
    for art, werte in rss.items():
        print(
            f"  {art:<13} {zahl(werte[klein] / 1024, 1)} MiB → {zahl(werte[gross] / 1024, 1)} MiB"
        )
        ziele.append(Ziel(f"RSS {art} {gross} / {klein} Zeilen", werte[gross] / werte[klein], 1.2))

    for art, erzeuger, was in (
        ("falsche Namen", erzeuge_falsch, "Name"),
        ("Verbünde", erzeuge_verbuende, "Verbund"),
    ):
        werte, eintraege = {}, {}
        for n in (klein, gross):
            liste = ordner / f"speicher-{n}.csv"
            eintraege[n] = erzeuger(liste, n)
            werte[n] = spitzen_rss(batch_befehl(liste, ordner / "speicher-aus.csv"))
            liste.unlink()
        je = (werte[gross] - werte[klein]) * 1024 / (eintraege[gross] - eintraege[klein])
        print(
            f"  {art:<13} {zahl(werte[klein] / 1024, 1)} MiB ({eintraege[klein]}) → "
            f"{zahl(werte[gross] / 1024, 1)} MiB ({eintraege[gross]}): "
            f"{je:.0f} Bytes je {was}; Verhältnis {zahl(werte[gross] / werte[klein])}"
        )
        ziele.append(Ziel(f"RSS je {was} ({art})", max(je, 0.0), grenze_eintrag, einheit=" B"))
    return ziele


_IMPORTZEILE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def teil_start(ordner: Path) -> list[Ziel]:
    """Was lädt ein kleiner Batch-Lauf von CSV nach CSV? (``python -X importtime``)"""
    liste = ordner / "start.csv"
    erzeuge(liste, 10)
    befehl = batch_befehl(liste, ordner / "start-aus.csv")
    if Path(befehl[0]).suffix == "" and befehl[0] != sys.executable:
        befehl = [sys.executable, *befehl]  # das Konsolenskript ist ein Python-Skript
    miss(befehl)
    ergebnis = subprocess.run(
        [befehl[0], "-X", "importtime", *befehl[1:]], capture_output=True, text=True, check=False
    )
    selbst: Counter[str] = Counter()
    oben: dict[str, int] = {}  # Paket → kumulierte Zeit, wo es zuerst auf oberster Ebene lädt
    for treffer in _IMPORTZEILE.finditer(ergebnis.stderr):
        eigen, kumuliert, einrueckung, modul = treffer.groups()
        paket = modul.split(".")[0]
        selbst[paket] += int(eigen)
        if not einrueckung:
            oben[paket] = oben.get(paket, 0) + int(kumuliert)
    gesamt = sum(selbst.values())
    zeiten = [miss(befehl) for _ in range(5)]
    print(
        f"\n[start] Batch-Lauf mit 10 Zeilen: Median {zahl(statistics.median(zeiten))} s; "
        f"Importe zusammen {zahl(gesamt / 1000, 0)} ms in {len(selbst)} Paketen"
    )
    print(
        "  größte Pakete (eigene Importzeit): "
        + ", ".join(f"{p} {zahl(t / 1000, 0)} ms" for p, t in selbst.most_common(12))
    )
    geladen = [p for p in UNNOETIG_BEI_CSV if p in selbst]
    print(
        "  geladen, obwohl ein CSV-Lauf es nicht braucht: "
        + (", ".join(f"{p} ({zahl(selbst[p] / 1000, 0)} ms)" for p in geladen) or "nichts")
    )
    return [Ziel("Start: unnötige Pakete im CSV-Lauf", len(geladen), 0, einheit="")]


# ---------------------------------------------------------------------------------------------


def _teile(text: str) -> set[str]:
    teile = {t.strip() for t in text.split(",") if t.strip()}
    falsch = teile - set(TEILE)
    if falsch:
        raise argparse.ArgumentTypeError(
            f"unbekannt: {', '.join(sorted(falsch))} (möglich: {', '.join(TEILE)})"
        )
    return teile


def _zwei_zahlen(text: str) -> tuple[int, int]:
    try:
        klein, gross = (int(t) for t in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("zwei Zahlen mit Komma, z. B. 30000,300000") from None
    return klein, gross


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zeilen", type=int, default=100_000, help="Zeilen je Zeitmessung")
    parser.add_argument("--laeufe", type=int, default=5, help="Läufe je Seite (Median)")
    parser.add_argument("--nur", type=_teile, help=f"nur diese Teile ({', '.join(TEILE)})")
    parser.add_argument("--ohne", type=_teile, default=set(), help="diese Teile auslassen")
    parser.add_argument(
        "--speicher-zeilen",
        type=_zwei_zahlen,
        default=(30_000, 300_000),
        help="Zeilen der kleinen und der großen Datei für den Speicher (Standard 30000,300000)",
    )
    parser.add_argument(
        "--grenze-eintrag",
        type=float,
        default=1024,
        help="Bytes, die je falschem Namen bzw. Verbund dazukommen dürfen (Standard 1024)",
    )
    parser.add_argument("--schlicht", nargs=2, metavar=("EIN", "AUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.schlicht:
        schlicht(*args.schlicht)
        return 0
    teile = (args.nur or set(TEILE)) - args.ohne

    for pfad in {sysconfig.get_paths()["purelib"], str(HIER.parent / "src")}:
        compileall.compile_dir(pfad, quiet=1, workers=0)
    print(
        f"Zeilen: {zahl(args.zeilen, 0)}, Läufe: {args.laeufe} je Seite, abwechselnd; "
        f"Teile: {', '.join(t for t in TEILE if t in teile)}"
    )
    ziele: list[Ziel] = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        ordner = Path(tmp)
        liste = ordner / "ikz.csv"
        erzeuge(liste, args.zeilen)
        if "csv" in teile:
            vielfalt = ordner / "vielfalt.csv"
            erzeuge_vielfalt(vielfalt, args.zeilen)
            ziele += teil_csv({"erzeugt": liste, "Vielfalt": vielfalt}, ordner, args.laeufe)
        if "programme" in teile:
            ziele += teil_programme(liste, ordner, args.laeufe)
        if "formate" in teile:
            ziele += teil_formate(liste, ordner, args.laeufe)
        if "speicher" in teile:
            ziele += teil_speicher(ordner, *args.speicher_zeilen, args.grenze_eintrag)
        if "start" in teile:
            ziele += teil_start(ordner)
    if not ziele:
        print("Nichts gemessen.")
        return 0
    drucke_ziele(ziele)
    verfehlt = [z for z in ziele if not z.erreicht]
    print(
        "\nAlle Ziele erreicht."
        if not verfehlt
        else f"\n{len(verfehlt)} von {len(ziele)} Zielen verfehlt."
    )
    return 0 if not verfehlt else 1


if __name__ == "__main__":
    sys.exit(main())
