"""``ozg-foerder check <programm>``: ein Befehl je Regeldatei, die Optionen aus ihren Eingaben.

Ein neues Programm in ``rules/`` bekommt so ohne Python-Code seinen Prüfbefehl. Alle Werte
kommen als Text an und werden von :mod:`ozg_foerder.eingaben` gelesen – deutsche Schreibweisen
und deutsche Fehlermeldungen statt Typers englischer Typprüfung.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import typer

from ozg_foerder.cli.basis import (
    AUFRUF,
    EXIT_NICHT_FOERDERFAEHIG,
    EXIT_OK,
    ErklaerenOption,
    FormatOption,
    RegelnOption,
    StichtagOption,
    abbruch,
    befehl,
    eingabefehler,
    neue_gruppe,
    pruefe_format,
    schreibe,
    schreibe_json,
)
from ozg_foerder.eingaben.definition import standard_option
from ozg_foerder.eingaben.werte import EingabeFehler
from ozg_foerder.regeln.katalog import Katalog

_METAVAR = {
    "ganzzahl": "ZAHL",
    "betrag": "BETRAG",
    "anteil": "ANTEIL",
    "datum": "DATUM",
    "auswahl": "WAHL",
    "liste": "LISTE",
    "module": "MODULE",
    "kommune": "NAME|AGS",
}

_FESTE = ("stichtag", "format", "erklaeren", "regeln")


def _parameter(eingabe: dict[str, Any], name: str) -> inspect.Parameter:
    """Eine Eingabe der Regeldatei als Typer-Option."""
    typ = eingabe["typ"]
    option = eingabe.get("option") or standard_option(name)
    hilfe = eingabe["hilfe"]
    werte = eingabe.get("werte", {})
    schalterpaar = typ == "auswahl" and werte and all(w.get("option") for w in werte.values())
    if eingabe.get("beispiel") and typ != "ja_nein" and not schalterpaar:
        hilfe += f" Beispiel: {eingabe['beispiel']}."  # Schalter brauchen kein Beispiel
    if eingabe.get("erforderlich"):
        hilfe += " (erforderlich)"
    if typ == "ja_nein":
        schalter = option + (f"/{eingabe['option_nein']}" if eingabe.get("option_nein") else "")
        annotation: Any = Annotated[
            bool | None, typer.Option(schalter, help=hilfe, metavar="", show_default=False)
        ]
    elif schalterpaar:
        erste, zweite = list(werte.values())[:2]
        hilfe += f" ({erste['text']} oder {zweite['text']})"
        annotation = Annotated[
            bool | None,
            typer.Option(
                f"{erste['option']}/{zweite['option']}", help=hilfe, metavar="", show_default=False
            ),
        ]
    elif typ == "liste":
        hilfe += " Mehrfach angeben oder mit Komma trennen. Erlaubt: " + ", ".join(
            w["text"] for w in werte.values()
        )
        annotation = Annotated[
            list[str] | None,
            typer.Option(option, help=hilfe, metavar=_METAVAR[typ], show_default=False),
        ]
    else:
        if typ == "auswahl":
            hilfe += " Erlaubt: " + ", ".join(werte)
        annotation = Annotated[
            str | None,
            typer.Option(option, help=hilfe, metavar=_METAVAR.get(typ, "WERT"), show_default=False),
        ]
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


def _rohwert(eingabe: dict[str, Any], wert: Any) -> Any:
    """Schalterpaare einer Auswahl (--einzelvorhaben/--gemeinschaftsvorhaben) → Wahl."""
    if eingabe["typ"] == "auswahl" and isinstance(wert, bool):
        erste, zweite = list(eingabe["werte"])[:2]
        return erste if wert else zweite
    return wert


def _schalterpaare(eingaben: dict[str, Any]) -> list[tuple[str, str]]:
    """Schalter, die sich ausschließen: --beschluss/--kein-beschluss, --einzel…/--gemeinschaft…"""
    paare = []
    for e in eingaben.values():
        if e["typ"] == "ja_nein" and e.get("option_nein") and e.get("option"):
            paare.append((e["option"], e["option_nein"]))
        optionen = [w["option"] for w in e.get("werte", {}).values() if w.get("option")]
        if e["typ"] == "auswahl" and len(optionen) == 2:
            paare.append((optionen[0], optionen[1]))
    return paare


def _befehl_fuer(programm_id: str, kompilat: dict[str, Any]):
    eingaben: dict[str, Any] = kompilat.get("eingaben", {})
    paare = _schalterpaare(eingaben)

    def pruefe_befehl(**kwargs: Any) -> None:
        from ozg_foerder.api import katalog, pruefe
        from ozg_foerder.api import programm as hole_programm
        from ozg_foerder.ausgabe.text import als_dict, als_text

        befehl_name = f"ozg-foerder check {programm_id}"
        for ja, nein in paare:  # Typer nähme still den letzten Schalter
            if ja in AUFRUF and nein in AUFRUF:
                abbruch(
                    f"{ja} und {nein} widersprechen sich; bitte nur einen angeben.",
                    f"{befehl_name} --help",
                )
        fmt = pruefe_format(kwargs.pop("format"), ("text", "json"), befehl_name)
        erklaeren = kwargs.pop("erklaeren")
        stichtag = kwargs.pop("stichtag")
        regeln = kwargs.pop("regeln")
        roh = {n: _rohwert(eingaben[n], w) for n, w in kwargs.items() if w is not None}
        try:
            ergebnis = pruefe(programm_id, roh, stichtag=stichtag, regeln=regeln)
        except EingabeFehler as fehler:
            p = hole_programm(programm_id, katalog(regeln))
            e = p.eingaben.get(fehler.feld)
            option = e.option if e is not None else f"--{fehler.feld.replace('_', '-')}"
            eingabefehler(fehler, f"{befehl_name} --help", option)
        if fmt == "json":
            schreibe_json(als_dict(ergebnis))
        else:
            schreibe(als_text(ergebnis, erklaeren))
        raise typer.Exit(
            EXIT_NICHT_FOERDERFAEHIG if ergebnis.ergebnis == "nicht_foerderfaehig" else EXIT_OK
        )

    parameter = [_parameter(e, n) for n, e in eingaben.items()]
    parameter += [
        inspect.Parameter(
            "stichtag", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=StichtagOption
        ),
        inspect.Parameter(
            "format", inspect.Parameter.KEYWORD_ONLY, default="text", annotation=FormatOption
        ),
        inspect.Parameter(
            "erklaeren", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=ErklaerenOption
        ),
        inspect.Parameter(
            "regeln", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=RegelnOption
        ),
    ]
    pruefe_befehl.__signature__ = inspect.Signature(parameter)  # type: ignore[attr-defined]
    pruefe_befehl.__name__ = programm_id.replace("-", "_")
    hilfe = f"{kompilat['name']}.\n\n{kompilat['zweck']}"
    if kompilat.get("beispiel"):
        hilfe += f"\n\nBeispiel: {kompilat['beispiel']}"
    return pruefe_befehl, hilfe


def check_gruppe(katalog: Katalog | None, nur: str | None = None) -> typer.Typer:
    """Die Gruppe ``check`` mit einem Befehl je Programm (oder nur ``nur``, wenn bekannt)."""
    gruppe = neue_gruppe(
        "Ein Förderprogramm für eine Kommune prüfen: förderfähig, offen oder nicht förderfähig, "
        "mit Betrag und Quellen. Exit 0 = förderfähig/offen, 1 = nicht förderfähig, "
        "2 = Eingabefehler.\n\nBeispiel: ozg-foerder check ikz --kommunen 4 --einsparung 0.18"
    )
    if katalog is None:
        return gruppe
    for programm_id in [nur] if nur else katalog.ids:
        funktion, hilfe = _befehl_fuer(programm_id, katalog.kompilat(programm_id))
        kurz = katalog.kompilat(programm_id)["name"]
        befehl(gruppe, programm_id, help=hilfe, short_help=kurz)(funktion)
    return gruppe


__all__ = ["check_gruppe"]
