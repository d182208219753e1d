"""Kein versteckter Zustand in der Kommandozeile (Issue 8, Punkt 4).

``--regeln`` und ``OZG_FOERDER_REGELN`` (nur von ``main`` gelesen) kommen als Argument bei jedem
Befehl und bei ``api.katalog`` an; nichts schreibt ``os.environ``; kein Aufruf hinterlässt etwas
für den nächsten; die check-Befehle entstehen erst bei Bedarf aus den Regeln; Click-Fehler
werden nach ihrem Typ übersetzt, nicht nach ihrem englischen Text.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REGELN, REPO, syntaxbaum

PAKET = REPO / "src" / "ozg_foerder"
STICHTAG = ["--stichtag", "14.03.2022"]


def _quellen() -> list[Path]:
    return sorted(PAKET.rglob("*.py"))


def _ist_environ(knoten: ast.AST) -> bool:
    return (
        isinstance(knoten, ast.Attribute)
        and knoten.attr == "environ"
        and isinstance(knoten.value, ast.Name)
        and knoten.value.id == "os"
    )


def test_kein_modul_schreibt_os_environ():
    verstoesse = []
    for pfad in _quellen():
        for k in ast.walk(syntaxbaum(pfad)):
            ziele = []
            if isinstance(k, ast.Assign | ast.AugAssign | ast.Delete):
                ziele = k.targets if isinstance(k, ast.Assign | ast.Delete) else [k.target]
            for ziel in ziele:
                if isinstance(ziel, ast.Subscript) and _ist_environ(ziel.value):
                    verstoesse.append(f"{pfad.name}:{k.lineno}")
            schreibend = ("pop", "update", "setdefault", "clear", "popitem")
            if (
                isinstance(k, ast.Call)
                and isinstance(k.func, ast.Attribute)
                and _ist_environ(k.func.value)
                and k.func.attr in schreibend
            ):
                verstoesse.append(f"{pfad.name}:{k.lineno}")
            if isinstance(k, ast.Attribute) and k.attr in ("putenv", "unsetenv"):
                verstoesse.append(f"{pfad.name}:{k.lineno}")
    assert verstoesse == []


def _liest_regeln_variable(k: ast.AST) -> bool:
    """Liest ``OZG_FOERDER_REGELN``: ``os.environ.get``, ``os.environ[…]`` oder ``os.getenv``."""
    if isinstance(k, ast.Call) and isinstance(k.func, ast.Attribute) and k.args:
        lesend = (_ist_environ(k.func.value) and k.func.attr == "get") or k.func.attr == "getenv"
        schluessel = k.args[0]
    elif isinstance(k, ast.Subscript) and _ist_environ(k.value):
        lesend, schluessel = True, k.slice
    else:
        return False
    return lesend and (
        (isinstance(schluessel, ast.Name) and schluessel.id == "UMGEBUNG_REGELN")
        or (isinstance(schluessel, ast.Constant) and schluessel.value == "OZG_FOERDER_REGELN")
    )


def test_nur_main_liest_die_umgebungsvariable_der_regeln():
    """OZG_FOERDER_REGELN wird genau an einer Stelle gelesen: in main() (cli/app.py)."""
    lesend = []
    for pfad in _quellen():
        baum = syntaxbaum(pfad)
        for funktion in ast.walk(baum):
            if isinstance(funktion, ast.FunctionDef):
                for k in ast.walk(funktion):
                    if _liest_regeln_variable(k):
                        lesend.append(f"{pfad.relative_to(PAKET).as_posix()}:{funktion.name}")
    assert lesend == ["cli/app.py:main"]


def test_api_katalog_liest_keine_umgebung(monkeypatch, tmp_path):
    from ozg_foerder import api

    monkeypatch.setenv("OZG_FOERDER_REGELN", str(tmp_path / "gibt-es-nicht"))
    api._KATALOGE.clear()
    assert api.katalog().verzeichnis == REGELN.resolve()
    assert set(api.katalog().ids) == {p.stem for p in REGELN.glob("*.yaml")}


def test_nur_der_gebrauchte_pruefbefehl_wird_gebaut(cli, monkeypatch):
    from ozg_foerder import api
    from ozg_foerder.cli import check

    gebaut = []
    original = check.baue_pruefbefehl

    def zaehle(programm_id, kompilat):
        gebaut.append(programm_id)
        return original(programm_id, kompilat)

    monkeypatch.setattr(check, "baue_pruefbefehl", zaehle)
    ids = api.katalog().ids
    erstes = ids[0]
    cli("check", erstes, "--help")
    assert gebaut == [erstes]
    gebaut.clear()
    hilfe = cli("check", "--help", env={"COLUMNS": "200"})
    assert hilfe.code == 0
    assert sorted(gebaut) == sorted(ids)
    for programm_id in ids:
        assert programm_id in hilfe.out


def test_ohne_check_werden_keine_pruefbefehle_gebaut(cli, monkeypatch):
    from ozg_foerder.cli import check

    def verboten(*_args):
        raise AssertionError("check-Befehl gebaut")

    monkeypatch.setattr(check, "baue_pruefbefehl", verboten)
    assert cli("kommunen", "Lautertal").code == 0
    assert cli("regeln", "liste").code == 0


def test_regelfehler_bei_check_hilfe_wird_gemeldet(cli, tmp_path):
    """Früher zeigte ``--regeln KAPUTT check --help`` still eine Hilfe ohne Programme."""
    lauf = cli("--regeln", tmp_path / "fehlt", "check", "--help")
    assert lauf.code == 2
    assert "keine *.yaml" in lauf.err and "Hilfe: ozg-foerder regeln pruefen" in lauf.err


def test_regeln_pruefen_ohne_verzeichnis_nimmt_die_aktiven_regeln(cli, tmp_path):
    assert cli("regeln", "pruefen").code == 0
    lauf = cli("--regeln", tmp_path / "fehlt", "regeln", "pruefen")
    assert lauf.code == 2 and "keine *.yaml" in lauf.err
    lauf = cli("regeln", "pruefen", env={"OZG_FOERDER_REGELN": str(tmp_path / "fehlt")})
    assert lauf.code == 2 and "keine *.yaml" in lauf.err


def _kontext(*argumente: str):
    """Der Kontext des Befehls ``ozg-foerder check <erstes Programm>`` (ohne ihn auszuführen)."""
    from ozg_foerder import api
    from ozg_foerder.cli.app import wurzelbefehl
    from ozg_foerder.cli.basis import Vorgaben

    wurzel = wurzelbefehl()
    ctx = wurzel.make_context("ozg-foerder", ["check"], obj=Vorgaben())
    check_ctx = wurzel.get_command(ctx, "check").make_context("check", ["x"], parent=ctx)
    programm_id = api.katalog().ids[0]
    befehl = check_ctx.command.get_command(check_ctx, programm_id)
    return befehl.make_context(
        programm_id, list(argumente), parent=check_ctx, resilient_parsing=True
    )


def test_click_fehler_nach_typ_nicht_nach_englischem_text():
    """Der englische Text der Ausnahme spielt keine Rolle: Typ und Attribute entscheiden."""
    from typer._click import exceptions as ausnahmen

    from ozg_foerder.cli.basis import (
        BefehlFehlt,
        UeberzaehligeAngabe,
        UnbekannterBefehl,
        WidersprechendeSchalter,
    )
    from ozg_foerder.cli.fehler import uebersetze_usage_fehler

    ctx = _kontext()
    mit_wert = next(p for p in ctx.command.params if not getattr(p, "is_flag", False))
    schalter = next(p for p in ctx.command.params if getattr(p, "is_flag", False))
    unsinn = "irgendein Text, den Click künftig anders formuliert"
    pfad = f"{ctx.command_path} --help"

    faelle = [
        (ausnahmen.BadOptionUsage(mit_wert.opts[0], unsinn, ctx), "braucht einen Wert"),
        (ausnahmen.BadOptionUsage(schalter.opts[0], unsinn, ctx), "ist ein Schalter"),
        (ausnahmen.NoSuchOption("--xyz", unsinn, ["--xyzw"], ctx), "Unbekannte Option --xyz"),
        (
            UnbekannterBefehl("prgx", ["prgz"], ctx),
            "Unbekannter Befehl „prgx“. Meinten Sie „prgz“?",
        ),
        (UeberzaehligeAngabe(["ja", "nein"], ctx), "Überzählige Angabe „ja nein“"),
        (BefehlFehlt(ctx), "Es fehlt ein Befehl."),
        (WidersprechendeSchalter("--a", "--b", ctx), "--a und --b widersprechen sich"),
        (ausnahmen.MissingParameter(unsinn, ctx, mit_wert), f"Angabe {mit_wert.opts[0]} fehlt"),
    ]
    for fehler, erwartet in faelle:
        text, hilfe = uebersetze_usage_fehler(fehler)
        assert erwartet in text, (type(fehler).__name__, text)
        assert hilfe == pfad
        assert "Did you mean" not in text and "No such" not in text


def test_fehler_ohne_regex_in_cli_fehler():
    text = (PAKET / "cli" / "fehler.py").read_text(encoding="utf-8")
    assert "import re" not in text and "re.search" not in text and "re.match" not in text


def test_kein_argv_lesen_vor_typer():
    """Die Befehle entstehen aus dem Click-Kontext, nicht aus sys.argv oder einer Kopie davon."""
    for pfad in sorted((PAKET / "cli").glob("*.py")):
        baum = syntaxbaum(pfad)
        for k in ast.walk(baum):
            if isinstance(k, ast.Attribute) and k.attr == "argv":
                assert pfad.name == "app.py", pfad  # nur main() reicht sys.argv weiter
        namen = {k.id for k in ast.walk(baum) if isinstance(k, ast.Name)}
        assert not {"AUFRUF", "_KATALOG_FEHLER"} & namen, pfad


def test_check_laedt_nur_was_er_braucht():
    """Bei warmem Regel-Cache: kein YAML, kein openpyxl, nichts von batch, info, regeln-Befehlen,
    Fehlerübersetzung oder Regelprüfung (pydantic lädt Typer selbst, auch in der kleinsten App)."""
    import os
    import subprocess
    import sys

    from conftest import beispielaufruf, regeldaten

    daten = next(iter(regeldaten(REGELN).values()))
    argumente = ["check", daten["id"], *beispielaufruf(daten), "--stichtag", str(daten["stand"])]
    programm = (
        "import sys\n"
        "from ozg_foerder.cli.app import fuehre_aus\n"
        f"code = fuehre_aus({argumente!r})\n"
        "print(code, ' '.join(sorted(sys.modules)))\n"
    )
    for _ in range(2):  # der erste Lauf füllt den Cache
        lauf = subprocess.run(
            [sys.executable, "-c", programm], capture_output=True, text=True, env=os.environ.copy()
        )
    code, module = lauf.stdout.strip().splitlines()[-1].split(" ", 1)
    assert code in ("0", "1"), lauf.stderr
    geladen = set(module.split())
    verboten = {
        "yaml",
        "openpyxl",
        "ozg_foerder.batch",
        "ozg_foerder.cli.batch",
        "ozg_foerder.cli.info",
        "ozg_foerder.cli.regeln",
        "ozg_foerder.cli.fehler",
        "ozg_foerder.regeln.schema",
        "ozg_foerder.regeln.laden",
        "ozg_foerder.regeln.fehler",
        "ozg_foerder.uebersicht",
        "ozg_foerder.testfaelle",
        "ozg_foerder.ausgabe.fristen",
    }
    assert not verboten & geladen
    assert "ozg_foerder.cli.check" in geladen
