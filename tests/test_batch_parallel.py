"""Große Listen in mehreren Prozessen (:mod:`ozg_foerder.batch.parallel`): dieselbe Ausgabe,
Byte für Byte, dieselbe Zusammenfassung wie in einem Prozess.

Die Blöcke sind hier klein (``BLOCK``), damit schon kurze Listen auf viele Blöcke und beide
Arbeitsprozesse verteilt werden; ``prozesse=2`` schaltet die Verteilung auch für kleine Dateien
ein.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import random
import sys
from pathlib import Path

import pytest

from ozg_foerder import api
from ozg_foerder.batch import auswertung as auswertung_modul
from ozg_foerder.batch import parallel, schreibe_ausgabe, werte_datei_aus

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="fork nur unter Linux")

STICHTAG = "2022-03-14"
ZELLEN = {
    "kommune": [
        *("Wetzlar", "Solms", "Lauterbach (Hessen)", "Fulda", "Gießen", "Giessen", "06532018"),
        *("Landkreis Marburg-Biedenkopf", "wetzlar ", "Herborn", "Schotten", "Frankfurt"),
    ],
    "kommunen": ["", "1", "2", "4", "8"],
    "einsparung": ["", "18 %", "0,17", "15 %", "0,149", "14,99 %"],
    "laufzeit_jahre": ["", "5", "4", "10"],
    "beschluss": ["", "ja", "nein", "x"],
    "vereinbarung": ["", "ja", "nein"],
    "kosten": ["", "100.000", "1.500.000,00 €", "80000"],
    "laufzeit_monate": ["", "12", "24", "36"],
    "handlungsfelder": ["", "Smart Mobility", "Smart Mobility, Smart Energy"],
    "genutzt": ["", "1", "1,3", "2", "3,4"],
}
FALSCH = {
    "kommune": ["Lauterbach", "Wetzlr", "Neustadt", ""],  # mehrdeutig, Tippfehler, leer
    "kommunen": ["x", "2,5"],
    "einsparung": ["abc", "150 %"],
    "beschluss": ["vielleicht"],
    "kosten": ["zu viel"],
    "genutzt": ["9", "3,4,4"],
}
KOPF = list(ZELLEN)


def _liste(pfad: Path, seed: int, anzahl: int = 400) -> Path:
    """Alle Programme, Zeilenfehler, Hinweise der Kommunensuche, dazu Leerzeilen, Summenzeilen,
    zu viele Zellen und Zellen mit Trennzeichen."""
    zufall = random.Random(seed)
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = csv.writer(datei, delimiter=";")
        schreiber.writerow(KOPF)
        for _ in range(anzahl):
            wurf = zufall.random()
            if wurf < 0.02:
                schreiber.writerow([""] * len(KOPF))
            elif wurf < 0.03:
                schreiber.writerow(["Summe", "", "", "", "", "", "1.000.000"])
            else:
                zeile = [
                    zufall.choice(FALSCH[s])
                    if s in FALSCH and zufall.random() < 0.04
                    else zufall.choice(ZELLEN[s])
                    for s in KOPF
                ]
                if wurf < 0.04:
                    zeile.append("überzählig")
                if wurf < 0.05:
                    zeile[KOPF.index("handlungsfelder")] = "Smart Mobility; Smart Energy"
                schreiber.writerow(zeile)
    return pfad


def _lauf(eingabe: Path, format: str, prozesse: int, **optionen: object) -> tuple[bytes, str]:
    """(Ausgabe, Zusammenfassung als Text) eines Laufs."""
    auswertung = werte_datei_aus(eingabe, stichtag=STICHTAG, **optionen)  # type: ignore[arg-type]
    ziel = eingabe.with_name(f"aus-{prozesse}-{eingabe.stem}.{format}")
    schreibe_ausgabe(auswertung, format, ziel, ueberschreiben=True, prozesse=prozesse)
    return ziel.read_bytes(), auswertung.zusammenfassung.als_text()


@pytest.fixture
def kleine_bloecke(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BLOCK", 7)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("format", ["csv", "json"])
def test_mehrere_prozesse_schreiben_dasselbe(tmp_path, kleine_bloecke, seed, format):
    eingabe = _liste(tmp_path / "liste.csv", seed)
    einer = _lauf(eingabe, format, 1)
    zwei = _lauf(eingabe, format, 2)
    assert zwei[0] == einer[0]
    assert zwei[1] == einer[1]
    assert "Summenzeile" in einer[1]  # die Hinweise kamen aus den Arbeitsprozessen
    assert "mit Fehlern" in einer[1]


def _als_xlsx(quelle: Path, ziel: Path) -> Path:
    """Dieselbe Liste als Arbeitsmappe: Zahlen als Zahlen, dazu eine Formel ohne Wert."""
    from openpyxl import Workbook

    mappe = Workbook()
    blatt = mappe.active
    with quelle.open(encoding="utf-8", newline="") as datei:
        for i, zeile in enumerate(csv.reader(datei, delimiter=";")):
            werte: list[object] = [int(z) if z.isdigit() and len(z) < 5 else z for z in zeile]
            if i == 40:
                werte[1] = "=1+1"  # openpyxl speichert kein Ergebnis: eine Formel ohne Wert
            blatt.append(werte)
    mappe.save(ziel)
    return ziel


@pytest.mark.parametrize("format", ["csv", "json"])
def test_arbeitsmappe_liest_der_hauptprozess(tmp_path, kleine_bloecke, format):
    """Aus einer Arbeitsmappe liest der Hauptprozess und schickt den Kindern die Zeilen (auch
    Zellen, die Python-Objekte sind: Zahlen, Formeln ohne Wert) – dieselbe Ausgabe."""
    eingabe = _als_xlsx(_liste(tmp_path / "liste.csv", 10), tmp_path / "liste.xlsx")
    einer = _lauf(eingabe, format, 1)
    assert _lauf(eingabe, format, 2) == einer
    assert "Formel ohne gespeichertes Ergebnis" in einer[0].decode("utf-8-sig")


@pytest.mark.parametrize("kind", ["_stirbt", "_scheitert"])
def test_arbeitsmappe_ausgefallenes_kind(tmp_path, kleine_bloecke, monkeypatch, eltern, kind):
    """Auch aus einer Arbeitsmappe: der Hauptprozess rechnet die geschickten Blöcke und den Rest."""
    eingabe = _als_xlsx(_liste(tmp_path / "liste.csv", 11), tmp_path / "liste.xlsx")
    einer = _lauf(eingabe, "csv", 1)
    monkeypatch.setattr(parallel, "_werte_block_aus", globals()[kind])
    assert _lauf(eingabe, "csv", 2) == einer


def _feindselig(art: str, pfad: Path) -> Path:
    """Listen, die der Leser nur mit Mühe liest – jede Zeile in beiden Fällen gleich gelesen."""
    kopf = "kommune;kommunen;einsparung;laufzeit_jahre;beschluss\n"
    zeilen = [f"Wetzlar;{i % 9};{10 + i % 20} %;{i % 12};ja\n" for i in range(120)]
    if art == "anfuehrung":  # ein nie geschlossenes Anführungszeichen verschluckt den Rest
        zeilen[90] = 'Solms;"3;18 %;5;ja\n'
    elif art == "riesenzelle":  # eine Zelle über der Feldgrenze des CSV-Lesers
        zeilen[30] = "Solms;3;" + "9" * 1_100_000 + ";5;ja\n"
    elif art == "zeilenumbruch":  # Zellen mit Zeilenumbruch und Trennzeichen in Anführung
        zeilen[20] = 'Solms;3;"18\n %";5;"ja;\nnein"\n'
    elif art == "leer_und_summe":
        zeilen[10:14] = ["\n", ";;;;\n", "Summe;99;;;\n", "   \n"]
    text = kopf + "".join(zeilen)
    if art == "cp1252":
        pfad.write_bytes(text.replace("Wetzlar", "Gießen").encode("cp1252"))
    elif art == "utf16":
        pfad.write_bytes(text.encode("utf-16"))
    else:
        pfad.write_text(text, encoding="utf-8")
    return pfad


@pytest.mark.parametrize(
    "art", ["anfuehrung", "riesenzelle", "zeilenumbruch", "leer_und_summe", "cp1252", "utf16"]
)
def test_schwierige_dateien_wie_in_einem_prozess(tmp_path, kleine_bloecke, art):
    eingabe = _feindselig(art, tmp_path / "liste.csv")
    einer = _lauf(eingabe, "csv", 1, programme=["ikz"])
    assert _lauf(eingabe, "csv", 2, programme=["ikz"]) == einer


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_bloecke_enden_auch_nach_zeichen(tmp_path, kleine_bloecke, monkeypatch, format):
    """Breite Zeilen oder große Zellen beenden einen Block früher (der Speicher bleibt flach):
    die Grenzen sind in jedem Prozess dieselben, die Ausgabe auch."""
    monkeypatch.setattr(parallel, "BLOCK_ZEICHEN", 300)
    eingabe = _liste(tmp_path / "liste.csv", 13)
    if format == "xlsx":
        eingabe = _als_xlsx(eingabe, tmp_path / "liste.xlsx")
    einer = _lauf(eingabe, "csv", 1)
    assert _lauf(eingabe, "csv", 2) == einer
    assert _lauf(eingabe, "csv", 3) == einer
    zeilen = [(nr, ["x" * (nr % 5 * 100)]) for nr in range(2, 40)]
    grenzen = [nummer for nummer, _ in parallel._nummeriert(iter(zeilen))]
    assert grenzen == sorted(grenzen)
    assert len(set(grenzen)) > 38 // 7 + 1  # mehr Blöcke, als 7 Zeilen je Block ergäben


def test_summen_je_kreis_und_technische_spalten(tmp_path, kleine_bloecke):
    eingabe = _liste(tmp_path / "liste.csv", 3)
    auswertungen = [werte_datei_aus(eingabe, stichtag=STICHTAG, summen="kreis") for _ in range(2)]
    texte = []
    for prozesse, a in zip((1, 3), auswertungen, strict=True):
        strom = io.StringIO()
        schreibe_ausgabe(a, "csv", None, stdout=strom, spalten="technisch", prozesse=prozesse)
        texte.append((strom.getvalue(), a.zusammenfassung.als_text()))
    assert texte[1] == texte[0]
    assert "Nach Landkreis" in texte[0][1]


_ORIGINAL = parallel._werte_block_aus
_ELTERN = os.getpid()


def _mit_pid(auswerter, former, summen, block):
    """Läuft im Kind; seine Prozessnummer kommt als Hinweis zurück."""
    text, teil, hinweise, verbraucht = _ORIGINAL(auswerter, former, summen, block)
    return text, teil, [*hinweise, f"pid {os.getpid()}"], verbraucht


def _stirbt(auswerter, former, summen, block):
    """Ein Kind, das bei einem späten Block stirbt (wie bei zu wenig Speicher)."""
    if os.getpid() != _ELTERN and block[0][0] > 150:
        os._exit(9)
    return _ORIGINAL(auswerter, former, summen, block)


def _scheitert(auswerter, former, summen, block):
    """Ein Kind, das an einem Block scheitert (der Hauptprozess rechnet ihn selbst)."""
    if os.getpid() != _ELTERN and block[0][0] > 100:
        raise RuntimeError("im Kind")
    return _ORIGINAL(auswerter, former, summen, block)


@pytest.fixture
def eltern() -> None:
    global _ELTERN
    _ELTERN = os.getpid()


def test_die_arbeit_verteilt_sich_wirklich(tmp_path, kleine_bloecke, monkeypatch):
    """Die Blöcke rechnen Arbeitsprozesse, nicht der Hauptprozess (sonst misst man nichts)."""
    eingabe = _liste(tmp_path / "liste.csv", 4)
    monkeypatch.setattr(parallel, "_werte_block_aus", _mit_pid)
    auswertung = werte_datei_aus(eingabe, stichtag=STICHTAG)
    schreibe_ausgabe(auswertung, "csv", None, stdout=io.StringIO(), prozesse=2)
    pids = {h for h in auswertung.zusammenfassung.hinweise if h.startswith("pid ")}
    assert len(pids) == 2
    assert f"pid {os.getpid()}" not in pids


@pytest.mark.parametrize("kind", [_stirbt, _scheitert])
def test_ein_ausgefallenes_kind_kostet_nur_zeit(
    tmp_path, kleine_bloecke, monkeypatch, eltern, kind
):
    """Stirbt ein Arbeitsprozess (Speicher, kill) oder scheitert er, rechnet der Hauptprozess
    ab dem ersten fehlenden Block weiter – die Ausgabe bleibt vollständig und gleich."""
    eingabe = _liste(tmp_path / "liste.csv", 6)
    monkeypatch.setattr(parallel, "_werte_block_aus", kind)
    zwei = _lauf(eingabe, "csv", 2)
    monkeypatch.setattr(parallel, "_werte_block_aus", _ORIGINAL)
    assert zwei == _lauf(eingabe, "csv", 1)


def test_ein_fehler_zeigt_sich_wie_in_einem_prozess(tmp_path, kleine_bloecke, monkeypatch):
    """Ein Fehler, den die Auswertung einer Zeile wirft, kommt an wie ohne Verteilung (die
    Kommandozeile meldet ihn) – und nichts wartet ewig auf die Kinder."""
    eingabe = _liste(tmp_path / "liste.csv", 4)
    original = auswertung_modul.Auswerter.zeile

    def zeile(self, nr, zellen):
        if nr == 123:
            raise ZeroDivisionError("Zeile 123")
        return original(self, nr, zellen)

    monkeypatch.setattr(auswertung_modul.Auswerter, "zeile", zeile)
    auswertung = werte_datei_aus(eingabe, stichtag=STICHTAG)
    with pytest.raises(ZeroDivisionError, match="Zeile 123"):
        schreibe_ausgabe(auswertung, "csv", None, stdout=io.StringIO(), prozesse=2)
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("ozg-")]


@pytest.mark.parametrize("seed", [5, 6, 7, 8])
def test_grenze_der_vorschlaege_wie_in_einem_prozess(tmp_path, kleine_bloecke, monkeypatch, seed):
    """Ähnliche Namen gibt es nur für die ersten VORSCHLAEGE unbekannten Namen der Datei – die
    Grenze fällt mitten in einen Block, und Namen, die schon vorher (in einem anderen Prozess)
    gesucht wurden, behalten ihre Vorschläge."""
    monkeypatch.setattr(auswertung_modul, "VORSCHLAEGE", 12)
    zufall = random.Random(seed)
    eingabe = tmp_path / "namen.csv"
    with eingabe.open("w", encoding="utf-8", newline="") as datei:
        schreiber = csv.writer(datei, delimiter=";")
        schreiber.writerow(["kommune", "kommunen", "einsparung"])
        for i in range(200):
            name = (
                f"Wanfriet{zufall.randrange(8)}"  # wiederholt, auch nach der Grenze
                if zufall.random() < 0.3
                else zufall.choice(["Wetzlar", "Fulda", "Solms"])
                if zufall.random() < 0.7
                else f"Unbekannt{i}"
            )
            schreiber.writerow([name, "3", "20 %"])
    laeufe = []
    for prozesse in (1, 2):  # jeder Lauf beginnt wie ein Aufruf mit leerem Zwischenspeicher
        api._KOMMUNEN.clear()
        api.KOMMUNEN_GELESEN.clear()
        laeufe.append(_lauf(eingabe, "csv", prozesse, programme=["ikz"]))
    einer, zwei = laeufe
    assert "Mehr als 12 unbekannte Kommunennamen" in einer[1]
    assert zwei == einer
    text = einer[0].decode("utf-8-sig")
    assert "Meinten Sie" in text.split("\n", 150)[-1]  # auch spät noch: schon gesuchte Namen


def test_ohne_fork_in_einem_prozess(tmp_path, kleine_bloecke, monkeypatch):
    """Lässt sich kein Prozess starten (Speicher, Prozessgrenze), rechnet einer alles."""

    def kein_fork(self):
        raise OSError(11, "Resource temporarily unavailable")

    eingabe = _liste(tmp_path / "liste.csv", 9)
    einer = _lauf(eingabe, "csv", 1)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", kein_fork)
    assert _lauf(eingabe, "csv", 2) == einer


def test_wann_mehrere_prozesse(tmp_path, monkeypatch):
    klein = werte_datei_aus(_liste(tmp_path / "klein.csv", 7, 50), stichtag=STICHTAG)
    monkeypatch.setattr(parallel, "kerne", lambda: 2)
    assert parallel.prozesse_fuer(klein, None) == 1  # der Start lohnt nicht
    assert parallel.prozesse_fuer(klein, 1) == 1
    assert parallel.prozesse_fuer(klein, 3) == 3  # ausdrücklich: auch klein
    assert parallel.prozesse_fuer(klein, 64) == 4  # höchstens zwei je Kern
    monkeypatch.setattr(parallel, "MINDESTGROESSE", 1)
    assert parallel.prozesse_fuer(klein, None) == 2
    monkeypatch.setattr(parallel, "kerne", lambda: 8)
    assert parallel.prozesse_fuer(klein, None) == parallel.HOECHSTENS
    verbund = tmp_path / "verbund.csv"
    verbund.write_text(
        "kommune;verbund;kommunen;einsparung\nWetzlar;A;2;20 %\nSolms;A;2;20 %\n",
        encoding="utf-8",
    )
    mit_verbund = werte_datei_aus(verbund, programme=["ikz"], stichtag=STICHTAG)
    assert parallel.prozesse_fuer(mit_verbund, 4) == 1  # Partner gehören zusammen


def test_wer_verteilt_von_selbst(cli, tmp_path, kleine_bloecke, monkeypatch):
    """Die Kommandozeile verteilt große Listen von selbst; ``schreibe_ausgabe`` in Python nur
    auf Wunsch (eine Bibliothek startet nicht ungefragt Prozesse)."""
    eingabe = _liste(tmp_path / "liste.csv", 12)
    monkeypatch.setattr(parallel, "MINDESTGROESSE", 1)  # „groß“ ist hier jede Datei
    monkeypatch.setattr(parallel, "kerne", lambda: 2)
    monkeypatch.setattr(parallel, "_werte_block_aus", _mit_pid)
    lauf = cli("batch", eingabe, "--format", "csv", "--stichtag", STICHTAG)
    assert lauf.err.count("Hinweis: pid ") > 2  # Blöcke aus Kindern (die Hinweise der Kinder)
    auswertung = werte_datei_aus(eingabe, stichtag=STICHTAG)
    schreibe_ausgabe(auswertung, "csv", None, stdout=io.StringIO())
    assert not [h for h in auswertung.zusammenfassung.hinweise if h.startswith("pid ")]


def test_kommandozeile_prozesse(cli, tmp_path):
    eingabe = _liste(tmp_path / "liste.csv", 8, 60)
    laeufe = [
        cli("batch", eingabe, "--format", "csv", "--stichtag", STICHTAG, "--prozesse", anzahl)
        for anzahl in ("1", "2")
    ]
    assert [lauf.code for lauf in laeufe] == [1, 1]  # die Liste hat Zeilenfehler
    assert laeufe[1].out == laeufe[0].out
    assert laeufe[1].err == laeufe[0].err
    assert laeufe[0].out.count("\n") > 50
    for wert in ("0", "65", "x", "²", "-1", "2.5", ""):
        falsch = cli("batch", eingabe, "--prozesse", wert)
        assert falsch.code == 2, wert
        assert f"--prozesse: „{wert}“ ist nicht zulässig" in falsch.err
    assert "--prozesse" in cli("batch", "--help").out
