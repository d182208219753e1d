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

from ozg_foerder.cli.umwandlung import ohne_pydantic
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


_HILFE_WORTE = {
    "Install completion for the specified shell.": (
        "Vervollständigung für die genannte Shell einrichten (bash, zsh, fish, powershell)."
    ),
    "Show completion for the specified shell, to copy it or customize the installation.": (
        "Vervollständigung für die genannte Shell zeigen (zum Kopieren oder Anpassen)."
    ),
    "Install completion for the current shell.": (
        "Vervollständigung für die aktuelle Shell einrichten (bash, zsh, fish, PowerShell)."
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Vervollständigung für die aktuelle Shell zeigen (zum Kopieren oder Anpassen)."
    ),
    "Arguments": "Argumente",
    "Options": "Optionen",
    "Commands": "Befehle",
    "required": "erforderlich",
    "default: {default}": "Standard: {default}",
    "(dynamic)": "(dynamisch)",
    "env var: {var}": "Umgebungsvariable: {var}",
}


def _deutsch(text: str) -> str:
    return _HILFE_WORTE.get(text, text)


def _deutsche_ueberschriften() -> None:
    """Überschriften der Hilfe auf Deutsch (erst, wenn Hilfe gezeigt wird).

    Die Hilfe ist Clicks schlichte Form (keine rich-Tabelle): eine lange Option steht dort auf
    einer eigenen Zeile, ihr Text darunter – nichts wird bei 80 Spalten abgeschnitten.
    """
    import typer.core
    from typer._click import _textwrap

    typer.core._ = _deutsch  # die Überschriften der Typer-Hilfe ("Options", "required")
    if not getattr(_textwrap.TextWrapper, "ganze_woerter", False):
        _textwrap.TextWrapper = _GanzeWoerter  # "--laufzeit-jahre" nicht am Bindestrich trennen


def _ganze_woerter_klasse() -> type:
    from typer._click import _textwrap

    class GanzeWoerter(_textwrap.TextWrapper):
        ganze_woerter = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("break_on_hyphens", False)
            kwargs.setdefault("break_long_words", False)
            super().__init__(*args, **kwargs)

    return GanzeWoerter


_GanzeWoerter = _ganze_woerter_klasse()


def _argument_name(param: Any) -> str:
    name = (param.metavar or param.name or "").upper().strip("[]")
    return name if param.required else f"[{name}]"


def _aufruf_zeile(befehl: Any, ctx: Any, formatter: Any) -> None:
    """``Aufruf: ozg-foerder batch [OPTIONEN] EINGABE``."""
    teile = ["[OPTIONEN]"]
    for param in befehl.get_params(ctx):
        if param.param_type_name == "argument":
            teile.append(_argument_name(param) + ("..." if param.nargs != 1 else ""))
    if isinstance(befehl, TyperGroup):
        teile.append("BEFEHL [ARGUMENTE]...")
    formatter.write_usage(ctx.command_path, " ".join(teile), prefix="Aufruf: ")


def _optionen_und_argumente(befehl: Any, ctx: Any, formatter: Any) -> None:
    """Argumente und Optionen wie Typer, aber Argumente ohne Typ (``EINGABE``, nicht
    ``EINGABE <str>``)."""
    from typer.core import _

    argumente, optionen = [], []
    for param in befehl.get_params(ctx):
        if isinstance(getattr(param, "help", None), str):  # Typers Optionen zur Vervollständigung
            param.help = _deutsch(param.help)
        zeile = param.get_help_record(ctx)
        if zeile is None:
            continue
        if param.param_type_name == "argument":
            argumente.append((_argument_name(param), zeile[1]))
        else:
            optionen.append(zeile)
    if argumente:
        with formatter.section(_("Arguments")):
            formatter.write_dl(argumente)
    if optionen:
        with formatter.section(_("Options")):
            formatter.write_dl(optionen)


def _mit_kontext(fehler: _ausnahmen.UsageError, ctx: Any) -> None:
    """Click meldet manche Fehler des Parsers ohne Kontext; die Hilfe braucht den Befehl."""
    if fehler.ctx is None:
        fehler.ctx = ctx
        fehler.cmd = ctx.command


class _DeutscheHilfe:
    """Die Hilfe von Befehlen und Gruppen: deutsche Überschriften, Aufrufzeile, Optionen."""

    def get_help_option(self, ctx: Any) -> Any:
        return _deutsche_hilfe_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _deutsche_ueberschriften()
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _aufruf_zeile(self, ctx, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _optionen_und_argumente(self, ctx, formatter)
        if isinstance(self, TyperGroup):
            self.format_commands(ctx, formatter)


class Befehl(_DeutscheHilfe, TyperCommand):
    """Ein Befehl mit deutscher Hilfe; Aufruffehler als eigene Typen.

    ``ausschliessend``: Schalterpaare, die sich widersprechen (Typer nähme still den letzten).
    """

    ausschliessend: tuple[tuple[str, str], ...] = ()

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ohne_pydantic(self, ctx)
        args = _prozent_zum_wert(args)
        args, ausdruecklich = _schalter_mit_wort(self, ctx, args)
        for ja, nein in self.ausschliessend:
            gesetzt = {ja: ja in args, nein: nein in args}
            for schalter, wert in ausdruecklich.values():
                if schalter in gesetzt:
                    gesetzt[schalter if wert else (nein if schalter == ja else ja)] = True
            if gesetzt[ja] and gesetzt[nein]:
                raise WidersprechendeSchalter(ja, nein, ctx)
        rest = self._parse_args(ctx, args)
        for name, (_schalter, wert) in ausdruecklich.items():
            ctx.params[name] = wert
        return rest

    def _parse_args(self, ctx: Any, args: list[str]) -> list[str]:
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


def _prozent_zum_wert(args: list[str]) -> list[str]:
    """``--einsparung 20 %``: ein einzelnes ``%`` hinter einem Wert gehört zu ihm (``20 %``);
    gelesen wird der Wert danach wie jeder andere (eingaben.werte)."""
    neu: list[str] = []
    for arg in args:
        if arg == "%" and neu and not neu[-1].startswith("-") and not neu[-1].endswith("%"):
            neu[-1] += " %"
        elif arg == "%" and neu and neu[-1].startswith("--") and "=" in neu[-1]:
            neu[-1] += " %"  # --einsparung=20 %
        else:
            neu.append(arg)
    return neu


def _schalter_mit_wort(
    befehl: Any, ctx: Any, args: list[str]
) -> tuple[list[str], dict[str, tuple[str, bool]]]:
    """``--beschluss ja``, ``--beschluss nein``, ``--beschluss=nein``: ein Schalter nimmt ein
    folgendes Ja/Nein-Wort, wie eingaben.werte es liest (ja/nein, true/false, 1/0, x); jedes
    andere Wort bleibt liegen. Ergebnis: die übrigen Argumente und je Parameter
    (Schalter, Wert)."""
    from ozg_foerder.eingaben.werte import lies_ja_nein

    schalter: dict[str, Any] = {}
    for param in befehl.get_params(ctx):
        if getattr(param, "is_flag", False) and getattr(param, "is_bool_flag", False):
            for opt in (*param.opts, *param.secondary_opts):
                if opt.startswith("--") and opt not in ctx.help_option_names:
                    schalter[opt] = param

    def wort(text: str) -> bool | None:
        try:
            return lies_ja_nein(text, "schalter")
        except EingabeFehler:
            return None

    rest: list[str] = []
    ausdruecklich: dict[str, tuple[str, bool]] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name, gleich, wert = arg.partition("=")
        param = schalter.get(name)
        if param is not None and param.name not in ("help",):
            gelesen = wort(wert) if gleich else (wort(args[i + 1]) if i + 1 < len(args) else None)
            if gelesen is not None:
                verneint = name in param.secondary_opts
                ausdruecklich[param.name] = (name, gelesen != verneint)
                i += 1 if gleich else 2
                continue
        rest.append(arg)
        i += 1
    return rest, ausdruecklich


class Gruppe(_DeutscheHilfe, TyperGroup):
    """Eine Gruppe mit deutscher Hilfe, deren Befehle erst bei Bedarf gebaut werden.

    ``fabriken``: Name → Funktion, die den Click-Befehl baut. So kostet ``check ikz`` nicht den
    Aufbau aller übrigen Befehle, und ``--help`` listet trotzdem alle.
    """

    def __init__(self, *, fabriken: dict[str, Callable[[], Any]] | None = None, **kw: Any):
        super().__init__(**kw)
        self.fabriken = dict(fabriken or {})

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(n for n in self.fabriken if n not in self.commands)]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Die Befehle mit dem ganzen ersten Satz ihrer Hilfe (umbrochen, nicht gekürzt)."""
        from typer.core import _

        zeilen = []
        for name in self.list_commands(ctx):
            befehl = self.get_command(ctx, name)
            if befehl is not None and not befehl.hidden:
                zeilen.append((name, befehl.get_short_help_str(limit=1000)))
        if zeilen:
            with formatter.section(_("Commands")):
                formatter.write_dl(zeilen)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self.fabriken:
            self.commands[cmd_name] = self.fabriken[cmd_name]()
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ohne_pydantic(self, ctx)
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


def neue_gruppe(hilfe: str, *, vervollstaendigung: bool = False, **kwargs: Any) -> typer.Typer:
    """Eine Typer-App mit deutscher Hilfe; ``vervollstaendigung``: die Optionen
    ``--install-completion``/``--show-completion`` (nur an der Wurzel)."""
    return typer.Typer(
        help=hilfe,
        cls=Gruppe,
        add_completion=vervollstaendigung,
        no_args_is_help=True,
        rich_markup_mode=None,
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
    breite: int = 80  # Breite der Textausgabe: COLUMNS, sonst das Terminal, sonst 80
    # die gemeldeten Fehler dieses Aufrufs (für JSON auf stdout im JSON-Modus); je Aufruf neu
    fehler: list[dict[str, Any]] | None = None


def terminal_breite(umgebung: dict[str, str] | None = None, strom: Any = None) -> int:
    """Die Breite für Textausgaben: ``COLUMNS``, sonst die des Terminals, in eine Pipe 80."""
    import os
    import shutil

    umgebung = os.environ if umgebung is None else umgebung
    roh = (umgebung.get("COLUMNS") or "").strip()
    if roh.isdigit() and int(roh) >= 20:
        return int(roh)
    strom = sys.stdout if strom is None else strom
    try:
        if strom.isatty():
            return max(shutil.get_terminal_size((80, 24)).columns, 20)
    except (AttributeError, ValueError, OSError):
        pass
    return 80


def ausgabe_breite() -> int:
    """Die Breite dieses Aufrufs (aus den Vorgaben von main()); ohne Aufruf 80."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj.breite if isinstance(obj, Vorgaben) else 80


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


def schreibe(text: str, umbrechen: bool = True) -> None:
    """Text nach stdout, an Wortgrenzen auf die Breite des Aufrufs umbrochen (ohne Leerzeichen
    am Zeilenende); ``umbrechen=False`` für Tabellen, deren Zeilen ganz bleiben sollen.
    Steuerzeichen aus Eingaben werden sichtbar gemacht, nie roh ins Terminal geschrieben."""
    text = sichtbar(text)
    if umbrechen:
        from ozg_foerder.ausgabe.umbruch import umbrechen as breche

        text = breche(text.rstrip("\n"), ausgabe_breite())
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


def merke_fehler(
    text: str, hilfe: str | None, code: int, feld: str | None = None, wert: Any = None
) -> None:
    """Den Fehler für diesen Aufruf festhalten: im JSON-Modus schreibt fuehre_aus() ihn als
    ``{"fehler": {…}}`` auf stdout."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    if isinstance(obj, Vorgaben) and obj.fehler is not None:
        obj.fehler.append(fehler_json(text, hilfe, code, feld, wert))


def fehler_json(
    text: str, hilfe: str | None, code: int, feld: str | None = None, wert: Any = None
) -> dict[str, Any]:
    """``{"fehler": {"feld", "wert", "meldung", "hilfe", "exit"}}`` – wie batch, dazu Feld und
    Wert, wenn der Fehler zu einer Eingabe gehört."""
    return {
        "fehler": {
            "feld": feld,
            "wert": None if wert is None else str(wert),
            "meldung": text,
            "hilfe": hilfe,
            "exit": code,
        }
    }


def abbruch(
    text: str,
    hilfe: str | None = None,
    code: int = EXIT_EINGABE,
    *,
    feld: str | None = None,
    wert: Any = None,
) -> NoReturn:
    merke_fehler(text, hilfe, code, feld, wert)
    meldung(f"Fehler: {text}")
    if hilfe:
        meldung(f"Hilfe: {hilfe}")
    raise typer.Exit(code)


def eingabefehler(
    fehler: EingabeFehler, hilfe: str | None = None, feldname: str | None = None
) -> NoReturn:
    if feldname:
        fehler.feld = feldname
    abbruch(fehler.meldung(), hilfe, feld=fehler.feld, wert=fehler.wert)


def pruefe_format(wert: str, erlaubt: tuple[str, ...], befehl_name: str) -> str:
    wert = wert.strip().lower()
    if wert not in erlaubt:
        abbruch(
            f"--format: „{wert}“ ist nicht zulässig. Erlaubt: {', '.join(erlaubt)}",
            f"{befehl_name} --help",
        )
    return wert
