"""``ozg-foerder check <programm>``: ein Befehl je Regeldatei, die Optionen aus ihren Eingaben.

Ein neues Programm in ``rules/`` bekommt so ohne Python-Code seinen Prüfbefehl. Alle Werte
kommen als Text an und werden von :mod:`ozg_foerder.eingaben` gelesen – deutsche Schreibweisen
und deutsche Fehlermeldungen statt Typers englischer Typprüfung.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Annotated, Any

import typer

from ozg_foerder.cli.basis import (
    EXIT_NICHT_FOERDERFAEHIG,
    EXIT_OK,
    ErklaerenOption,
    FormatOption,
    Gruppe,
    RegelnOption,
    StichtagOption,
    UnbekannterBefehl,
    abbruch,
    befehl,
    eingabefehler,
    klick_befehl,
    neue_gruppe,
    pruefe_format,
    schreibe,
    schreibe_json,
    wurzel_regeln,
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
        hilfe += f" Auch: {option} ja|nein."
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


_KOMMUNE_ARGUMENT = "kommune_als_argument"


def kommune_argument(eingaben: dict[str, Any]) -> inspect.Parameter | None:
    """``check modellkommune Wanfried``: hat das Programm genau eine Kommunen-Eingabe, darf
    die Kommune auch das erste Argument sein (wie bei ``kommunen`` und ``uebersicht``)."""
    namen = [n for n, e in eingaben.items() if e["typ"] == "kommune"]
    if len(namen) != 1:
        return None
    option = eingaben[namen[0]].get("option") or standard_option(namen[0])
    annotation = Annotated[
        str | None,
        typer.Argument(
            help=f"Die Kommune, wie {option} (Name oder AGS).",
            metavar="[KOMMUNE]",
            show_default=False,
        ),
    ]
    return inspect.Parameter(
        _KOMMUNE_ARGUMENT,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=None,
        annotation=annotation,
    )


def uebernimm_kommune(eingaben: dict[str, Any], kwargs: dict[str, Any], befehl_name: str) -> None:
    """Das Argument KOMMUNE in die Kommunen-Eingabe (beides nur, wenn es dieselbe ist)."""
    argument = kwargs.pop(_KOMMUNE_ARGUMENT, None)
    if argument is None:
        return
    name = next(n for n, e in eingaben.items() if e["typ"] == "kommune")
    option = eingaben[name].get("option") or standard_option(name)
    if kwargs.get(name) is not None and str(kwargs[name]).strip().casefold() != (
        argument.strip().casefold()
    ):
        abbruch(
            f"Zwei Kommunen angegeben: „{argument}“ und {option} „{kwargs[name]}“; bitte nur eine.",
            f"{befehl_name} --help",
        )
    kwargs[name] = argument


def _befehl_fuer(programm_id: str, kompilat: dict[str, Any]):
    eingaben: dict[str, Any] = kompilat.get("eingaben", {})
    paare = _schalterpaare(eingaben)
    argument = kommune_argument(eingaben)

    def pruefe_befehl(**kwargs: Any) -> None:
        from ozg_foerder.api import katalog, pruefe
        from ozg_foerder.api import programm as hole_programm
        from ozg_foerder.ausgabe.text import als_dict, als_text

        befehl_name = f"ozg-foerder check {programm_id}"
        fmt = pruefe_format(kwargs.pop("format"), ("text", "json"), befehl_name)
        erklaeren = kwargs.pop("erklaeren")
        stichtag = kwargs.pop("stichtag")
        regeln = kwargs.pop("regeln")
        uebernimm_kommune(eingaben, kwargs, befehl_name)
        roh = {n: _rohwert(eingaben[n], w) for n, w in kwargs.items() if w is not None}
        try:
            ergebnis = pruefe(programm_id, roh, stichtag=stichtag, regeln=regeln)
        except EingabeFehler as fehler:
            p = hole_programm(programm_id, katalog(regeln))
            e = p.eingaben.get(fehler.feld)
            option = e.option if e is not None else f"--{fehler.feld.replace('_', '-')}"
            eingabefehler(fehler, f"{befehl_name} --help", option)
        regelsatz = katalog(regeln).regelsatz()
        if fmt == "json":
            schreibe_json({**als_dict(ergebnis), "regeln": regelsatz})
        else:
            from ozg_foerder.ausgabe.regelsatz import regelsatz_text

            # vor dem letzten Absatz (dem wiederholten Ergebnis, das nach 24 Zeilen sichtbar bleibt)
            text = als_text(ergebnis, erklaeren).rstrip("\n")
            vorn, _, schluss = text.rpartition("\n\n")
            regel = regelsatz_text(regelsatz)
            schreibe(f"{vorn}\n\n{regel}\n\n{schluss}" if vorn else f"{text}\n\n{regel}")
        raise typer.Exit(
            EXIT_NICHT_FOERDERFAEHIG if ergebnis.ergebnis == "nicht_foerderfaehig" else EXIT_OK
        )

    parameter = [argument] if argument is not None else []
    parameter += [_parameter(e, n) for n, e in eingaben.items()]
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
    return pruefe_befehl, hilfe, paare


def baue_pruefbefehl(programm_id: str, kompilat: dict[str, Any]) -> Any:
    """Der Click-Befehl ``check <programm_id>``, gebaut aus dem Kompilat der Regeldatei."""
    funktion, hilfe, paare = _befehl_fuer(programm_id, kompilat)
    app = neue_gruppe("")
    befehl(app, programm_id, help=hilfe, short_help=kompilat["name"])(funktion)
    klick = klick_befehl(app, programm_id)
    klick.ausschliessend = tuple(paare)
    return klick


def _nur_regeln(regeln: RegelnOption = None) -> None:
    """Liest aus den Argumenten eines Prüfbefehls nur ``--regeln`` (alles andere bleibt liegen)."""


@cache
def _vorab() -> Any:
    """Ein Befehl, der nur ``--regeln`` kennt und alle übrigen Angaben liegen lässt."""
    app = neue_gruppe("")
    befehl(
        app,
        "vorab",
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
        add_help_option=False,
    )(_nur_regeln)
    return klick_befehl(app, "vorab")


class ProgrammGruppe(Gruppe):
    """``check``: je Programm des Regelverzeichnisses ein Befehl, gebaut erst bei Bedarf.

    Das Regelverzeichnis kommt aus dem Aufruf: ``--regeln`` am Prüfbefehl, sonst das vor dem
    Befehl bzw. aus ``OZG_FOERDER_REGELN`` (Wurzel-Kontext). ``--help`` listet alle Programme.
    """

    def _katalog(self, regeln: str | None) -> Katalog:
        from ozg_foerder.api import katalog

        return katalog(regeln)

    def _ids(self, regeln: str | None) -> list[str]:
        """Die Programme, für die diese Gruppe Befehle hat."""
        return self._katalog(regeln).ids

    def list_commands(self, ctx: Any) -> list[str]:
        return self._ids(wurzel_regeln(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return self._baue(cmd_name, wurzel_regeln(ctx))

    def _baue(self, programm_id: str, regeln: str | None) -> Any:
        kat = self._katalog(regeln)
        if programm_id not in kat:
            return None
        return baue_pruefbefehl(programm_id, kat.kompilat(programm_id))

    def _id_zum_namen(self, name: str, regeln: str | None) -> str:
        """``check IKZ``: Programmnamen ohne Rücksicht auf Groß- und Kleinschreibung."""
        ids = self._ids(regeln)
        if name in ids:
            return name
        return next((i for i in ids if i.casefold() == name.casefold()), name)

    def _regeln_des_befehls(self, ctx: Any, args: list[str]) -> str | None:
        """``--regeln`` hinter dem Programmnamen: von Click gelesen, bevor der Befehl entsteht
        (seine Optionen hängen von den Regeln ab)."""
        vorab = _vorab()
        try:
            with vorab.make_context("vorab", list(args), parent=ctx, resilient_parsing=True) as v:
                return v.params.get("regeln")
        except (typer.Exit, Exception):
            return None  # den Fehler meldet gleich das Lesen durch den echten Befehl

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str, Any, list[str]]:
        name, rest = args[0], args[1:]
        regeln = self._regeln_des_befehls(ctx, rest) or wurzel_regeln(ctx)
        name = self._id_zum_namen(name, regeln)
        klick = self._baue(name, regeln)
        if klick is None:
            raise UnbekannterBefehl(name, self._ids(regeln), ctx)
        return name, klick, rest


_HILFE = (
    "Ein Förderprogramm für eine Kommune prüfen: förderfähig, offen oder nicht förderfähig, "
    "mit Betrag und Quellen. Exit 0 = förderfähig/offen, 1 = nicht förderfähig, "
    "2 = Eingabefehler.\n\nBeispiel: ozg-foerder check ikz --kommunen 4 --einsparung 0.18"
)


def check_gruppe() -> ProgrammGruppe:
    """Die Gruppe ``check`` (Click), ihre Befehle entstehen aus den Regeldateien."""
    return ProgrammGruppe(
        name="check",
        help=_HILFE,
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


__all__ = ["ProgrammGruppe", "baue_pruefbefehl", "check_gruppe"]
