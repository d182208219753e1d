"""Jede Zahl in rules/ ist auf eine Stelle der Quelldokumente zurückführbar.

Geprüft wird, dass jedes Zitat (``zitat``) wörtlich im angegebenen Dokument steht. Leerraum,
Zeilenumbrüche und Hervorhebungen (``**``, ``<u>``) der Textauszüge zählen dabei nicht.
"""

import pytest

from conftest import REGELN
from ozg_foerder.regeln.dokumente import lade_dokumente, normal
from ozg_foerder.regeln.katalog import lade_regeldateien

# Die Quelldokumente liegen neben den Regeln: rules/quellen/ mit index.yaml.
_DOKUMENTE, _INDEX_FEHLER = lade_dokumente(REGELN)
assert _DOKUMENTE and not _INDEX_FEHLER
DOKUMENTE = set(_DOKUMENTE)
TEXTE = {name: d.text for name, d in _DOKUMENTE.items()}
_normal = normal


def _zitate():
    for regeln, _ in lade_regeldateien(REGELN):
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


def test_jede_quelle_nennt_ein_bekanntes_dokument():
    for regeln, _ in lade_regeldateien(REGELN):
        for q in regeln.quellen.values():
            assert q.dokument in DOKUMENTE, (regeln.id, q.dokument)


def _modul_texte():
    for regeln, _ in lade_regeldateien(REGELN):
        for m in regeln.module:
            verweise = m.quelle if isinstance(m.quelle, list) else [m.quelle]
            dokumente = {regeln.quellen[v].dokument for v in verweise if isinstance(v, str)}
            for feld in ("inhalte", "zielgruppe", "ziel"):
                werte = getattr(m, feld)
                for text in werte if isinstance(werte, list) else [werte] if werte else []:
                    yield pytest.param(dokumente, text, id=f"{regeln.id}:modul{m.nr}:{feld}")


@pytest.mark.parametrize(("dokumente", "text"), list(_modul_texte()))
def test_modulinhalte_stehen_woertlich_im_dokument(dokumente, text):
    """Inhalte, Ziele und Zielgruppen der Module sind Zitate – ohne stille Korrekturen."""
    assert any(_normal(text) in TEXTE[d] for d in dokumente), text


def test_abgeleitete_fristen_sind_gekennzeichnet(cli):
    import json

    import yaml

    erwartet = set()
    for datei in REGELN.glob("*.yaml"):
        daten = yaml.safe_load(datei.read_text(encoding="utf-8"))
        abgeleitet = {n for n, q in daten.get("quellen", {}).items() if q.get("abgeleitet")}
        for k in daten.get("kontingente", []):
            verweise = k["quelle"] if isinstance(k["quelle"], list) else [k["quelle"]]
            if abgeleitet & set(verweise):
                erwartet.add((daten["id"], k["id"]))
    assert erwartet  # die mitgelieferten Regeln haben ein abgeleitetes Kontingent
    fristen = json.loads(cli("fristen", "--stichtag", "2022-03-14", "--format", "json").out)
    for programm, kid in erwartet:
        (f,) = [f for f in fristen if f["programm"] == programm and f" {kid} " in f["text"]]
        assert f["abgeleitet"] is True and "(abgeleitet)" in f["quelle"]
    text = cli("fristen", "--stichtag", "2022-03-14").out
    assert text.count("(abgeleitet)") == sum(1 for f in fristen if f["abgeleitet"])
