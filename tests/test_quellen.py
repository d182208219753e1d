"""Jede Zahl in rules/ ist auf eine Stelle der Quelldokumente zurückführbar.

Geprüft wird, dass jedes Zitat (``zitat``) wörtlich im angegebenen Dokument steht. Leerraum,
Zeilenumbrüche und Hervorhebungen (``**``, ``<u>``) der Textauszüge zählen dabei nicht.
"""

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, REGELN
from ozg_foerder.regeln.katalog import lade_regeldateien

QUELLEN = Path(__file__).parent / "quellen"
# Ein Dokument je Textdatei: tests/quellen/<Dokument>.txt|.md, dazu die erfundenen Dokumente der
# Testprogramme (tests/fixtures/*/quellen/). Der Dateiname ohne Endung ist der Name in 'dokument'.
DATEIEN = [
    *(p for p in QUELLEN.iterdir() if p.suffix in (".txt", ".md") and p.stem != "README"),
    *FIXTURES.glob("*/quellen/*.txt"),
]
DOKUMENTE = {p.stem: p for p in DATEIEN}
VERZEICHNISSE = [REGELN, *(p.parent for p in FIXTURES.glob("*/*.yaml"))]


def _normal(text: str) -> str:
    text = re.sub(r"\*\*|</?u>", "", text)
    return re.sub(r"\s+", " ", text).strip()


TEXTE = {name: _normal(datei.read_text(encoding="utf-8")) for name, datei in DOKUMENTE.items()}


def _regeldateien():
    for verzeichnis in dict.fromkeys(VERZEICHNISSE):
        for regeln, _ in lade_regeldateien(verzeichnis):
            yield regeln


def _zitate():
    for regeln in _regeldateien():
        quellen = dict(regeln.quellen)
        for eintrag in _alle_quellen(regeln.model_dump()):
            quellen.setdefault(f"inline:{eintrag['zitat']}", eintrag)
        for name, q in quellen.items():
            q = q if isinstance(q, dict) else q.model_dump()
            if q.get("zitat"):
                yield pytest.param(regeln.id, q["dokument"], q["zitat"], id=f"{regeln.id}:{name}")


def _alle_quellen(knoten):
    if isinstance(knoten, dict):
        if "dokument" in knoten and "abschnitt" in knoten and knoten.get("zitat"):
            yield knoten
        for wert in knoten.values():
            yield from _alle_quellen(wert)
    elif isinstance(knoten, list):
        for wert in knoten:
            yield from _alle_quellen(wert)


@pytest.mark.parametrize(("programm", "dokument", "zitat"), list(_zitate()))
def test_zitat_steht_im_dokument(programm, dokument, zitat):
    assert dokument in DOKUMENTE, f"{programm}: unbekanntes Dokument {dokument}"
    assert _normal(zitat) in TEXTE[dokument], f"{programm}: Zitat nicht in {dokument}: {zitat}"


def test_die_bekannten_dokumente():
    assert {"Handreichung", "HMdIS-Folien", "Musterrichtlinie"} <= set(DOKUMENTE)


def test_jede_quelle_nennt_ein_bekanntes_dokument():
    for regeln in _regeldateien():
        for q in regeln.quellen.values():
            assert q.dokument in DOKUMENTE, (regeln.id, q.dokument)
