"""Die Kommandozeile ``ozg-foerder``: dünne Typer-Befehle über der Python-API.

Jeder Befehl liest seine Argumente, ruft eine Funktion aus dem Paket auf und stellt das Ergebnis
dar. Fehler des Benutzers werden als deutsche Meldung mit Exit-Code 2 ausgegeben, nie als
Traceback; Strg-C endet mit 130.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from ozg_foerder.cli.basis import (
    EXIT_ABBRUCH,
    EXIT_EINGABE,
    RegelnOption,
    abbruch_gemeldet,
    meldung,
    neue_gruppe,
    neuer_aufruf,
)
from ozg_foerder.cli.check import check_gruppe
from ozg_foerder.cli.regeln import regeln_gruppe
from ozg_foerder.regeln.katalog import UMGEBUNG_REGELN, Katalog, RegelVerzeichnisFehlt
from ozg_foerder.version import __version__

EXIT_INTERN = 3
_KATALOG_FEHLER: list[Exception] = []


def _regeln_aus_argv(argv: list[str]) -> str | None:
    """``--regeln`` muss vor dem Aufbau der check-Befehle bekannt sein.

    Die check-Befehle entstehen aus den Regeldateien.
    """
    for i, arg in enumerate(argv):
        if arg == "--regeln" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--regeln="):
            return arg.split("=", 1)[1]
    return None


def _lade_fuer_befehle(argv: list[str]) -> Katalog | None:
    from ozg_foerder.regeln.fehler import RegelnUngueltig

    try:
        from ozg_foerder.api import katalog

        return katalog(_regeln_aus_argv(argv))
    except (RegelnUngueltig, RegelVerzeichnisFehlt) as fehler:
        _KATALOG_FEHLER.append(fehler)  # gemeldet, wenn ein check-Befehl sie braucht
    return None


def _version(wert: bool) -> None:
    if wert:
        sys.stdout.write(f"ozg-foerder {__version__}\n")
        raise typer.Exit(0)


def baue_app(argv: list[str]) -> typer.Typer:
    app = neue_gruppe(
        "Förderrechner für hessische Kommunen: Landesprogramme zur Verwaltungsdigitalisierung "
        "(OZG) – wer bekommt was, unter welchen Bedingungen, bis wann. Jede Zahl mit Quelle.\n\n"
        "Beispiel: ozg-foerder check ikz --kommunen 4 --einsparung 0.18"
    )

    @app.callback()
    def wurzel(
        version: Annotated[
            bool | None,
            typer.Option(
                "--version",
                help="Version zeigen und beenden.",
                callback=_version,
                is_eager=True,
                metavar="",
            ),
        ] = None,
        regeln: RegelnOption = None,
    ) -> None:
        """Förderrechner für hessische Kommunen."""
        if regeln:  # für die Befehle dieses Aufrufs; main() stellt den alten Wert wieder her
            os.environ[UMGEBUNG_REGELN] = regeln

    gruppe, befehl_name = _befehl_in(argv)
    if gruppe in (None, "check"):
        katalog = _lade_fuer_befehle(argv)
        nur = befehl_name if katalog is not None and befehl_name in katalog else None
        app.add_typer(check_gruppe(katalog, nur), name="check")
    if gruppe in (None, "regeln"):
        app.add_typer(regeln_gruppe(), name="regeln")
    if gruppe is None:
        _registriere_weitere(app)
    return app


def _registriere_weitere(app: typer.Typer) -> None:
    """Befehle außerhalb von check und regeln (je Modul eine Funktion ``registriere``)."""
    from ozg_foerder.cli.info import registriere as registriere_info

    registriere_info(app)
    from ozg_foerder.cli.batch import registriere as registriere_batch

    registriere_batch(app)
    from ozg_foerder.cli.plan import registriere as registriere_plan

    registriere_plan(app)


_GRUPPEN = ("check", "regeln")


def _befehl_in(argv: list[str]) -> tuple[str | None, str | None]:
    """Gruppe und Befehl des Aufrufs, damit nur diese gebaut werden (Typer baut sonst alle).

    Ohne erkennbare Gruppe (Hilfe, Tippfehler) wird alles gebaut, damit Hilfe und
    Vorschläge vollständig sind.
    """
    worte = [a for a in argv if not a.startswith("-")]
    if "--regeln" in argv:
        i = argv.index("--regeln")
        if i + 1 < len(argv) and argv[i + 1] in worte:
            worte.remove(argv[i + 1])
    if not worte or worte[0] not in _GRUPPEN:
        return None, None
    return worte[0], worte[1] if len(worte) > 1 else None


def _deutsche_hilfe() -> None:
    """Überschriften der Typer-Hilfe auf Deutsch (nur wenn Hilfe gezeigt wird)."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumente"
    rich_utils.OPTIONS_PANEL_TITLE = "Optionen"
    rich_utils.COMMANDS_PANEL_TITLE = "Befehle"
    rich_utils.ERRORS_PANEL_TITLE = "Fehler"
    rich_utils.REQUIRED_LONG_STRING = "[erforderlich]"
    rich_utils.DEFAULT_STRING = "[Standard: {}]"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _fuehre_aus(argv)
    except KeyboardInterrupt:
        meldung("Abgebrochen (Strg-C).")
        code = EXIT_ABBRUCH
    sys.exit(code)


def _fuehre_aus(argv: list[str]) -> int:
    neuer_aufruf(argv)
    _KATALOG_FEHLER.clear()
    for strom in (sys.stdout, sys.stderr):
        if hasattr(strom, "reconfigure"):
            strom.reconfigure(errors="replace")
    if not argv or "-h" in argv or "--help" in argv or argv in (["check"], ["regeln"]):
        _deutsche_hilfe()  # Typer zeigt dann seine Hilfe
    from ozg_foerder.cli.fehler import (
        ist_hilfe_ohne_befehl,
        uebersetze_usage_fehler,
        usage_fehler_klassen,
    )
    from ozg_foerder.regeln.fehler import RegelnUngueltig

    regeln_vorher = os.environ.get(UMGEBUNG_REGELN)
    try:
        app = baue_app(argv)
        if argv[:1] == ["check"] and _KATALOG_FEHLER and not ({"-h", "--help"} & set(argv)):
            return _melde_regelfehler(_KATALOG_FEHLER[0])
        ergebnis = app(args=argv, prog_name="ozg-foerder", standalone_mode=False)
    except (RegelnUngueltig, RegelVerzeichnisFehlt) as fehler:
        return _melde_regelfehler(fehler)
    except usage_fehler_klassen() as fehler:
        if ist_hilfe_ohne_befehl(fehler):
            return 0  # die Hilfe mit allen Befehlen steht schon da
        gruppe, befehl_name = _befehl_in(argv)
        pfad = " ".join(w for w in ("ozg-foerder", gruppe, befehl_name) if w)
        text, hilfe = uebersetze_usage_fehler(fehler, pfad)
        meldung(f"Fehler: {text}")
        if hilfe:
            meldung(f"Hilfe: {hilfe}")
        return EXIT_EINGABE
    except typer.Exit as ende:
        ergebnis = ende.exit_code
    except typer.Abort:
        ergebnis = EXIT_ABBRUCH
    except BrokenPipeError:
        _still_beenden()
        return 0
    except Exception as fehler:
        return _interner_fehler(fehler)
    finally:
        # --regeln vor dem Befehl gilt nur für diesen Aufruf (nicht für spätere im Prozess)
        if regeln_vorher is None:
            os.environ.pop(UMGEBUNG_REGELN, None)
        else:
            os.environ[UMGEBUNG_REGELN] = regeln_vorher
    code = ergebnis if isinstance(ergebnis, int) else 0
    if code == EXIT_ABBRUCH and not abbruch_gemeldet():
        # Typer macht aus Strg-C still einen Exit 130.
        meldung("Abgebrochen (Strg-C).")
    return code


def _melde_regelfehler(fehler: Exception) -> int:
    """Fehlerhafte oder fehlende Regeln, für jeden Befehl gleich gemeldet (Exit 2)."""
    from ozg_foerder.regeln.fehler import RegelnUngueltig

    if isinstance(fehler, RegelnUngueltig):
        meldung("Fehler: Die Regeldateien sind fehlerhaft:")
        for f in fehler.fehler:
            meldung(f"  {f}")
        meldung("Hilfe: ozg-foerder regeln pruefen [VERZEICHNIS] zeigt alle Fehler.")
    else:
        meldung(f"Fehler: {fehler}")
        meldung(
            "Hilfe: ozg-foerder regeln pruefen VERZEICHNIS prüft ein Regelverzeichnis; ohne "
            "--regeln und OZG_FOERDER_REGELN gelten die mitgelieferten Regeln."
        )
    return EXIT_EINGABE


def _interner_fehler(fehler: Exception) -> int:
    """Ein Programmfehler, kein Benutzerfehler: sagen, was passiert ist, und Exit 3."""
    meldung(
        f"Fehler: Interner Fehler ({type(fehler).__name__}: {fehler}). Das ist ein Fehler in "
        "ozg-foerder, nicht in Ihrer Eingabe; die Eingabedateien sind unverändert."
    )
    if os.environ.get("OZG_FOERDER_DEBUG"):
        import traceback

        traceback.print_exc()
    else:
        meldung("Hilfe: Mit OZG_FOERDER_DEBUG=1 erneut aufrufen und die Ausgabe melden.")
    return EXIT_INTERN


def _still_beenden() -> None:
    """Ausgabe in eine geschlossene Pipe (``| head``): ohne Fehlermeldung beenden."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


__all__ = ["baue_app", "main"]
