"""Startzeit: check lädt weder Word- noch Kalender-Bibliotheken (nur plan/beschlussvorlage)."""

from __future__ import annotations

import json
import subprocess
import sys

SCHWER = ["docx", "docxtpl", "icalendar", "jinja2", "lxml"]

SKRIPT = """
import json, sys
from ozg_foerder.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
geladen = [m for m in %r if m in sys.modules]
sys.stderr.write("GELADEN " + json.dumps(geladen) + "\\n")
"""


def _geladen(*argumente: str) -> list[str]:
    lauf = subprocess.run(
        [sys.executable, "-c", SKRIPT % SCHWER, *argumente],
        capture_output=True,
        text=True,
        check=False,
    )
    zeile = next(z for z in lauf.stderr.splitlines() if z.startswith("GELADEN "))
    return json.loads(zeile.removeprefix("GELADEN "))


def test_check_laedt_keine_dokument_oder_kalenderbibliothek():
    assert _geladen("check", "ikz", "--kommunen", "3", "--stichtag", "2022-03-14") == []


def test_plan_ohne_ics_laedt_keine_kalenderbibliothek():
    assert _geladen("plan", "Mücke", "--stichtag", "2022-03-14") == []


def test_die_probe_sieht_geladene_module(tmp_path):
    # Gegenprobe: plan --ics lädt icalendar – die Prüfung oben kann also anschlagen.
    geladen = _geladen(
        "plan", "Mücke", "--stichtag", "2022-03-14", "--ics", str(tmp_path / "a.ics")
    )
    assert "icalendar" in geladen
