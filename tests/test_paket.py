"""Regeln und Daten werden mit dem Paket ausgeliefert: ``pip install .`` außerhalb des Checkouts."""

import json
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest

from conftest import REGELN, REPO, cli_argumente, faelle, regeldaten


def test_im_checkout_liegen_regeln_und_daten_neben_dem_paket():
    from ozg_foerder.eingaben.pfade import daten_verzeichnis
    from ozg_foerder.regeln.katalog import regel_verzeichnis

    assert regel_verzeichnis() == REPO / "rules"
    assert (daten_verzeichnis() / "kommunen.csv").is_file()


@pytest.mark.langsam  # echte Installation in eine frische Umgebung: Sekunden
@pytest.mark.skipif(shutil.which("uv") is None, reason="uv nicht installiert")
def test_installiertes_paket_findet_regeln_ausserhalb_des_checkouts(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(["uv", "pip", "install", "-q", "--python", str(python), str(REPO)], check=True)
    arbeitsverzeichnis = tmp_path / "anderswo"
    arbeitsverzeichnis.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    # ein Testfall jeder mitgelieferten Regeldatei, mit seinem erwarteten Ergebnis
    for programm_id, fall in {
        p: f for p, f in faelle(REGELN) if f["erwartet"].get("ergebnis")
    }.items():
        argumente = cli_argumente(regeldaten(REGELN)[programm_id], fall["eingaben"])
        lauf = subprocess.run(
            [
                str(venv / "bin" / "ozg-foerder"), "check", programm_id, *argumente,
                "--stichtag", str(fall["stichtag"]), "--format", "json",
            ],
            cwd=arbeitsverzeichnis,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        daten = json.loads(lauf.stdout)
        assert lauf.returncode == (1 if daten["ergebnis"] == "nicht_foerderfaehig" else 0)
        assert daten["ergebnis"] == fall["erwartet"]["ergebnis"], (programm_id, lauf.stderr)
        if fall["erwartet"].get("betrag") is not None:
            assert daten["betrag"] == f"{Decimal(str(fall['erwartet']['betrag'])):.2f}"
    liste = subprocess.run(
        [str(venv / "bin" / "ozg-foerder"), "regeln", "liste"],
        cwd=arbeitsverzeichnis,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages/ozg_foerder/rules" in liste.stdout
    # Die Word-Vorlage der Beschlussvorlage liegt im Paket, und der Befehl findet sie dort.
    entwurf = arbeitsverzeichnis / "entwurf.docx"
    vorlage = subprocess.run(
        [
            str(venv / "bin" / "ozg-foerder"),
            "beschlussvorlage",
            "ikz",
            "--kommune",
            "Mücke",
            "--partner",
            "Grünberg",
            "--stichtag",
            "2022-03-14",
            "--ausgabe",
            str(entwurf),
        ],
        cwd=arbeitsverzeichnis,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert vorlage.returncode == 0, vorlage.stderr
    assert entwurf.stat().st_size > 10_000
    ort = subprocess.run(
        [
            str(python),
            "-c",
            "from ozg_foerder.ausgabe.beschlussvorlage import standard_vorlage as s; print(s())",
        ],
        cwd=arbeitsverzeichnis,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages/ozg_foerder/data/vorlagen/beschlussvorlage.docx" in ort.stdout
