"""plan --ics und fristen --ics: ganztägige Termine, Erinnerung vier Wochen vorher, Quelle in der
Beschreibung, stabile UIDs (aus Programm, Frist und Kommune – nie zufällig)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from icalendar import Calendar

from ozg_foerder.api import katalog
from ozg_foerder.ausgabe.fristen import sammle_fristen


def _termine(pfad):
    kalender = Calendar.from_ical(pfad.read_bytes())
    return [k for k in kalender.walk("VEVENT")]


def test_plan_ics_liest_sich_zurueck_mit_stabilen_uids(cli, tmp_path):
    argumente = ["plan", "Mücke", "--stichtag", "2022-06-01", "--format", "json"]
    erster = cli(*argumente, "--ics", tmp_path / "a.ics")
    zweiter = cli(*argumente, "--ics", tmp_path / "b.ics")
    assert erster.code == zweiter.code == 0, erster.err
    a, b = _termine(tmp_path / "a.ics"), _termine(tmp_path / "b.ics")
    assert a and [str(t["UID"]) for t in a] == [str(t["UID"]) for t in b]
    assert len({str(t["UID"]) for t in a}) == len(a)

    # je Schritt mit Frist ein Termin (bei einer Wahl nur die beste), am Tag der Frist
    schritte = json.loads(erster.out)["schritte"]
    erwartet = [s["bis"] for s in schritte if s["bis"] and (s["rang"] or 1) == 1]
    assert [t.decoded("DTSTART").isoformat() for t in a] == erwartet
    for t in a:
        start, ende = t.decoded("DTSTART"), t.decoded("DTEND")
        assert type(start) is date and ende == start + timedelta(days=1)  # ganztägig
        alarme = t.walk("VALARM")
        assert len(alarme) == 1
        assert alarme[0].decoded("TRIGGER") == -timedelta(weeks=4)
        assert "Quelle: " in str(t["DESCRIPTION"])
    assert f"{len(a)} Termine nach" in erster.err


def test_uid_haengt_an_der_kommune_nicht_am_lauf(cli, tmp_path):
    cli("plan", "Mücke", "--stichtag", "2022-06-01", "--ics", tmp_path / "m.ics")
    cli("plan", "Grünberg", "--stichtag", "2022-06-01", "--ics", tmp_path / "g.ics")
    cli("plan", "Mücke", "--stichtag", "2022-09-01", "--ics", tmp_path / "m2.ics")
    m = {str(t["UID"]) for t in _termine(tmp_path / "m.ics")}
    g = {str(t["UID"]) for t in _termine(tmp_path / "g.ics")}
    m2 = {str(t["UID"]) for t in _termine(tmp_path / "m2.ics")}
    assert not m & g  # andere Kommune, andere Termine
    assert m == m2  # späterer Stichtag, dieselben Fristen: dieselben Termine (Aktualisierung)


def test_fristen_ics(cli, tmp_path):
    lauf = cli("fristen", "--stichtag", "2022-03-14", "--ics", tmp_path / "f.ics")
    assert lauf.code == 0, lauf.err
    termine = _termine(tmp_path / "f.ics")
    fristen = [
        f
        for f in sammle_fristen(katalog().programme())
        if f.bis is not None and f.bis >= date(2022, 3, 14)
    ]
    assert sorted(t.decoded("DTSTART") for t in termine) == sorted(f.bis for f in fristen)
    assert all("Quelle: " in str(t["DESCRIPTION"]) for t in termine)
    wieder = cli("fristen", "--stichtag", "2022-03-14", "--ics", tmp_path / "f2.ics")
    assert wieder.code == 0
    assert [str(t["UID"]) for t in termine] == [
        str(t["UID"]) for t in _termine(tmp_path / "f2.ics")
    ]


def test_ics_in_fehlendes_verzeichnis_ist_ein_eingabefehler(cli, tmp_path):
    lauf = cli("fristen", "--ics", tmp_path / "gibt" / "es" / "nicht.ics")
    assert lauf.code == 2
    assert lauf.err.startswith("Fehler:") and "Traceback" not in lauf.err
