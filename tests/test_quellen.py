"""Jede Zahl in rules/ ist auf eine Stelle der Quelldokumente zurückführbar.

Die Prüfung selbst ist Teil des Produkts (``regeln pruefen``, :mod:`ozg_foerder.regeln.dokumente`):
jedes Zitat (``zitat``) steht wörtlich im Dokument, das ``rules/dokumente/index.yaml`` unter
seinem Kurznamen nennt. Leerraum, Zeilenumbrüche und Hervorhebungen zählen dabei nicht.
"""

import shutil

import pytest

from conftest import FIXTURES, REGELN
from ozg_foerder.regeln.dokumente import lade_dokumente, normal
from ozg_foerder.regeln.pruefung import pruefe_verzeichnis

VERZEICHNISSE = [REGELN, *sorted({p.parent for p in FIXTURES.glob("*/*.yaml")})]


@pytest.mark.parametrize("verzeichnis", VERZEICHNISSE, ids=lambda p: p.name)
def test_zitate_stehen_woertlich_in_ihren_dokumenten(verzeichnis):
    """Die mitgelieferten Regeln und die erfundenen Testprogramme (mit eigenen Dokumenten)."""
    bericht = pruefe_verzeichnis(verzeichnis)
    assert bericht.dokumente, f"{verzeichnis}/dokumente/index.yaml fehlt"
    assert [str(f) for f in bericht.fehler] == []
    assert bericht.zitate >= len(list(verzeichnis.glob("*.yaml")))  # jede Datei zitiert
    assert bericht.ohne_testfaelle == []


def test_dokumentindex_vollstaendig():
    dokumente, fehler = lade_dokumente(REGELN)
    assert fehler == []
    assert dokumente, "rules/dokumente/index.yaml fehlt"
    for d in dokumente.values():
        assert d.text and d.titel and d.datei.is_file()


def test_normal_ignoriert_leerraum_und_hervorhebung():
    assert (
        normal("  **Regel**zuwendung\n von <u>25.000</u>  Euro ")
        == "Regelzuwendung von 25.000 Euro"
    )


@pytest.fixture
def kopie(tmp_path):
    ziel = tmp_path / "rules"
    shutil.copytree(REGELN, ziel)
    return ziel


def _erstes_zitat(verzeichnis):
    """(Datei, Zeile mit 'zitat: "…"', Zitat) des ersten Zitats in Anführungszeichen."""
    for datei in sorted(verzeichnis.glob("*.yaml")):
        for nr, zeile in enumerate(datei.read_text(encoding="utf-8").splitlines(), 1):
            if zeile.strip().startswith('zitat: "') and len(zeile.strip()) > 30:
                return datei, nr, zeile
    raise AssertionError("kein Zitat gefunden")


def test_veraendertes_zitat_wird_mit_zeile_gemeldet(kopie):
    datei, nr, zeile = _erstes_zitat(kopie)
    text = datei.read_text(encoding="utf-8")
    verfaelscht = zeile.replace('zitat: "', 'zitat: "Nicht ', 1)
    datei.write_text(text.replace(zeile, verfaelscht, 1), encoding="utf-8")
    (fehler,) = pruefe_verzeichnis(kopie).fehler
    assert (fehler.datei, fehler.zeile) == (str(datei), nr)
    assert fehler.feld.endswith(".zitat")
    assert "steht nicht wörtlich" in fehler.meldung


def test_unbekanntes_dokument_wird_gemeldet(kopie):
    datei, _, _ = _erstes_zitat(kopie)
    text = datei.read_text(encoding="utf-8")
    zeile = next(z for z in text.splitlines() if z.strip().startswith("dokument: "))
    datei.write_text(text.replace(zeile, zeile + "X", 1), encoding="utf-8")
    fehler = pruefe_verzeichnis(kopie).fehler
    assert fehler and all("steht nicht in dokumente/index.yaml" in f.meldung for f in fehler)


def test_neues_dokument_beilegen(kopie, cli):
    """Eine neue Richtlinie beilegen und aus ihr zitieren: regeln pruefen prüft das Zitat."""
    (kopie / "dokumente" / "Richtlinie-2027.txt").write_text(
        "Ziff. 2\nDie Regelzuwendung beträgt ab 2027\n30.000 Euro pro Kommune.\n", encoding="utf-8"
    )
    index = kopie / "dokumente" / "index.yaml"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "Richtlinie 2027:\n  datei: Richtlinie-2027.txt\n  titel: Fiktive Richtlinie\n"
        "  stand: 2027-01-01\n  adresse: https://example.org/richtlinie\n",
        encoding="utf-8",
    )
    datei, _, _ = _erstes_zitat(kopie)
    text = datei.read_text(encoding="utf-8")
    neu = (
        "  richtlinie_2027:\n    dokument: Richtlinie 2027\n    abschnitt: Ziff. 2\n"
        '    zitat: "Die Regelzuwendung beträgt ab 2027 30.000 Euro pro Kommune."\n'
    )
    datei.write_text(text.replace("quellen:\n", "quellen:\n" + neu, 1), encoding="utf-8")
    gut = cli("regeln", "pruefen", kopie)
    assert gut.code == 0, gut.err
    assert "Zitate wörtlich in 6 Quelldokumenten" in gut.out

    datei.write_text(
        datei.read_text("utf-8").replace("30.000 Euro pro", "35.000 Euro pro"), "utf-8"
    )
    schlecht = cli("regeln", "pruefen", kopie)
    assert schlecht.code == 2
    assert "quellen.richtlinie_2027.zitat: Das Zitat steht nicht wörtlich in „Richtlinie 2027“" in (
        schlecht.err
    )
    assert "Übereinstimmend bis: „Die Regelzuwendung beträgt ab 2027 3“" in schlecht.err


def test_ohne_dokumente_ein_hinweis(kopie, cli):
    shutil.rmtree(kopie / "dokumente")
    lauf = cli("regeln", "pruefen", kopie)
    assert lauf.code == 0
    assert "Hinweis: Keine Quelldokumente" in lauf.err


def test_programm_ohne_testfaelle_wird_genannt(kopie, cli):
    datei, _, _ = _erstes_zitat(kopie)
    text = datei.read_text(encoding="utf-8")
    datei.write_text(text[: text.index("\ntestfaelle:")] + "\n", encoding="utf-8")
    lauf = cli("regeln", "pruefen", kopie)
    assert f"Hinweis: {datei}: Das Programm hat keine Testfälle" in lauf.err


def test_testfall_abweichung_mit_zeile(kopie, cli):
    datei = next(
        p for p in sorted(kopie.glob("*.yaml")) if "ergebnis: foerderfaehig" in p.read_text()
    )
    zeilen = datei.read_text(encoding="utf-8").splitlines()
    nr = next(i for i, z in enumerate(zeilen) if "ergebnis: foerderfaehig" in z)
    start = max(i for i in range(nr) if zeilen[i].startswith("  - name:")) + 1
    zeilen[nr] = zeilen[nr].replace("ergebnis: foerderfaehig", "ergebnis: offen")
    datei.write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    lauf = cli("regeln", "pruefen", kopie)
    assert lauf.code == 2
    assert f"{datei}:{start}: Testfall „" in lauf.err
