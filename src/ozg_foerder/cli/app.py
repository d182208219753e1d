"""Die Kommandozeile ``ozg-foerder``: dünne Typer-Befehle über der Python-API.

Jeder Befehl liest seine Argumente, ruft eine Funktion aus dem Paket auf und stellt das Ergebnis
dar. Fehler des Benutzers werden als deutsche Meldung mit Exit-Code 2 ausgegeben, nie als
Traceback; Strg-C endet mit 130.

Kein Zustand zwischen Aufrufen: :func:`main` liest argv und ``OZG_FOERDER_REGELN`` genau einmal
und gibt beides als Argumente weiter (die Umgebung als :class:`~ozg_foerder.cli.basis.Vorgaben`
im Click-Kontext). Die Befehle entstehen erst, wenn Click sie braucht (``FABRIKEN``; die
Prüfbefehle aus den Regeldateien in :class:`~ozg_foerder.cli.check.ProgrammGruppe`).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer._click.exceptions import ClickException

from ozg_foerder.cli.basis import (
    EXIT_ABBRUCH,
    EXIT_EINGABE,
    Abgebrochen,
    RegelnOption,
    Vorgaben,
    abbruch_code,
    abbruch_grund,
    klick_befehl,
    meldung,
    neue_gruppe,
    signale_abfangen,
    terminal_breite,
)
from ozg_foerder.regeln.katalog import UMGEBUNG_REGELN, RegelVerzeichnisFehlt
from ozg_foerder.version import __version__

EXIT_INTERN = 3


def _version(wert: bool) -> None:
    if wert:
        sys.stdout.write(f"ozg-foerder {__version__}\n")
        raise typer.Exit(0)


# Die Befehle, in der Reihenfolge der Hilfe; jeder wird erst gebaut, wenn er gebraucht wird.


def _info(name: str):
    def baue():
        from ozg_foerder.cli.info import registriere

        app = neue_gruppe("")
        registriere(app)
        return klick_befehl(app, name)

    return baue


def _batch(name: str):
    def baue():
        from ozg_foerder.cli.batch import registriere

        app = neue_gruppe("")
        registriere(app)
        return klick_befehl(app, name)

    return baue


def _plan():
    from ozg_foerder.cli.plan import registriere

    app = neue_gruppe("")
    registriere(app)
    return klick_befehl(app, "plan")


def _beschlussvorlage():
    from ozg_foerder.cli.plan import beschluss_gruppe

    return beschluss_gruppe()


def _check():
    from ozg_foerder.cli.check import check_gruppe

    return check_gruppe()


def _regeln():
    from ozg_foerder.cli.regeln import regeln_gruppe

    gruppe = typer.main.get_command(regeln_gruppe())
    gruppe.name = "regeln"
    return gruppe


FABRIKEN = {
    "kommunen": _info("kommunen"),
    "leistungen": _info("leistungen"),
    "fristen": _info("fristen"),
    "uebersicht": _info("uebersicht"),
    "batch": _batch("batch"),
    "vorlage": _batch("vorlage"),
    "plan": _plan,
    "beschlussvorlage": _beschlussvorlage,
    "check": _check,
    "regeln": _regeln,
    "schema": _info("schema"),
}


def baue_app() -> typer.Typer:
    """Die Wurzel ``ozg-foerder``; ihre Befehle entstehen erst bei Bedarf (siehe FABRIKEN)."""
    app = neue_gruppe(
        "Förderrechner für hessische Kommunen: Landesprogramme zur Verwaltungsdigitalisierung "
        "(OZG) – wer bekommt was, unter welchen Bedingungen, bis wann. Jede Zahl mit Quelle.\n\n"
        "Beispiel: ozg-foerder check ikz --kommunen 4 --einsparung 0.18",
        vervollstaendigung=True,
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
        # --regeln steht danach im Kontext (ctx.find_root().params); die Befehle lesen es dort.

    return app


def wurzelbefehl() -> typer.core.TyperGroup:
    """Der Click-Befehl der Wurzel, mit den Fabriken der Unterbefehle."""
    gruppe = typer.main.get_command(baue_app())
    gruppe.fabriken = dict(FABRIKEN)
    return gruppe


def main(argv: list[str] | None = None) -> None:
    """Der Rand der Kommandozeile: liest argv und ``OZG_FOERDER_REGELN`` (einmal) und endet."""
    argv = list(sys.argv[1:] if argv is None else argv)
    regeln = os.environ.get(UMGEBUNG_REGELN) or None
    breite = terminal_breite(dict(os.environ))
    zurueck = signale_abfangen()
    try:
        code = fuehre_aus(argv, regeln, breite)
    except KeyboardInterrupt as unterbrechung:  # Strg-C, SIGTERM, SIGHUP
        meldung(f"Abgebrochen ({abbruch_grund(unterbrechung)}).")
        code = abbruch_code(unterbrechung)
    finally:
        zurueck()
    sys.exit(code)


def fuehre_aus(argv: list[str], regeln: str | None = None, breite: int = 80) -> int:
    """Ein Aufruf mit diesen Argumenten; ``regeln``: Regelverzeichnis, wenn ``--regeln`` fehlt;
    ``breite``: Breite der Textausgabe (main() liest sie aus COLUMNS bzw. dem Terminal).

    Die Ausgabe wird am Ende geleert: Ein Schreibfehler (``> /dev/full``, volle Platte) ist dann
    eine deutsche Meldung mit Exit 2, eine geschlossene Pipe (``| head``) ein stilles Ende mit 0.
    """
    try:
        code = _mit_json_fehlern(argv, regeln, breite)
        if not sys.stdout.closed:
            sys.stdout.flush()
    except BrokenPipeError:
        _still_beenden()
        return 0
    except OSError as fehler:
        _still_beenden()
        return _schreibfehler(fehler)
    return code


_ERRNO_DEUTSCH = {
    "ENOSPC": "kein Speicherplatz mehr auf dem Ziel",
    "EDQUOT": "Speicherkontingent erschöpft",
    "EFBIG": "Datei zu groß für das Ziel",
    "EIO": "Ein-/Ausgabefehler des Geräts",
    "EROFS": "Ziel ist schreibgeschützt",
    "EACCES": "keine Berechtigung",
    "EPERM": "keine Berechtigung",
    "EBADF": "Ausgabe ist geschlossen",
}


def _schreibfehler(fehler: OSError) -> int:
    """Lesen oder Schreiben scheiterte am System (volle Platte, Gerätefehler): Exit 2."""
    import errno

    name = errno.errorcode.get(fehler.errno or 0, "")
    grund = _ERRNO_DEUTSCH.get(name, "Systemfehler")
    technisch = fehler.strerror or str(fehler)
    meldung(f"Fehler: Lesen oder Schreiben fehlgeschlagen: {grund} ({technisch}).")
    meldung(
        "Hilfe: Speicherplatz und Schreibrechte prüfen oder die Ausgabe woandershin umleiten "
        "(z. B. > ergebnis.txt)."
    )
    return EXIT_EINGABE


def _mit_json_fehlern(argv: list[str], regeln: str | None, breite: int) -> int:
    """Der Aufruf; im JSON-Modus steht ein Fehler zusätzlich als JSON auf stdout."""
    for strom in (sys.stdout, sys.stderr):
        if hasattr(strom, "reconfigure"):
            strom.reconfigure(errors="replace")
    fehler_liste: list[dict] = []
    code = _fuehre_aus(argv, Vorgaben(regeln=regeln, breite=breite, fehler=fehler_liste))
    if code not in (0, 1) and _json_gewuenscht(argv):
        _fehler_als_json(code, fehler_liste)
    return code


def _json_gewuenscht(argv: list[str]) -> bool:
    """JSON gewünscht: ``--format json`` (auch ``--format=json``) oder, ohne ``--format``, eine
    Ausgabe nach ``*.json`` (``batch --ausgabe ergebnis.json``)."""
    for i, arg in enumerate(argv):
        wert = argv[i + 1] if i + 1 < len(argv) else ""
        if arg.startswith("--format="):
            arg, wert = "--format", arg.split("=", 1)[1]
        if arg == "--format":
            return wert.strip().lower() == "json"
    for i, arg in enumerate(argv):
        wert = argv[i + 1] if i + 1 < len(argv) else ""
        if arg.startswith("--ausgabe="):
            arg, wert = "--ausgabe", arg.split("=", 1)[1]
        if arg == "--ausgabe" and wert.strip().lower().endswith(".json"):
            return True
    return False


def _fehler_als_json(code: int, fehler_liste: list[dict]) -> None:
    """Der zuletzt gemeldete Fehler als JSON auf stdout (der deutsche Text steht auf stderr)."""
    import json

    if fehler_liste:
        daten = fehler_liste[-1]
    else:
        from ozg_foerder.cli.basis import fehler_json

        daten = fehler_json("Fehler, siehe stderr.", None, code)
    daten["fehler"]["exit"] = code
    try:
        sys.stdout.write(json.dumps(daten, ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        pass


def _fuehre_aus(argv: list[str], vorgaben: Vorgaben) -> int:
    fehler_liste = vorgaben.fehler if vorgaben.fehler is not None else []
    try:
        ergebnis = wurzelbefehl().main(
            args=argv,
            prog_name="ozg-foerder",
            standalone_mode=False,
            obj=vorgaben,
        )
    except RegelVerzeichnisFehlt as fehler:
        return _melde_regelfehler(fehler, fehler_liste)
    except ClickException as fehler:
        return _melde_aufruffehler(fehler, fehler_liste)
    except typer.Exit as ende:
        ergebnis = ende.exit_code
    except Abgebrochen as abbruch:
        return abbruch.code  # schon gemeldet
    except typer.Abort as abbruch:  # Click macht aus Strg-C (und SIGTERM/SIGHUP) ein Abort
        ursache = abbruch.__cause__ or abbruch
        meldung(f"Abgebrochen ({abbruch_grund(ursache)}).")
        return abbruch_code(ursache)
    except BrokenPipeError:
        _still_beenden()
        return 0
    except SystemExit as ende:
        if isinstance(ende.__context__, BrokenPipeError):  # rich: on_broken_pipe() → Exit 1
            _still_beenden()
            return 0
        raise
    except OSError as fehler:  # z. B. die Ausgabe auf eine volle Platte (> /dev/full)
        _still_beenden()
        return _schreibfehler(fehler)
    except Exception as fehler:
        from ozg_foerder.regeln.fehler import RegelnUngueltig  # erst im Fehlerfall geladen

        if isinstance(fehler, RegelnUngueltig):
            return _melde_regelfehler(fehler, fehler_liste)
        return _interner_fehler(fehler)
    code = ergebnis if isinstance(ergebnis, int) else 0
    if code == EXIT_ABBRUCH:
        # Typer macht aus Strg-C still einen Exit 130.
        meldung("Abgebrochen (Strg-C).")
    return code


def _melde_aufruffehler(fehler: ClickException, fehler_liste: list | None = None) -> int:
    """Aufruffehler (Click) auf Deutsch, Exit 2; ohne Befehl die Hilfe (Exit 0)."""
    from ozg_foerder.cli.fehler import ist_hilfe_ohne_befehl, uebersetze_usage_fehler

    if ist_hilfe_ohne_befehl(fehler):
        sys.stdout.write(fehler.format_message().rstrip("\n") + "\n")  # die Hilfe
        return 0
    text, hilfe = uebersetze_usage_fehler(fehler)
    if fehler_liste is not None:
        from ozg_foerder.cli.basis import fehler_json
        from ozg_foerder.cli.fehler import betroffene_option

        fehler_liste.append(fehler_json(text, hilfe, EXIT_EINGABE, betroffene_option(fehler)))
    meldung(f"Fehler: {text}")
    if hilfe:
        meldung(f"Hilfe: {hilfe}")
    return EXIT_EINGABE


def _melde_regelfehler(fehler: Exception, fehler_liste: list | None = None) -> int:
    """Fehlerhafte oder fehlende Regeln, für jeden Befehl gleich gemeldet (Exit 2)."""
    from ozg_foerder.cli.basis import fehler_json
    from ozg_foerder.regeln.fehler import RegelnUngueltig

    if fehler_liste is not None:
        text = (
            "Die Regeldateien sind fehlerhaft: " + "; ".join(str(f) for f in fehler.fehler)
            if isinstance(fehler, RegelnUngueltig)
            else str(fehler)
        )
        fehler_liste.append(
            fehler_json(text, "ozg-foerder regeln pruefen VERZEICHNIS", EXIT_EINGABE, "--regeln")
        )

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


__all__ = ["baue_app", "fuehre_aus", "main", "wurzelbefehl"]
