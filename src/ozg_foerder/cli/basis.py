"""Gemeinsames der Kommandozeile: Typer-Klassen mit deutscher Hilfe, Ausgabe, Fehler, Optionen.

Kein Zustand zwischen Aufrufen: Das Regelverzeichnis kommt als Parameter (``--regeln`` am Befehl,
vor dem Befehl oder aus ``OZG_FOERDER_REGELN``, das nur :func:`ozg_foerder.cli.app.main` liest)
und wird über den Click-Kontext des Aufrufs weitergereicht, nie über Modulvariablen.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any, NamedTuple, NoReturn

import typer
from typer._click import exceptions as _ausnahmen
from typer.core import TyperCommand, TyperGroup

from ozg_foerder.eingaben.abbruch import Beendet, melde_signal, vergiss_signal
from ozg_foerder.eingaben.sichtbar import sichtbar
from ozg_foerder.eingaben.werte import EingabeFehler

EXIT_OK = 0
EXIT_NICHT_FOERDERFAEHIG = 1
EXIT_EINGABE = 2
EXIT_ABBRUCH = 130

HILFE_TEXT = "Diese Hilfe zeigen und beenden."


# --- Aufruffehler mit eigenem Typ (die deutsche Meldung macht cli.fehler daraus) ----------------


class UnbekannterBefehl(_ausnahmen.UsageError):
    def __init__(self, name: str, bekannt: list[str], ctx: Any) -> None:
        super().__init__(f"No such command {name!r}.", ctx)
        self.name = name
        self.bekannt = bekannt


class UeberzaehligeAngabe(_ausnahmen.UsageError):
    def __init__(self, angaben: list[str], ctx: Any) -> None:
        super().__init__(f"Got unexpected extra argument(s) ({' '.join(angaben)})", ctx)
        self.angaben = angaben


class BefehlFehlt(_ausnahmen.UsageError):
    def __init__(self, ctx: Any) -> None:
        super().__init__("Missing command.", ctx)


class WidersprechendeSchalter(_ausnahmen.UsageError):
    def __init__(self, ja: str, nein: str, ctx: Any) -> None:
        super().__init__(f"{ja} and {nein} contradict each other.", ctx)
        self.ja = ja
        self.nein = nein


class Abgebrochen(Exception):
    """Strg-C, vom Befehl schon gemeldet (z. B. "keine halbe Datei geschrieben"): Exit 130."""

    def __init__(self, text: str, code: int = EXIT_ABBRUCH) -> None:
        super().__init__(text)
        self.code = code


def abbruch_grund(fehler: BaseException) -> str:
    """„Strg-C“ oder der Name des Signals (SIGTERM, SIGHUP), für die Meldung."""
    return fehler.name if isinstance(fehler, Beendet) else "Strg-C"


def abbruch_code(fehler: BaseException) -> int:
    return 128 + fehler.signal_nr if isinstance(fehler, Beendet) else EXIT_ABBRUCH


def signale_abfangen() -> Callable[[], None]:
    """SIGTERM und SIGHUP werfen :class:`Beendet` (nur am Rand, in ``main``): So laufen die
    Aufräumpfade wie bei Strg-C; ein zweites Signal während des Aufräumens wird übergangen.

    Gibt eine Funktion zurück, die die vorigen Behandlungen wiederherstellt."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    vorher = {
        getattr(signal, name): signal.getsignal(getattr(signal, name))
        for name in ("SIGTERM", "SIGHUP")
        if hasattr(signal, name)
    }

    def zurueck() -> None:
        vergiss_signal()
        for nummer, behandlung in vorher.items():
            if behandlung is not None:
                signal.signal(nummer, behandlung)

    def behandle(nummer: int, _rahmen: Any) -> None:
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        raise melde_signal(nummer, signal.Signals(nummer).name)

    for nummer in vorher:
        signal.signal(nummer, behandle)
    return zurueck


# --- Typer-Klassen ----------------------------------------------------------------------------


def _deutsche_hilfe_option(option: Any) -> Any:
    if option is not None:
        option.help = HILFE_TEXT
        option.metavar = ""
    return option


def _deutsche_ueberschriften() -> None:
    """Überschriften der Typer-Hilfe auf Deutsch (erst, wenn Hilfe gezeigt wird)."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumente"
    rich_utils.OPTIONS_PANEL_TITLE = "Optionen"
    rich_utils.COMMANDS_PANEL_TITLE = "Befehle"
    rich_utils.ERRORS_PANEL_TITLE = "Fehler"
    rich_utils.REQUIRED_LONG_STRING = "[erforderlich]"
    rich_utils.DEFAULT_STRING = "[Standard: {}]"


def _mit_kontext(fehler: _ausnahmen.UsageError, ctx: Any) -> None:
    """Click meldet manche Fehler des Parsers ohne Kontext; die Hilfe braucht den Befehl."""
    if fehler.ctx is None:
        fehler.ctx = ctx
        fehler.cmd = ctx.command


class Befehl(TyperCommand):
    """Ein Befehl mit deutscher Hilfe; Aufruffehler als eigene Typen.

    ``ausschliessend``: Schalterpaare, die sich widersprechen (Typer nähme still den letzten).
    """

    ausschliessend: tuple[tuple[str, str], ...] = ()

    def get_help_option(self, ctx: Any) -> Any:
        return _deutsche_hilfe_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _deutsche_ueberschriften()
        super().format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        for ja, nein in self.ausschliessend:
            if ja in args and nein in args:
                raise WidersprechendeSchalter(ja, nein, ctx)
        erlaubt = ctx.allow_extra_args
        ctx.allow_extra_args = True  # überzählige Angaben selbst melden (mit eigenem Typ)
        try:
            rest = super().parse_args(ctx, args)
        except _ausnahmen.UsageError as fehler:
            _mit_kontext(fehler, ctx)
            raise
        finally:
            ctx.allow_extra_args = erlaubt
        if rest and not erlaubt and not ctx.resilient_parsing:
            raise UeberzaehligeAngabe(rest, ctx)
        return rest


class Gruppe(TyperGroup):
    """Eine Gruppe mit deutscher Hilfe, deren Befehle erst bei Bedarf gebaut werden.

    ``fabriken``: Name → Funktion, die den Click-Befehl baut. So kostet ``check ikz`` nicht den
    Aufbau aller übrigen Befehle, und ``--help`` listet trotzdem alle.
    """

    def __init__(self, *, fabriken: dict[str, Callable[[], Any]] | None = None, **kw: Any):
        super().__init__(**kw)
        self.fabriken = dict(fabriken or {})

    def get_help_option(self, ctx: Any) -> Any:
        return _deutsche_hilfe_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _deutsche_ueberschriften()
        super().format_help(ctx, formatter)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(n for n in self.fabriken if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self.fabriken:
            self.commands[cmd_name] = self.fabriken[cmd_name]()
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except _ausnahmen.UsageError as fehler:
            _mit_kontext(fehler, ctx)
            raise

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str, Any, list[str]]:
        name = args[0]
        befehl = self.get_command(ctx, name)
        if befehl is None:
            raise UnbekannterBefehl(name, self.list_commands(ctx), ctx)
        return name, befehl, args[1:]

    def invoke(self, ctx: Any) -> Any:
        if not ctx._protected_args and not ctx.args and not self.invoke_without_command:
            raise BefehlFehlt(ctx)
        return super().invoke(ctx)


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


def klick_befehl(typer_app: typer.Typer, name: str) -> Any:
    """Den Click-Befehl ``name`` aus einer Typer-App bauen (nur diesen)."""
    from typer.main import get_command_from_info

    for info in typer_app.registered_commands:
        if info.name == name:
            return get_command_from_info(
                info,
                pretty_exceptions_short=typer_app.pretty_exceptions_short,
                rich_markup_mode=typer_app.rich_markup_mode,
            )
    raise KeyError(name)


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


class Vorgaben(NamedTuple):
    """Was main() am Rand liest und als ``obj`` in den Click-Kontext des Aufrufs gibt."""

    regeln: str | None = None  # OZG_FOERDER_REGELN


def wurzel_regeln(ctx: Any) -> str | None:
    """``--regeln`` vor dem Befehl, sonst ``OZG_FOERDER_REGELN`` (aus den Vorgaben von main())."""
    wurzel = ctx.find_root()
    if wurzel.params.get("regeln"):
        return wurzel.params["regeln"]
    return wurzel.obj.regeln if isinstance(wurzel.obj, Vorgaben) else None


def _regeln_von_oben(ctx: typer.Context, wert: str | None) -> str | None:
    """``--regeln`` am Befehl gilt; sonst das vor dem Befehl (bzw. aus der Umgebung)."""
    if wert:
        return wert
    return wurzel_regeln(ctx) if ctx.parent is not None else None


RegelnOption = Annotated[
    str | None,
    typer.Option(
        "--regeln",
        help="Eigenes Regelverzeichnis (sonst OZG_FOERDER_REGELN oder die mitgelieferten Regeln).",
        metavar="VERZEICHNIS",
        show_default=False,
        callback=_regeln_von_oben,
    ),
]


# --- Ausgabe ----------------------------------------------------------------------------------


def schreibe(text: str) -> None:
    text = sichtbar(text)  # Text für Menschen: keine Steuerzeichen aus Eingaben ins Terminal
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def schreibe_json(daten: Any) -> None:
    sys.stdout.write(json.dumps(daten, ensure_ascii=False, indent=2) + "\n")


def meldung(text: str) -> None:
    text = sichtbar(text)  # ein ESC aus einer Zelle oder Option steuert nie das Terminal
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def abgebrochen(text: str, code: int = EXIT_ABBRUCH) -> NoReturn:
    """Strg-C, vom Befehl selbst gemeldet (z. B. "keine halbe Datei geschrieben"); Exit 130
    (bei SIGTERM/SIGHUP 128 + Signal)."""
    meldung(text)
    raise Abgebrochen(text, code)


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
