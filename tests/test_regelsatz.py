"""Jede Ausgabe nennt den Regelsatz: Stand, Fingerabdruck, Version (Issue 9, Punkt 4)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import REGELN, regeldaten
from ozg_foerder.regeln.katalog import fingerabdruck
from ozg_foerder.version import __version__

ABDRUCK = re.compile(r"Fingerabdruck ([0-9a-f]{12})")
PID, DATEN = next(iter(regeldaten(REGELN).items()))


def _befehle(verzeichnis):
    """(Name, Argumente, JSON-Pfad zum Regelsatz) – jede Ausgabe, die Ergebnisse zeigt."""
    stichtag = str(DATEN["stand"])
    r = ("--regeln", str(verzeichnis))
    return [
        ("check", ["check", PID, "--stichtag", stichtag, *r], ("regeln",)),
        ("uebersicht", ["uebersicht", "--kommune", "Wetzlar", "--stichtag", stichtag, *r],
         ("regeln",)),
        ("fristen", ["fristen", "--stichtag", stichtag, *r], ("regeln",)),
        ("regeln liste", ["regeln", "liste", *r], ("regeln",)),
    ]  # fmt: skip


@pytest.mark.parametrize("name", [b[0] for b in _befehle(REGELN)])
def test_text_und_json_nennen_den_regelsatz(cli, name):
    _, argumente, pfad = next(b for b in _befehle(REGELN) if b[0] == name)
    text = cli(*argumente)
    assert text.code in (0, 1), text.err
    abdruck = ABDRUCK.search(text.out)
    assert abdruck, text.out[-300:]
    assert abdruck.group(1) == fingerabdruck(REGELN)
    assert f"ozg-foerder {__version__}" in text.out
    daten = json.loads(cli(*argumente, "--format", "json").out)
    for schritt in pfad:
        daten = daten[schritt]
    assert daten == {
        "stand": max(str(d["stand"]) for d in regeldaten(REGELN).values()),
        "fingerabdruck": fingerabdruck(REGELN),
        "version": __version__,
    }


def test_gleiche_regeln_gleicher_abdruck_geaenderte_anderer(tmp_path):
    kopie = tmp_path / "rules"
    shutil.copytree(REGELN, kopie)
    assert fingerabdruck(kopie) == fingerabdruck(REGELN) == fingerabdruck(REGELN)
    # Zeilenenden zählen nicht, Pfade auch nicht
    datei = next(iter(sorted(kopie.glob("*.yaml"))))
    datei.write_bytes(datei.read_bytes().replace(b"\n", b"\r\n"))
    assert fingerabdruck(kopie) == fingerabdruck(REGELN)
    # eine geänderte Regeldatei, ein geändertes Quelldokument: ein anderer Abdruck
    datei.write_text(datei.read_text(encoding="utf-8") + "\n# geändert\n", encoding="utf-8")
    geaendert = fingerabdruck(kopie)
    assert geaendert != fingerabdruck(REGELN)
    dokument = next(p for p in sorted((kopie / "quellen").glob("*.txt")))
    dokument.write_text(dokument.read_text(encoding="utf-8") + "x", encoding="utf-8")
    assert fingerabdruck(kopie) not in (geaendert, fingerabdruck(REGELN))
