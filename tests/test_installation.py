"""Vervollständigung und Installation für den täglichen Gebrauch (Issue 13, Punkt 4)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import REGELN, REPO, regeldaten


def test_hilfe_nennt_die_vervollstaendigung_auf_deutsch(cli):
    lauf = cli("--help")
    assert "--install-completion" in lauf.out and "--show-completion" in lauf.out
    assert "Vervollständigung" in lauf.out
    assert "Install completion" not in lauf.out


@pytest.fixture
def in_bash(monkeypatch):
    """Typer erkennt die Shell am Elternprozess: unter .ci/run ist das sh (nicht unterstützt),
    im Terminal meist bash. Die Tests gelten für einen Nutzer in bash, wo sie auch laufen."""
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda *_a, **_k: ("bash", "/bin/bash"))


def test_show_completion_zeigt_das_skript(cli, in_bash):
    lauf = cli("--show-completion", "bash")
    assert lauf.code == 0
    assert "_OZG_FOERDER_COMPLETE" in lauf.out and "complete " in lauf.out


def test_install_completion_schreibt_ins_home(cli, tmp_path, in_bash):
    lauf = cli("--install-completion", "bash", env={"HOME": str(tmp_path)})
    assert lauf.code == 0, lauf.err
    skripte = list(tmp_path.rglob("ozg-foerder*"))
    assert skripte, list(tmp_path.rglob("*"))
    assert "_OZG_FOERDER_COMPLETE" in skripte[0].read_text(encoding="utf-8")


def _vervollstaendige(cli, woerter: str) -> list[str]:
    teile = woerter.split(" ")
    lauf = cli(
        env={
            "_OZG_FOERDER_COMPLETE": "complete_bash",
            "COMP_WORDS": woerter,
            "COMP_CWORD": str(len(teile) - 1),
        }
    )
    assert lauf.code == 0, lauf.err
    return lauf.out.split()


def test_vervollstaendigung_kennt_befehle_programme_und_optionen(cli, monkeypatch):
    assert "check" in _vervollstaendige(cli, "ozg-foerder ch")
    ids = list(regeldaten(REGELN))
    assert ids[0] in _vervollstaendige(cli, f"ozg-foerder check {ids[0][:2]}")
    eingaben = regeldaten(REGELN)[ids[0]]["eingaben"]
    name, eingabe = next(iter(eingaben.items()))
    option = eingabe.get("option") or f"--{name.replace('_', '-')}"
    assert option in _vervollstaendige(cli, f"ozg-foerder check {ids[0]} {option[:5]}")
    monkeypatch.delenv("_OZG_FOERDER_COMPLETE")


@pytest.mark.langsam  # echte Installation in eine frische Umgebung: Sekunden
@pytest.mark.skipif(shutil.which("uv") is None, reason="uv nicht installiert")
def test_uv_tool_install_ausserhalb_des_checkouts(tmp_path):
    """``uv tool install .`` in ein leeres HOME; danach läuft ``ozg-foerder`` anderswo."""
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "UV_TOOL_DIR": str(tmp_path / "werkzeuge"),
        "UV_TOOL_BIN_DIR": str(tmp_path / "bin"),
        "UV_PYTHON": sys.executable,
    }
    env.pop("VIRTUAL_ENV", None)
    (tmp_path / "home").mkdir()
    installiert = subprocess.run(
        ["uv", "tool", "install", "--quiet", str(REPO)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert installiert.returncode == 0, installiert.stderr
    programm = tmp_path / "bin" / "ozg-foerder"
    lauf = subprocess.run(
        [str(programm), "fristen", "--stichtag", "14.03.2022"],
        cwd=tmp_path / "home",
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert lauf.returncode == 0, lauf.stderr
    assert "Am 14.03.2022 noch offen:" in lauf.stdout
    assert max(len(z) for z in lauf.stdout.splitlines()) <= 80
