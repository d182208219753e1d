"""Gemeinsames der Kommandozeile: Typer-Klassen mit deutscher Hilfe, Ausgabe, Fehler, Optionen."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from ozg_foerder.eingaben.werte import EingabeFehler

EXIT_OK = 0
EXIT_NICHT_FOERDERFAEHIG = 1
EXIT_EINGABE = 2
EXIT_ABBRUCH = 130

HILFE_TEXT = "Diese Hilfe zeigen und beenden."


def _deutsche_hilfe_option(option: Any) -> Any:
    if option is not None:
        option.help = HILFE_TEXT
        option.metavar = ""
    return option


class Befehl(TyperCommand):
    def get_help_option(self, ctx: Any) -> Any:
        return _deutsche_hilfe_option(super().get_help_option(ctx))


class Gruppe(TyperGroup):
    def get_help_option(self, ctx: Any) -> Any:
        return _deutsche_hilfe_option(super().get_help_option(ctx))


def neue_gruppe(hilfe: str, **kwargs: Any) -> typer.Typer:
    return typer.Typer(
        help=hilfe,
        cls=Gruppe,
        add_completion=False,
        no_args_is_help=True,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
        **kwargs,
    )


def befehl(gruppe: typer.Typer, name: str, **kwargs: Any):
    return gruppe.command(name, cls=Befehl, **kwargs)


# --- gemeinsame Optionen --------------------------------------------------------------------

StichtagOption = Annotated[
    str | None,
    typer.Option(
        "--stichtag",
        help="Datum, an dem geprüft wird (14.03.2022, 2022-03-14 oder heute). Standard: heute.",
        metavar="DATUM",
        show_default=False,
    ),
]
FormatOption = Annotated[
    str,
    typer.Option("--format", help="Ausgabe: text oder json.", metavar="text|json"),
]
ErklaerenOption = Annotated[
    bool,
    typer.Option(
        "--erklaeren",
        help="Zu jeder Zahl und Voraussetzung die Quelle mit Zitat zeigen.",
        metavar="",
    ),
]
RegelnOption = Annotated[
    str | None,
    typer.Option(
        "--regeln",
        help="Eigenes Regelverzeichnis (sonst OZG_FOERDER_REGELN oder die mitgelieferten Regeln).",
        metavar="VERZEICHNIS",
        show_default=False,
    ),
]


# --- Ausgabe ----------------------------------------------------------------------------------


def schreibe(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def schreibe_json(daten: Any) -> None:
    sys.stdout.write(json.dumps(daten, ensure_ascii=False, indent=2) + "\n")


def meldung(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


_ABBRUCH_GEMELDET: list[bool] = []


def abgebrochen(text: str) -> NoReturn:
    """Strg-C, vom Befehl selbst gemeldet (z. B. "keine halbe Datei geschrieben"); Exit 130."""
    meldung(text)
    _ABBRUCH_GEMELDET.append(True)
    raise typer.Exit(EXIT_ABBRUCH)


def abbruch_gemeldet() -> bool:
    return bool(_ABBRUCH_GEMELDET)


AUFRUF: list[str] = []  # die Argumente dieses Aufrufs (für Prüfungen, die Typer nicht kennt)


def neuer_aufruf(argv: list[str]) -> None:
    """Zustand eines vorigen Aufrufs im selben Prozess vergessen (Tests, Python-API)."""
    _ABBRUCH_GEMELDET.clear()
    AUFRUF[:] = argv


def abbruch(text: str, hilfe: str | None = None, code: int = EXIT_EINGABE) -> NoReturn:
    meldung(f"Fehler: {text}")
    if hilfe:
        meldung(f"Hilfe: {hilfe}")
    raise typer.Exit(code)


def eingabefehler(
    fehler: EingabeFehler, hilfe: str | None = None, feldname: str | None = None
) -> NoReturn:
    if feldname:
        fehler.feld = feldname
    abbruch(fehler.meldung(), hilfe)


def pruefe_format(wert: str, erlaubt: tuple[str, ...], befehl_name: str) -> str:
    wert = wert.strip().lower()
    if wert not in erlaubt:
        abbruch(
            f"--format: „{wert}“ ist nicht zulässig. Erlaubt: {', '.join(erlaubt)}",
            f"{befehl_name} --help",
        )
    return wert
