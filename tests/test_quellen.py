"""Jede Zahl in rules/ ist auf eine Stelle der Quelldokumente zurückführbar.

Geprüft wird, dass jedes Zitat (``zitat``) wörtlich im angegebenen Dokument steht. Leerraum,
Zeilenumbrüche und Hervorhebungen (``**``, ``<u>``) der Textauszüge zählen dabei nicht.
"""

import shutil

import pytest

from conftest import FIXTURES, REGELN, yaml_laden
from ozg_foerder.regeln.dokumente import lade_dokumente, normal
from ozg_foerder.regeln.katalog import lade_regeldateien
from ozg_foerder.testfaelle import pruefe_verzeichnis

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

    erwartet = set()
    for datei in REGELN.glob("*.yaml"):
        daten = yaml_laden(datei.read_text(encoding="utf-8"))
        abgeleitet = {n for n, q in daten.get("quellen", {}).items() if q.get("abgeleitet")}
        for k in daten.get("kontingente", []):
            verweise = k["quelle"] if isinstance(k["quelle"], list) else [k["quelle"]]
            if abgeleitet & set(verweise):
                erwartet.add((daten["id"], k["id"]))
    assert erwartet  # die mitgelieferten Regeln haben ein abgeleitetes Kontingent
    fristen = json.loads(cli("fristen", "--stichtag", "2022-03-14", "--format", "json").out)[
        "fristen"
    ]
    for programm, kid in erwartet:
        (f,) = [f for f in fristen if f["programm"] == programm and f" {kid} " in f["text"]]
        assert f["abgeleitet"] is True and "(abgeleitet)" in f["quelle"]
    text = cli("fristen", "--stichtag", "2022-03-14").out
    assert text.count("(abgeleitet)") == sum(1 for f in fristen if f["abgeleitet"])


# ---------------------------------------------------------------------------------------------
# regeln pruefen an Kopien: was ein Betreuer sieht (Datei:Zeile, neue Richtlinie, Hinweise)
# ---------------------------------------------------------------------------------------------

VERZEICHNISSE = [REGELN, *sorted({p.parent for p in FIXTURES.glob("*/*.yaml")})]


@pytest.mark.parametrize("verzeichnis", VERZEICHNISSE, ids=lambda p: p.name)
def test_regeln_pruefen_ohne_befund(verzeichnis):
    """Die mitgelieferten Regeln und die erfundenen Testprogramme (mit eigenen Dokumenten)."""
    bericht = pruefe_verzeichnis(verzeichnis)
    assert bericht.fehler == []
    assert bericht.hinweise == []  # auch: Quelldokumente vorhanden, Zitate geprüft


@pytest.fixture
def kopie(tmp_path):
    ziel = tmp_path / "rules"
    shutil.copytree(REGELN, ziel)
    return ziel


def _erstes_zitat(verzeichnis):
    """(Datei, Zeilennummer, Zeile) des ersten Zitats in Anführungszeichen."""
    for datei in sorted(verzeichnis.glob("*.yaml")):
        for nr, zeile in enumerate(datei.read_text(encoding="utf-8").splitlines(), 1):
            if zeile.strip().startswith('zitat: "') and len(zeile.strip()) > 30:
                return datei, nr, zeile
    raise AssertionError("kein Zitat gefunden")


def test_veraendertes_zitat_mit_zeile_und_stelle_der_abweichung(kopie, cli):
    datei, nr, zeile = _erstes_zitat(kopie)
    text = datei.read_text(encoding="utf-8")
    zitat = zeile.split('zitat: "', 1)[1].rstrip('"')
    verfaelscht = zitat[:15] + "XYZ" + zitat[15:]
    datei.write_text(text.replace(zitat, verfaelscht, 1), encoding="utf-8")
    lauf = cli("regeln", "pruefen", kopie)
    assert lauf.code == 2
    assert f"{datei}:{nr}: " in lauf.err
    assert "Zitat steht nicht wörtlich" in lauf.err
    assert f"übereinstimmend bis „…{normal(zitat[:15])[-40:]}“" in lauf.err


def test_neues_dokument_beilegen(kopie, cli):
    """Eine neue Richtlinie als Text beilegen und aus ihr zitieren: geprüft wie die anderen."""
    (kopie / "quellen" / "Richtlinie-2027.txt").write_text(
        "Ziff. 2\nDie Regelzuwendung beträgt ab 2027\n30.000 Euro pro Kommune.\n", encoding="utf-8"
    )
    index = kopie / "quellen" / "index.yaml"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "Richtlinie 2027:\n  datei: Richtlinie-2027.txt\n  titel: Fiktive Richtlinie\n"
        "  datum: 2027-01-01\n  adresse: https://example.org/richtlinie\n",
        encoding="utf-8",
    )
    datei, _, _ = _erstes_zitat(kopie)
    text = datei.read_text(encoding="utf-8")
    neu = (
        "  richtlinie_2027:\n    dokument: Richtlinie 2027\n    abschnitt: Ziff. 2\n"
        '    zitat: "Die Regelzuwendung beträgt ab 2027 30.000 Euro pro Kommune."\n'
    )
    datei.write_text(text.replace("quellen:\n", "quellen:\n" + neu, 1), encoding="utf-8")
    assert cli("regeln", "pruefen", kopie).code == 0
    text = datei.read_text(encoding="utf-8")
    datei.write_text(text.replace("30.000 Euro pro", "35.000 Euro pro"), encoding="utf-8")
    schlecht = cli("regeln", "pruefen", kopie)
    assert schlecht.code == 2
    assert "Zitat steht nicht wörtlich in „Richtlinie 2027“" in schlecht.err


def test_dokument_ausserhalb_des_ordners_wird_nicht_gelesen(kopie):
    index = kopie / "quellen" / "index.yaml"
    index.write_text(
        index.read_text(encoding="utf-8") + "Fremd:\n  datei: ../../ikz.yaml\n  titel: x\n",
        encoding="utf-8",
    )
    dokumente, fehler = lade_dokumente(kopie)
    assert "Fremd" not in dokumente
    assert [f.feld for f in fehler] == ["Fremd.datei"]
    assert "im Ordner quellen/" in fehler[0].meldung


def test_ohne_quellen_ein_hinweis(kopie, cli):
    shutil.rmtree(kopie / "quellen")
    lauf = cli("regeln", "pruefen", kopie)
    assert lauf.code == 0
    assert "Zitate nicht geprüft" in lauf.err
