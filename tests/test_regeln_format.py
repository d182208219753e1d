"""Regeldateien: Prüfung mit Datei, Zeile und Feld; sicheres YAML; eigene Regelverzeichnisse."""

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import REGELN
from ozg_foerder.regeln.fehler import RegelnUngueltig
from ozg_foerder.regeln.katalog import kompiliere, lade_katalog

IKZ = (REGELN / "ikz.yaml").read_text(encoding="utf-8")


def _verzeichnis(tmp_path: Path, text: str, name: str = "ikz.yaml") -> Path:
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
    assert "ikz" in kompilate


def test_unbekanntes_feld_mit_datei_zeile_feld(tmp_path):
    text = IKZ.replace("    grenze: 0.15\n", "    grenze: 0.15\n    grenz: 0.2\n")
    (f,) = _fehler(tmp_path, text)
    assert f.datei.endswith("ikz.yaml")
    assert f.zeile == _zeile(text, "grenz: 0.2")
    assert f.feld == "kriterien[4].grenz"
    assert "unbekanntes Feld" in f.meldung
    assert str(f).startswith(f"{f.datei}:{f.zeile}: kriterien[4].grenz:")


def test_falscher_typ(tmp_path):
    text = IKZ.replace("  je_einheit: 25000", "  je_einheit: viel")
    fehler = _fehler(tmp_path, text)
    assert fehler[0].zeile == _zeile(text, "je_einheit: viel")
    assert fehler[0].feld == "betrag.je_einheit"
    assert "Zahl erwartet" in fehler[0].meldung


def test_fehlendes_pflichtfeld(tmp_path):
    text = IKZ.replace(
        "    hilfe: Erwartete Einsparung bei den Personalkosten, z. B. 0.18, 0,18 oder 18 %.\n", ""
    )
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "eingaben.einsparung.hilfe"
    assert f.zeile == _zeile(text, "  einsparung:")
    assert "Pflichtfeld fehlt" in f.meldung


def test_unbekannte_art_einer_bedingung(tmp_path):
    text = IKZ.replace(
        "    art: muss_ja\n    wert: beschluss", "    art: mindestens_ja\n    wert: beschluss"
    )
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "kriterien[1]"
    assert "unbekannte Art" in f.meldung and "muss_ja" in f.meldung


def test_unbekannte_quelle(tmp_path):
    text = IKZ.replace("    quelle: hr_vereinbarung", "    quelle: hr_vereinbarungen")
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "kriterien[2].quelle"
    assert f.zeile == _zeile(text, "quelle: hr_vereinbarungen")
    assert "unbekannte Quelle" in f.meldung


def test_unbekannter_wert_in_bedingung(tmp_path):
    text = IKZ.replace("    wert: laufzeit_jahre\n", "    wert: laufzeit\n")
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "kriterien[3].wert"
    assert "unbekannter Wert 'laufzeit'" in f.meldung


def test_python_tag_wird_abgelehnt_und_nicht_ausgefuehrt(tmp_path):
    marke = tmp_path / "ausgefuehrt"
    text = IKZ.replace(
        "zweck: >-", f'boese: !!python/object/apply:os.system ["touch {marke}"]\nzweck: >-'
    )
    (f,) = _fehler(tmp_path, text)
    assert "!!python/object/apply:os.system" in f.meldung
    assert f.zeile == _zeile(text, "boese:")
    assert not marke.exists()


def test_yaml_syntaxfehler_mit_zeile(tmp_path):
    text = IKZ.replace("  kommunen:\n    typ: ganzzahl", "  kommunen:\n    typ: [ganzzahl")
    (f,) = _fehler(tmp_path, text)
    assert f.zeile is not None and f.zeile >= _zeile(text, "typ: [ganzzahl")
    assert "kein gültiges YAML" in f.meldung


def test_doppelter_schluessel(tmp_path):
    text = IKZ.replace("stand: 2022-03-14\n", "stand: 2022-03-14\nstand: 2023-01-01\n")
    (f,) = _fehler(tmp_path, text)
    assert "doppelt" in f.meldung
    assert f.zeile == _zeile(text, "stand: 2023-01-01")


def test_anker_und_aliase_sind_verboten(tmp_path):
    text = IKZ.replace("stand: 2022-03-14\n", "stand: &s 2022-03-14\nkopie: *s\n")
    fehler = _fehler(tmp_path, text)
    assert any("Anker und Aliase" in f.meldung for f in fehler)


def test_id_muss_zum_dateinamen_passen(tmp_path):
    ziel = _verzeichnis(tmp_path, IKZ, name="ikz2.yaml")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    assert any(f.feld == "id" and "ikz2.yaml" in f.meldung for f in info.value.fehler)


def test_fehler_in_mehreren_dateien_werden_alle_gemeldet(tmp_path):
    ziel = _verzeichnis(tmp_path, IKZ.replace("stand: 2022-03-14", "stand: gestern"))
    (ziel / "zwei.yaml").write_text("id: zwei\n", encoding="utf-8")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    dateien = {Path(f.datei).name for f in info.value.fehler}
    assert dateien == {"ikz.yaml", "zwei.yaml"}


def test_cli_regeln_pruefen_meldet_datei_zeile_feld_exit_2(cli, tmp_path):
    text = IKZ.replace("    grenze: 5\n", "    grenze: fuenf\n")
    ziel = _verzeichnis(tmp_path, text)
    lauf = cli("regeln", "pruefen", ziel)
    assert lauf.code == 2
    zeile = _zeile(text, "grenze: fuenf")
    assert f"ikz.yaml:{zeile}: kriterien[3].grenze:" in lauf.err
    assert "Traceback" not in lauf.err


def test_cli_regeln_pruefen_in_ordnung(cli):
    lauf = cli("regeln", "pruefen", REGELN)
    assert lauf.code == 0
    assert lauf.out.startswith("In Ordnung:")


def test_cli_regeln_pruefen_meldet_falsche_testfaelle(cli, tmp_path):
    text = IKZ.replace('betrag: "75000.00"}\n  - name: Vier', 'betrag: "75000.01"}\n  - name: Vier')
    assert text != IKZ
    lauf = cli("regeln", "pruefen", _verzeichnis(tmp_path, text))
    assert lauf.code == 2
    assert "Drei Kommunen" in lauf.err and "75000.01" in lauf.err


def test_check_mit_kaputten_regeln_exit_2(cli, tmp_path):
    ziel = _verzeichnis(tmp_path, IKZ.replace("stand: 2022-03-14", "stand: gestern"))
    lauf = cli("check", "ikz", "--kommunen", "2", "--regeln", ziel)
    assert lauf.code == 2
    assert "ikz.yaml" in lauf.err and "stand" in lauf.err
    assert "Traceback" not in lauf.err


def test_leeres_regelverzeichnis(cli, tmp_path):
    lauf = cli("regeln", "pruefen", tmp_path)
    assert lauf.code == 2
    assert "keine *.yaml" in lauf.err


def test_eigenes_regelverzeichnis_per_option_und_umgebung(cli, tmp_path):
    ziel = _verzeichnis(tmp_path, IKZ.replace("  je_einheit: 25000", "  je_einheit: 30000"))
    argumente = ["check", "ikz", "--kommunen", "2", "--format", "json", "--stichtag", "2022-03-14"]
    assert json.loads(cli(*argumente, "--regeln", ziel).out)["betrag"] == "60000.00"
    assert (
        json.loads(cli(*argumente, env={"OZG_FOERDER_REGELN": str(ziel)}).out)["betrag"]
        == "60000.00"
    )
    assert json.loads(cli("--regeln", ziel, *argumente).out)["betrag"] == "60000.00"


def test_cache_wird_neu_gebaut_wenn_regeldatei_sich_aendert(tmp_path, monkeypatch):
    monkeypatch.setenv("OZG_FOERDER_CACHE", str(tmp_path / "cache"))
    ziel = _verzeichnis(tmp_path, IKZ)
    eins = lade_katalog(ziel).programm("ikz")
    assert list((tmp_path / "cache").glob("regeln-*.json"))
    datei = ziel / "ikz.yaml"
    datei.write_text(IKZ.replace("  je_einheit: 25000", "  je_einheit: 30000"), encoding="utf-8")
    st = datei.stat()
    os.utime(datei, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    zwei = lade_katalog(ziel).programm("ikz")
    assert eins.formel.je_einheit == 25000
    assert zwei.formel.je_einheit == 30000


def test_cache_kommt_ohne_yaml_und_pydantic_aus(tmp_path):
    import subprocess
    import sys

    programm = (
        "import sys\n"
        "from ozg_foerder.regeln.katalog import lade_katalog\n"
        "k = lade_katalog()\n"
        "k.programm('ikz')\n"
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
    assert lade_katalog(REGELN).programm("ikz").id == "ikz"


def test_schema_ist_json_schema(cli):
    lauf = cli("regeln", "schema")
    assert lauf.code == 0
    schema = json.loads(lauf.out)
    assert schema["title"] == "ozg-foerder Regeldatei"
    assert {"id", "kriterien", "eingaben", "betrag", "testfaelle"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_regeln_liste_und_zeigen(cli):
    liste = cli("regeln", "liste")
    assert liste.code == 0 and "ikz" in liste.out
    zeigen = cli("regeln", "zeigen", "ikz")
    assert zeigen.code == 0
    assert "Laufzeit der Zusammenarbeit: mindestens 5 Jahre" in zeigen.out
    assert "Quelle: Handreichung Ziff. 4" in zeigen.out
    unbekannt = cli("regeln", "zeigen", "ikx")
    assert unbekannt.code == 2 and "Meinten Sie „ikz“" in unbekannt.err


def test_regeldatei_mit_kopie_bleibt_gueltig(tmp_path):
    ziel = tmp_path / "kopie"
    shutil.copytree(REGELN, ziel)
    assert set(kompiliere(ziel)) == {p.stem for p in REGELN.glob("*.yaml")}


def test_unausgeglichene_klammer_im_hinweis_ist_regelfehler(cli, tmp_path):
    """Aus dem Review: string.Formatter warf ValueError – Exit 3 statt Datei:Zeile."""
    text = IKZ.replace(
        "      Die Unterlagen nennen kein Enddatum", "      Die Unterlagen { nennen kein Enddatum"
    )
    assert text != IKZ
    lauf = cli("regeln", "pruefen", _verzeichnis(tmp_path, text))
    assert lauf.code == 2
    assert "ikz.yaml:" in lauf.err and "hinweise[1].text" in lauf.err and "Platzhalter" in lauf.err
    check = cli("check", "ikz", "--kommunen", "2", "--regeln", tmp_path / "regeln")
    assert check.code == 2 and "Traceback" not in check.err


def test_schalter_nur_fuer_genau_zwei_wahlen(tmp_path):
    text = (
        (REGELN / "modellkommune.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "        option: --gemeinschaftsvorhaben\n        aliase: [g, gemeinsam]\n",
            "        option: --gemeinschaftsvorhaben\n        aliase: [g, gemeinsam]\n"
            "      ikz:\n        text: IKZ-Vorhaben\n        option: --ikz-vorhaben\n",
        )
    )
    ziel = _verzeichnis(tmp_path, text, name="modellkommune.yaml")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    assert any("genau zwei Wahlen" in f.meldung for f in info.value.fehler)


def test_gleich_muss_eine_wahl_nennen(tmp_path):
    text = (
        (REGELN / "starke-heimat.yaml")
        .read_text(encoding="utf-8")
        .replace("gleich: einzel}", "gleich: Einzelvorhaben}")
    )
    ziel = _verzeichnis(tmp_path, text, name="starke-heimat.yaml")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    assert any(
        f.feld.endswith("wenn.gleich") and "keine Wahl" in f.meldung for f in info.value.fehler
    )


def test_regeln_zeigen_json_ohne_interne_felder(cli):
    lauf = cli("regeln", "zeigen", "modellkommune", "--format", "json")
    assert "_ags" not in lauf.out
    assert json.loads(lauf.out)["id"] == "modellkommune"


# ---------------------------------------------------------------------------------------------
# regeln pruefen: Zitate gegen die Quelldokumente neben den Regeln, Testfälle mit Zeile
# ---------------------------------------------------------------------------------------------


def _kopie(tmp_path: Path, alt: str = "", neu: str = "") -> Path:
    ziel = tmp_path / "rules"
    shutil.copytree(REGELN, ziel)
    if alt:
        text = (ziel / "ikz.yaml").read_text(encoding="utf-8")
        assert text.count(alt) == 1
        (ziel / "ikz.yaml").write_text(text.replace(alt, neu), encoding="utf-8")
    return ziel


def test_regeln_pruefen_findet_ein_falsches_zitat_mit_zeile(cli, tmp_path):
    alt = 'zitat: "Laufzeit mindestens fünf Jahre sowie"'
    ziel = _kopie(tmp_path, alt, 'zitat: "Laufzeit mindestens sechs Jahre sowie"')
    lauf = cli("regeln", "pruefen", ziel)
    assert lauf.code == 2
    text = (ziel / "ikz.yaml").read_text(encoding="utf-8")
    zeile = _zeile(text, "mindestens sechs Jahre")
    assert f"ikz.yaml:{zeile}: quellen.hr_laufzeit.zitat: Zitat steht nicht wörtlich" in lauf.err


def test_regeln_pruefen_kennt_nur_dokumente_des_verzeichnisses(cli, tmp_path):
    ziel = _kopie(tmp_path)
    index = ziel / "quellen" / "index.yaml"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("Koordinierungsstelle:", "Koordinierungsstelle-alt:"), "utf-8")
    lauf = cli("regeln", "pruefen", ziel)
    assert lauf.code == 2
    assert "Dokument „Koordinierungsstelle“ steht nicht in quellen/index.yaml" in lauf.err


def test_neue_richtlinie_neben_den_regeln(cli, tmp_path):
    """Ein Wartender legt eine neue Richtlinie als Text daneben und zitiert sie."""
    ziel = _kopie(
        tmp_path,
        "  hr_betrag:\n",
        "  neu:\n    dokument: Neue Richtlinie\n    abschnitt: Nr. 4\n"
        '    zitat: "beträgt 30.000 Euro je Kommune"\n  hr_betrag:\n',
    )
    (ziel / "quellen" / "neu.txt").write_text(
        "4. Die Zuwendung beträgt 30.000 Euro\nje Kommune.\n", encoding="utf-8"
    )
    with (ziel / "quellen" / "index.yaml").open("a", encoding="utf-8") as f:
        f.write("Neue Richtlinie:\n  datei: neu.txt\n  titel: Erfundene Richtlinie\n")
    assert cli("regeln", "pruefen", ziel).code == 0
    (ziel / "quellen" / "neu.txt").write_text("4. Die Zuwendung beträgt 35.000 Euro.\n", "utf-8")
    assert cli("regeln", "pruefen", ziel).code == 2


def test_regeln_pruefen_testfall_mit_zeile_und_programm_ohne_testfaelle(cli, tmp_path):
    text = IKZ.replace('betrag: "75000.00"}\n  - name: Vier', 'betrag: "75000.01"}\n  - name: Vier')
    ziel = _verzeichnis(tmp_path, text)
    ohne = IKZ.split("\ntestfaelle:")[0].replace("id: ikz", "id: zwei") + "\n"
    (ziel / "zwei.yaml").write_text(ohne, encoding="utf-8")
    lauf = cli("regeln", "pruefen", ziel)
    assert lauf.code == 2
    zeile = _zeile(text, "- name: Drei Kommunen")
    assert f"ikz.yaml:{zeile}: Testfall „Drei Kommunen" in lauf.err
    assert "Programm „zwei“ hat keine Testfälle" in lauf.err
    # ohne quellen/index.yaml: ein Hinweis, dass die Zitate ungeprüft sind
    assert "Zitate nicht geprüft" in lauf.err


def test_meldungen_zeigen_keine_muster(tmp_path):
    """Regelautoren sehen deutsche Sätze, nie einen regulären Ausdruck."""
    text = IKZ.replace("  - id: kooperation\n", "  - id: Kooperation!\n")
    (f,) = _fehler(tmp_path, text)
    assert f.feld == "kriterien[0].id"
    assert "^" not in f.meldung and "[a-z" not in f.meldung
    assert "Kleinbuchstaben" in f.meldung
