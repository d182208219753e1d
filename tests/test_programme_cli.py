"""Die Prüfbefehle aller Programme: Optionen, JSON-Vertrag, Exit-Codes, Hinweise, Kontakt.

Was ein Test über ein Programm wissen muss (Beispielwerte, Kontakt, Stand), liest er aus dessen
Regeldatei; so gilt jeder Test auch für ein neues Programm (hier: das erfundene unter
tests/fixtures/minimal, das mit ``--regeln`` dazukommt).
"""

import json
from datetime import date, timedelta

import pytest

from conftest import MINIMAL, REGELN, beispielaufruf, regeldaten

PROGRAMME = [
    pytest.param(verzeichnis, daten, id=daten["id"])
    for verzeichnis in (REGELN, MINIMAL)
    for daten in regeldaten(verzeichnis).values()
]


def _check(cli, verzeichnis, daten, *argumente):
    regeln = [] if verzeichnis == REGELN else ["--regeln", verzeichnis]
    return cli("check", daten["id"], *beispielaufruf(daten), *argumente, *regeln)


def _stand(daten) -> date:
    stand = daten["stand"]
    return stand if isinstance(stand, date) else date.fromisoformat(str(stand))


def test_jedes_programm_hat_einen_check_befehl(cli):
    """``check --help`` listet die Programme des Regelverzeichnisses dieses Aufrufs."""
    mitgeliefert, erfunden = set(regeldaten(REGELN)), set(regeldaten(MINIMAL))
    assert mitgeliefert and erfunden and not mitgeliefert & erfunden
    for vorne, da, nicht_da in (
        ([], mitgeliefert, erfunden),
        (["--regeln", MINIMAL], erfunden, mitgeliefert),
    ):
        hilfe = cli(*vorne, "check", "--help", env={"COLUMNS": "200"})
        befehle = hilfe.out.split("Befehle")[1]
        zeilen = [z.strip("│ ").split() for z in befehle.splitlines()]
        erste = {z[0] for z in zeilen if z}
        assert da <= erste and not nicht_da & erste, hilfe.out


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_json_vertrag_fuer_jedes_programm(cli, verzeichnis, daten):
    stichtag = _stand(daten).isoformat()
    lauf = _check(cli, verzeichnis, daten, "--format", "json", "--stichtag", stichtag)
    daten_json = json.loads(lauf.out)
    assert lauf.code == (1 if daten_json["ergebnis"] == "nicht_foerderfaehig" else 0), lauf.err
    assert daten_json["programm"] == daten["id"]
    assert daten_json["stichtag"] == stichtag
    assert daten_json["ergebnis"] in ("foerderfaehig", "offen", "nicht_foerderfaehig")
    assert daten_json["betrag"] is None or (
        daten_json["betrag"].count(".") == 1 and len(daten_json["betrag"].split(".")[1]) == 2
    )
    assert daten_json["regeln_stand"] == stichtag
    for k in daten_json["kriterien"]:
        assert k["status"] in ("erfuellt", "nicht_erfuellt", "offen") and k["quelle"]
    kontakt = daten["kontakt"][0]["wert"]
    assert any(kontakt in k["wert"] for k in daten_json["kontakt"])
    assert "kein Förderbescheid" in daten_json["haftung"]


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_text_nennt_kontakt_und_dass_es_eine_schaetzung_ist(cli, verzeichnis, daten):
    lauf = _check(cli, verzeichnis, daten, "--stichtag", _stand(daten).isoformat())
    for kontakt in daten["kontakt"]:
        assert kontakt["wert"] in lauf.flach
    assert "Unverbindliche Schätzung" in lauf.out and "kein Förderbescheid" in lauf.out


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_hinweis_auf_alte_zahlen_nach_einem_jahr(cli, verzeichnis, daten):
    stand = _stand(daten)
    spaeter = (stand + timedelta(days=400)).isoformat()
    alt = _check(cli, verzeichnis, daten, "--stichtag", spaeter, "--format", "json")
    neu = _check(cli, verzeichnis, daten, "--stichtag", stand.isoformat(), "--format", "json")
    assert any("aktuelle Förderrichtlinie" in h for h in json.loads(alt.out)["hinweise"])
    assert not any("aktuelle Förderrichtlinie" in h for h in json.loads(neu.out)["hinweise"])


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_hilfe_mit_beispiel(cli, verzeichnis, daten):
    lauf = cli("check", daten["id"], "--help", "--regeln", verzeichnis)
    assert lauf.code == 0
    assert f"Beispiel: ozg-foerder check {daten['id']}" in " ".join(lauf.out.split())


def _json(cli, *argumente):
    lauf = cli("check", *argumente, "--format", "json")
    return lauf.code, json.loads(lauf.out) if lauf.out else None, lauf.err


# --- Eingaben, wie Menschen sie tippen: am erfundenen Testprogramm (jede Art von Eingabe) ------

MUSTER = regeldaten(MINIMAL)["musterfoerderung"]
IM_ZEITRAUM = ["--stichtag", "2024-06-03", "--regeln", MINIMAL]


def _muster(cli, *argumente):
    return _json(cli, "musterfoerderung", "--kommune", "Wetzlar", *argumente, *IM_ZEITRAUM)


def _werte(name: str) -> dict:
    return MUSTER["eingaben"][name]["werte"]


def test_liste_mehrfach_oder_mit_komma_und_schalterpaar(cli):
    themen = list(_werte("themen"))
    texte = [_werte("themen")[t]["text"] for t in themen]
    code, d, _ = _muster(
        cli, "--stellen", "3", "--zusage", "--thema", texte[1], "--thema", texte[2], "--gemeinsam"
    )
    assert code == 0 and d["ergebnis"] == "foerderfaehig"
    assert d["eingaben"]["themen"] == themen[1:3]
    assert d["eingaben"]["vorgehen"] == "gemeinsam"
    _code, d, _ = _muster(cli, "--stellen", "3", "--thema", f"{texte[0]}, {texte[1]}", "--allein")
    assert d["eingaben"]["themen"] == themen[:2]
    assert d["eingaben"]["vorgehen"] == "allein"
    allein = next(h for h in MUSTER["hinweise"] if h.get("wenn", {}).get("gleich") == "allein")
    assert any(allein["text"].split(":")[0] in h for h in d["hinweise"])


def test_unbekannter_listenwert_nennt_die_gueltigen(cli):
    lauf = cli("check", "musterfoerderung", "--stellen", "3", "--thema", "Gartenbau", *IM_ZEITRAUM)
    assert lauf.code == 2 and "--thema" in lauf.err
    for wahl in _werte("themen").values():
        assert wahl["text"] in lauf.err


def test_ausserhalb_des_zeitraums_nennt_die_daten(cli):
    from ozg_foerder.eingaben.werte import formatiere_datum

    von, bis = MUSTER["gueltigkeit"]["von"], MUSTER["gueltigkeit"]["bis"]
    nachher = (bis + timedelta(days=1)).isoformat()
    lauf = cli(
        "check", "musterfoerderung", "--kommune", "Wetzlar", "--stellen", "3",
        "--stichtag", nachher, "--regeln", MINIMAL,
    )  # fmt: skip
    assert lauf.code == 1
    assert f"{formatiere_datum(von)} – {formatiere_datum(bis)}" in lauf.flach
    assert f"endete am {formatiere_datum(bis)}" in lauf.flach


def test_kommune_unbekannt_und_mehrdeutig_exit_2(cli):
    unbekannt = cli(
        "check", "musterfoerderung", "--kommune", "Wetzler", "--stellen", "3", *IM_ZEITRAUM
    )
    assert unbekannt.code == 2 and "Meinten Sie: Wetzlar" in unbekannt.err
    mehrdeutig = cli(
        "check", "musterfoerderung", "--kommune", "Lautertal", "--stellen", "3", *IM_ZEITRAUM
    )
    assert (
        mehrdeutig.code == 2
        and "Lautertal (Odenwald)" in mehrdeutig.err
        and "Lautertal (Vogelsberg)" in mehrdeutig.err
    )


def test_stadt_kassel_ausdruecklich_ohne_landkreis_hinweis(cli):
    _, d, _ = _json(
        cli, "musterfoerderung", "--kommune", "Stadt Kassel", "--stellen", "3", *IM_ZEITRAUM
    )
    assert not any("Landkreis Kassel" in h for h in d["hinweise"])
    _, d, _ = _json(cli, "musterfoerderung", "--kommune", "Kassel", "--stellen", "3", *IM_ZEITRAUM)
    assert any("Landkreis Kassel" in h for h in d["hinweise"])


# --- Was je Programm in der Regeldatei steht, steht auch in der Ausgabe ------------------------


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_checklisten_und_kurzquellen(cli, verzeichnis, daten):
    """Jede Checkliste der Regeldatei erscheint; eine Kurzquelle nennt eine Stelle nur einmal."""
    stichtag = _stand(daten).isoformat()
    lauf = _check(cli, verzeichnis, daten, "--format", "json", "--stichtag", stichtag)
    d = json.loads(lauf.out)
    assert [c["id"] for c in d.get("checklisten", [])] == [
        c["id"] for c in daten.get("checklisten", [])
    ]
    for k in d["kriterien"]:
        teile = k["quelle"].split("; ")
        assert len(teile) == len(set(teile)), k
        assert len(k["quellen"]) >= len(teile)


def _module_programme():
    return [p for p in PROGRAMME if p.values[1].get("module")]


def _modul_eingabe(daten) -> str:
    name, e = next((n, e) for n, e in daten["eingaben"].items() if e["typ"] == "module")
    return e.get("option") or f"--{name}"


@pytest.mark.parametrize(("verzeichnis", "daten"), _module_programme())
def test_unmoegliche_module_exit_2(cli, verzeichnis, daten):
    nummern = [m["nr"] for m in daten["module"]]
    # zwei Module, die sich ein Kontingent teilen und sonst keines haben: nie beide förderbar
    exklusiv = next(
        k["module"][:2]
        for k in daten["kontingente"]
        if len(k["module"]) >= 2
        and all(sum(m in j["module"] for j in daten["kontingente"]) == 1 for m in k["module"][:2])
    )
    option = _modul_eingabe(daten)
    faelle = [
        (f"{exklusiv[0]},{exklusiv[1]}", f"{exklusiv[0]} und {exklusiv[1]}"),
        (f"{nummern[0]},{nummern[0]}", "doppelt"),
        (str(max(nummern) + 1), f"Modul {max(nummern) + 1}"),
        ("eins", "keine Modulnummer"),
    ]
    for wert, teil in faelle:
        lauf = cli("check", daten["id"], option, wert, "--regeln", verzeichnis)
        assert lauf.code == 2, wert
        assert teil in lauf.err and option in lauf.err
        assert lauf.out == "" and lauf.err.startswith("Fehler: ")
        assert "Hilfe: ozg-foerder" in lauf.err and "Traceback" not in lauf.err


@pytest.mark.parametrize(("verzeichnis", "daten"), _module_programme())
def test_erklaeren_zeigt_inhalte_und_zielgruppen_der_module(cli, verzeichnis, daten):
    stichtag = ["--stichtag", _stand(daten).isoformat(), "--regeln", verzeichnis]
    mit = cli("check", daten["id"], *beispielaufruf(daten), "--erklaeren", *stichtag)
    ohne = cli("check", daten["id"], *beispielaufruf(daten), *stichtag)
    erklaert = " ".join(mit.out.split())
    for modul in daten["module"]:
        for feld, wort in (("inhalte", "Inhalte"), ("zielgruppen", "Zielgruppe")):
            if modul.get(feld):
                assert f"{wort}: {modul[feld][0]}" in erklaert, (modul["nr"], feld)
    assert "Inhalte:" not in ohne.out
    for kontingent in daten["kontingente"]:
        assert f"{kontingent['id']} {kontingent['name']}" in erklaert


@pytest.mark.parametrize(("verzeichnis", "daten"), _module_programme())
def test_fristen_der_module_tragen_die_quelle_ihres_kontingents(cli, verzeichnis, daten):
    """GUIDE §1.4/§2.3: die Frist eines Moduls steht mit der Quelle seines Kontingents."""
    stichtag = ["--stichtag", _stand(daten).isoformat(), "--regeln", verzeichnis]
    _, d, _ = _json(cli, daten["id"], *beispielaufruf(daten), *stichtag)
    kontingente = {k["id"]: k for k in daten["kontingente"]}
    geprueft = 0
    for modul in d["module"]:
        if modul["kontingent"] is None:
            continue
        k = kontingente[modul["kontingent"]]
        assert modul["frist"] == str(k["bis"])
        quellen = k["quelle"] if isinstance(k["quelle"], list) else [k["quelle"]]
        assert len(modul["kontingent_quellen"]) == len(quellen)
        anmerkungen = [daten["quellen"][q].get("anmerkung") for q in quellen]
        assert [q.get("anmerkung") for q in modul["kontingent_quellen"]] == anmerkungen
        geprueft += 1
    assert geprueft


@pytest.mark.parametrize("kommune", [b"Wetzlar", ["Wetzlar"], True, {"a": 1}])
def test_api_kommune_falscher_typ_ist_eingabefehler(kommune):
    from ozg_foerder import EingabeFehler, pruefe

    with pytest.raises(EingabeFehler):
        pruefe(
            "musterfoerderung", {"kommune": kommune, "stellen": 3}, stichtag="2024-06-03",
            regeln=MINIMAL,
        )  # fmt: skip


def test_api_kommune_als_zahl():
    from decimal import Decimal

    from ozg_foerder import pruefe

    for ags in (6414000, Decimal("6414000"), 6414000.0, "06414000"):
        e = pruefe(
            "musterfoerderung", {"kommune": ags, "stellen": 3}, stichtag="2024-06-03",
            regeln=MINIMAL,
        )  # fmt: skip
        assert e.kommune.name == "Wiesbaden"
