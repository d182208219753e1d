"""Regeldateien: Prüfung mit Datei, Zeile und Feld; sicheres YAML; eigene Regelverzeichnisse."""

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL, REGELN, regeldaten
from ozg_foerder.regeln.fehler import RegelnUngueltig
from ozg_foerder.regeln.katalog import kompiliere, lade_katalog

# Die Fehlerfälle verändern das erfundene Testprogramm (tests/fixtures/minimal), nicht die echten
# Regeln: so bleiben die Tests gültig, wenn sich eine echte Zahl oder Formulierung ändert.
DATEI = "musterfoerderung.yaml"
MUSTER = (MINIMAL / DATEI).read_text(encoding="utf-8")
STICHTAG = ["--stichtag", "2024-06-03"]  # im Antragszeitraum des Testprogramms


def _ersetzt(alt: str, neu: str, text: str = MUSTER) -> str:
    """``text`` mit ``alt`` → ``neu``; ``alt`` muss genau einmal vorkommen."""
    assert text.count(alt) == 1, alt
    return text.replace(alt, neu)


def _verzeichnis(tmp_path: Path, text: str, name: str = DATEI) -> Path:
    ziel = tmp_path / "regeln"
    ziel.mkdir(exist_ok=True)
    (ziel / name).write_text(text, encoding="utf-8")
    return ziel


def _zeile(text: str, teil: str) -> int:
    return next(i for i, z in enumerate(text.splitlines(), 1) if teil in z)


def _fehler(tmp_path: Path, text: str) -> list:
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(_verzeichnis(tmp_path, text))
    return info.value.fehler


def test_mitgelieferte_regeln_sind_gueltig():
    kompilate = kompiliere(REGELN)
    assert set(kompilate) == set(regeldaten(REGELN))
    assert set(kompiliere(MINIMAL)) == set(regeldaten(MINIMAL))


def test_unbekanntes_feld_mit_datei_zeile_feld(tmp_path):
    text = _ersetzt("    grenze: 2\n", "    grenze: 2\n    grenz: 3\n")
    (f,) = _fehler(tmp_path, text)
    assert f.datei.endswith(DATEI)
    assert f.zeile == _zeile(text, "grenz: 3")
    assert f.feld == "kriterien[0].grenz"
    assert "unbekanntes Feld" in f.meldung
    assert str(f).startswith(f"{f.datei}:{f.zeile}: kriterien[0].grenz:")


def test_falscher_typ(tmp_path):
    text = _ersetzt("  je_einheit: 1500", "  je_einheit: viel")
    fehler = _fehler(tmp_path, text)
    assert fehler[0].zeile == _zeile(text, "je_einheit: viel")
    assert fehler[0].feld == "betrag.je_einheit"
    assert "Zahl erwartet" in fehler[0].meldung


def test_fehlendes_pflichtfeld(tmp_path):
    text = _ersetzt("    hilfe: Liegt die Zusage der Kommunalaufsicht vor?\n", "")
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "eingaben.zusage.hilfe"
    assert f.zeile == _zeile(text, "  zusage:")
    assert "Pflichtfeld fehlt" in f.meldung


def test_unbekannte_art_einer_bedingung(tmp_path):
    text = _ersetzt(
        "    art: muss_ja\n    wert: zusage", "    art: mindestens_ja\n    wert: zusage"
    )
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "kriterien[1]"
    assert "unbekannte Art" in f.meldung and "muss_ja" in f.meldung


def test_unbekannte_quelle(tmp_path):
    text = _ersetzt(
        "    wert: zusage\n    quelle: q_zusage", "    wert: zusage\n    quelle: q_zusagen"
    )
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "kriterien[1].quelle"
    assert f.zeile == _zeile(text, "quelle: q_zusagen")
    assert "unbekannte Quelle" in f.meldung


def test_unbekannter_wert_in_bedingung(tmp_path):
    text = _ersetzt("    wert: stellen\n", "    wert: stelle\n")
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "kriterien[0].wert"
    assert "unbekannter Wert 'stelle'" in f.meldung


def test_python_tag_wird_abgelehnt_und_nicht_ausgefuehrt(tmp_path):
    marke = tmp_path / "ausgefuehrt"
    text = _ersetzt(
        "zweck: >-", f'boese: !!python/object/apply:os.system ["touch {marke}"]\nzweck: >-'
    )
    (f,) = _fehler(tmp_path, text)
    assert "!!python/object/apply:os.system" in f.meldung
    assert f.zeile == _zeile(text, "boese:")
    assert not marke.exists()


def test_yaml_syntaxfehler_mit_zeile(tmp_path):
    text = _ersetzt("  stellen:\n    typ: ganzzahl", "  stellen:\n    typ: [ganzzahl")
    (f,) = _fehler(tmp_path, text)
    assert f.zeile is not None and f.zeile >= _zeile(text, "typ: [ganzzahl")
    assert "kein gültiges YAML" in f.meldung


def test_doppelter_schluessel(tmp_path):
    text = _ersetzt("stand: 2024-01-15\n", "stand: 2024-01-15\nstand: 2023-01-01\n")
    (f,) = _fehler(tmp_path, text)
    assert "doppelt" in f.meldung
    assert f.zeile == _zeile(text, "stand: 2023-01-01")


def test_anker_und_aliase_sind_verboten(tmp_path):
    text = _ersetzt("stand: 2024-01-15\n", "stand: &s 2024-01-15\nkopie: *s\n")
    fehler = _fehler(tmp_path, text)
    assert any("Anker und Aliase" in f.meldung for f in fehler)


def test_id_muss_zum_dateinamen_passen(tmp_path):
    ziel = _verzeichnis(tmp_path, MUSTER, name="muster2.yaml")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    assert any(f.feld == "id" and "muster2.yaml" in f.meldung for f in info.value.fehler)


def test_fehler_in_mehreren_dateien_werden_alle_gemeldet(tmp_path):
    ziel = _verzeichnis(tmp_path, _ersetzt("stand: 2024-01-15", "stand: gestern"))
    (ziel / "zwei.yaml").write_text("id: zwei\n", encoding="utf-8")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    dateien = {Path(f.datei).name for f in info.value.fehler}
    assert dateien == {DATEI, "zwei.yaml"}


def test_cli_regeln_pruefen_meldet_datei_zeile_feld_exit_2(cli, tmp_path):
    text = _ersetzt("    grenze: 2\n", "    grenze: zwei\n")
    ziel = _verzeichnis(tmp_path, text)
    lauf = cli("regeln", "pruefen", ziel)
    assert lauf.code == 2
    zeile = _zeile(text, "grenze: zwei")
    assert f"{DATEI}:{zeile}: kriterien[0].grenze:" in lauf.err
    assert "Traceback" not in lauf.err


def test_cli_regeln_pruefen_in_ordnung(cli):
    lauf = cli("regeln", "pruefen", REGELN)
    assert lauf.code == 0
    assert lauf.out.startswith("In Ordnung:")


def test_cli_regeln_pruefen_meldet_falsche_testfaelle(cli, tmp_path):
    text = _ersetzt('betrag: "4500.00"', 'betrag: "4500.01"')
    lauf = cli("regeln", "pruefen", _verzeichnis(tmp_path, text))
    assert lauf.code == 2
    assert "Drei Stellen" in lauf.err and "4500.01" in lauf.err


def test_check_mit_kaputten_regeln_exit_2(cli, tmp_path):
    ziel = _verzeichnis(tmp_path, _ersetzt("stand: 2024-01-15", "stand: gestern"))
    lauf = cli("check", "musterfoerderung", "--stellen", "2", "--regeln", ziel)
    assert lauf.code == 2
    assert DATEI in lauf.err and "stand" in lauf.err
    assert "Traceback" not in lauf.err


def test_leeres_regelverzeichnis(cli, tmp_path):
    lauf = cli("regeln", "pruefen", tmp_path)
    assert lauf.code == 2
    assert "keine *.yaml" in lauf.err


def test_eigenes_regelverzeichnis_per_option_und_umgebung(cli, tmp_path):
    ziel = _verzeichnis(tmp_path, _ersetzt("  je_einheit: 1500", "  je_einheit: 2500"))
    argumente = ["check", "musterfoerderung", "--kommune", "Wetzlar", "--stellen", "2"]
    argumente += ["--format", "json", *STICHTAG]
    assert json.loads(cli(*argumente, "--regeln", MINIMAL).out)["betrag"] == "3000.00"
    assert json.loads(cli(*argumente, "--regeln", ziel).out)["betrag"] == "5000.00"
    assert json.loads(cli("--regeln", ziel, *argumente).out)["betrag"] == "5000.00"
    assert (
        json.loads(cli(*argumente, env={"OZG_FOERDER_REGELN": str(ziel)}).out)["betrag"]
        == "5000.00"
    )


def test_cache_wird_neu_gebaut_wenn_regeldatei_sich_aendert(tmp_path, monkeypatch):
    monkeypatch.setenv("OZG_FOERDER_CACHE", str(tmp_path / "cache"))
    ziel = _verzeichnis(tmp_path, MUSTER)
    eins = lade_katalog(ziel).programm("musterfoerderung")
    assert list((tmp_path / "cache").glob("regeln-*.json"))
    datei = ziel / DATEI
    datei.write_text(_ersetzt("  je_einheit: 1500", "  je_einheit: 2500"), encoding="utf-8")
    st = datei.stat()
    os.utime(datei, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    zwei = lade_katalog(ziel).programm("musterfoerderung")
    assert eins.formel.je_einheit == 1500
    assert zwei.formel.je_einheit == 2500


def test_cache_kommt_ohne_yaml_und_pydantic_aus(tmp_path):
    import subprocess
    import sys

    programm = (
        "import sys\n"
        "from ozg_foerder.regeln.katalog import lade_katalog\n"
        "k = lade_katalog()\n"
        "k.programm(k.ids[0])\n"
        "print('yaml' in sys.modules, 'pydantic' in sys.modules)\n"
    )
    env = {**os.environ, "OZG_FOERDER_CACHE": str(tmp_path)}
    subprocess.run([sys.executable, "-c", programm], env=env, check=True, capture_output=True)
    zweiter = subprocess.run(
        [sys.executable, "-c", programm], env=env, check=True, capture_output=True, text=True
    )
    assert zweiter.stdout.strip() == "False False"


def test_ohne_beschreibbaren_cache_geht_es_auch(tmp_path, monkeypatch):
    gesperrt = tmp_path / "datei-statt-verzeichnis"
    gesperrt.write_text("x")
    monkeypatch.setenv("OZG_FOERDER_CACHE", str(gesperrt))
    assert lade_katalog(MINIMAL).programm("musterfoerderung").id == "musterfoerderung"


def test_schema_ist_json_schema(cli):
    lauf = cli("regeln", "schema")
    assert lauf.code == 0
    schema = json.loads(lauf.out)
    assert schema["title"] == "ozg-foerder Regeldatei"
    assert {"id", "kriterien", "eingaben", "betrag", "testfaelle"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_regeln_liste_und_zeigen(cli):
    liste = cli("regeln", "liste")
    assert liste.code == 0 and all(f"  {p}  " in liste.out for p in regeldaten(REGELN))
    zeigen = cli("--regeln", MINIMAL, "regeln", "zeigen", "musterfoerderung")
    assert zeigen.code == 0
    assert "Mindestzahl der Stellen: mindestens 2 Stellen" in zeigen.out
    assert "Quelle: Musterrichtlinie Nr. 2" in zeigen.out
    unbekannt = cli("regeln", "zeigen", "musterfoerderun", "--regeln", MINIMAL)
    assert unbekannt.code == 2 and "Meinten Sie „musterfoerderung“" in unbekannt.err


def test_regeldatei_mit_kopie_bleibt_gueltig(tmp_path):
    ziel = tmp_path / "kopie"
    shutil.copytree(REGELN, ziel)
    assert set(kompiliere(ziel)) == {p.stem for p in REGELN.glob("*.yaml")}


def test_unausgeglichene_klammer_im_hinweis_ist_regelfehler(cli, tmp_path):
    """Aus dem Review: string.Formatter warf ValueError – Exit 3 statt Datei:Zeile."""
    text = _ersetzt("Erfundener Hinweis: Gemeinsame", "Erfundener Hinweis: { Gemeinsame")
    lauf = cli("regeln", "pruefen", _verzeichnis(tmp_path, text))
    assert lauf.code == 2
    assert f"{DATEI}:" in lauf.err and "hinweise[0].text" in lauf.err and "Platzhalter" in lauf.err
    check = cli("check", "musterfoerderung", "--stellen", "2", "--regeln", tmp_path / "regeln")
    assert check.code == 2 and "Traceback" not in check.err


def test_schalter_nur_fuer_genau_zwei_wahlen(tmp_path):
    text = _ersetzt(
        "        option: --gemeinsam\n",
        "        option: --gemeinsam\n      verbund:\n        text: im Verbund\n"
        "        option: --im-verbund\n",
    )
    ziel = _verzeichnis(tmp_path, text)
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    assert any("genau zwei Wahlen" in f.meldung for f in info.value.fehler)


def test_gleich_muss_eine_wahl_nennen(tmp_path):
    text = _ersetzt("gleich: allein}", "gleich: Alleinvorhaben}")
    ziel = _verzeichnis(tmp_path, text)
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    assert any(
        f.feld.endswith("wenn.gleich") and "keine Wahl" in f.meldung for f in info.value.fehler
    )


def test_regeln_zeigen_json_ohne_interne_felder(cli):
    for programm_id in regeldaten(REGELN):
        lauf = cli("regeln", "zeigen", programm_id, "--format", "json")
        assert "_ags" not in lauf.out
        assert json.loads(lauf.out)["id"] == programm_id


def test_cache_waechst_nicht_ohne_grenze(tmp_path, monkeypatch):
    """Issue 13: je Regelverzeichnis ein Kompilat, nie aufgeräumt – jetzt höchstens einige."""
    import time

    from ozg_foerder.regeln import katalog

    cache = tmp_path / "cache"
    monkeypatch.setenv("OZG_FOERDER_CACHE", str(cache))
    cache.mkdir()
    liegengeblieben = cache / "regeln-0000abcd.4242.tmp"
    liegengeblieben.write_text("{")
    stunde = time.time() - 7200
    os.utime(liegengeblieben, (stunde, stunde))
    frisch = cache / "regeln-0000abce.4243.tmp"  # ein gerade laufender Prozess: bleibt
    frisch.write_text("{")
    anzahl = katalog.HOECHSTENS_KOMPILATE + 3
    for i in range(anzahl):
        (tmp_path / f"v{i}").mkdir()
        lade_katalog(_verzeichnis(tmp_path / f"v{i}", MUSTER))
        jetzt = time.time() - (anzahl - i)  # ältere zuerst
        for p in cache.glob("regeln-*.json"):
            if p.stat().st_mtime > jetzt + 0.5:
                os.utime(p, (jetzt, jetzt))
    kompilate = list(cache.glob("regeln-*.json"))
    assert len(kompilate) == katalog.HOECHSTENS_KOMPILATE
    assert not liegengeblieben.exists() and frisch.exists()
    # das zuletzt gebaute ist noch da und wird gelesen (ohne neu zu kompilieren)
    monkeypatch.setattr(katalog, "kompiliere", lambda *_a: pytest.fail("neu kompiliert"))
    letztes = tmp_path / f"v{anzahl - 1}" / "regeln"
    assert lade_katalog(letztes).ids == ["musterfoerderung"]
