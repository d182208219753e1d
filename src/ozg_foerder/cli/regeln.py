"""``ozg-foerder regeln …``: Regeldateien auflisten, zeigen, prüfen und ihr JSON-Schema ausgeben."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ozg_foerder.api import katalog as api_katalog
from ozg_foerder.cli.basis import (
    EXIT_EINGABE,
    FormatOption,
    RegelnOption,
    abbruch,
    befehl,
    eingabefehler,
    meldung,
    neue_gruppe,
    pruefe_format,
    schreibe,
    schreibe_json,
)
from ozg_foerder.eingaben.werte import EingabeFehler, formatiere_datum


def regeln_gruppe() -> typer.Typer:
    gruppe = neue_gruppe(
        "Die Regeldateien: auflisten, anzeigen, prüfen, JSON-Schema für Editoren.\n\n"
        "Beispiel: ozg-foerder regeln pruefen rules/"
    )

    @befehl(gruppe, "schema")
    def schema() -> None:
        """JSON-Schema der Regeldateien ausgeben (für Editoren mit YAML-Prüfung).

        Beispiel: ozg-foerder regeln schema > regeldatei.schema.json
        """
        from ozg_foerder.regeln.schema import json_schema

        schreibe_json(json_schema())

    @befehl(gruppe, "liste")
    def liste(regeln: RegelnOption = None, format: FormatOption = "text") -> None:
        """Alle Programme mit Name, Stand der Quellen und Träger.

        Beispiel: ozg-foerder regeln liste
        """
        fmt = pruefe_format(format, ("text", "json"), "ozg-foerder regeln liste")
        katalog = api_katalog(regeln)  # fehlerhafte Regeln meldet cli.main
        programme = katalog.programme()
        if fmt == "json":
            schreibe_json(
                [
                    {"id": p.id, "name": p.name, "stand": p.stand.isoformat(), "traeger": p.traeger}
                    for p in programme
                ]
            )
            return
        breite = max(len(p.id) for p in programme)
        zeilen = [f"Regeln aus {katalog.verzeichnis}", ""]
        for p in programme:
            zeilen.append(f"  {p.id:<{breite}}  {p.name} (Stand {formatiere_datum(p.stand)})")
            zeilen.append(f"  {'':<{breite}}  {p.traeger}")
        schreibe("\n".join(zeilen))

    @befehl(gruppe, "zeigen")
    def zeigen(
        programm: Annotated[str, typer.Argument(help="Programm, z. B. ikz.", metavar="PROGRAMM")],
        regeln: RegelnOption = None,
        format: FormatOption = "text",
    ) -> None:
        """Die Regeln eines Programms lesbar zeigen: Eingaben, Voraussetzungen, Betrag, Quellen.

        Beispiel: ozg-foerder regeln zeigen ikz
        """
        from ozg_foerder.api import programm as hole_programm
        from ozg_foerder.ausgabe.regel_text import regel_als_text

        fmt = pruefe_format(format, ("text", "json"), "ozg-foerder regeln zeigen")
        katalog = api_katalog(regeln)  # fehlerhafte Regeln meldet cli.main
        try:
            p = hole_programm(programm, katalog)
        except EingabeFehler as fehler:
            eingabefehler(fehler, "ozg-foerder regeln liste")
        if fmt == "json":
            schreibe_json(_ohne_intern(katalog.kompilat(p.id)))
        else:
            schreibe(regel_als_text(p))

    @befehl(gruppe, "pruefen")
    def pruefen(
        verzeichnis: Annotated[
            Path | None,
            typer.Argument(
                help="Verzeichnis mit Regeldateien (*.yaml). Standard: die aktiven Regeln.",
                metavar="VERZEICHNIS",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Regeldateien prüfen und ihre Testfälle ausführen. Jeder Fehler nennt Datei, Zeile
        und Feld; Exit 2 bei jedem Fehler.

        Beispiel: ozg-foerder regeln pruefen rules/
        """
        from ozg_foerder.regeln.fehler import RegelnUngueltig
        from ozg_foerder.regeln.katalog import RegelVerzeichnisFehlt, regel_verzeichnis
        from ozg_foerder.testfaelle import pruefe_verzeichnis

        pfad = regel_verzeichnis(verzeichnis)
        try:
            bericht = pruefe_verzeichnis(pfad)
        except RegelnUngueltig as fehler:
            for f in fehler.fehler:
                meldung(str(f))
            meldung(f"{len(fehler.fehler)} Fehler in den Regeldateien unter {pfad}.")
            raise typer.Exit(EXIT_EINGABE) from None
        except RegelVerzeichnisFehlt as fehler:
            abbruch(str(fehler), "ozg-foerder regeln pruefen --help")
        for zeile in [*bericht.hinweise, *bericht.fehler]:
            meldung(zeile)
        if bericht.fehler:
            meldung(f"{len(bericht.fehler)} Befund(e) unter {pfad}.")
            raise typer.Exit(EXIT_EINGABE)
        anzahl = f"{bericht.programme} Programme mit {bericht.faelle} Testfällen"
        schreibe(f"In Ordnung: {anzahl} unter {pfad}.")

    return gruppe


def _ohne_intern(knoten):
    """Das Kompilat ohne interne Felder (``_ags``: aufgelöste Datensätze)."""
    if isinstance(knoten, dict):
        return {k: _ohne_intern(v) for k, v in knoten.items() if not k.startswith("_")}
    if isinstance(knoten, list):
        return [_ohne_intern(v) for v in knoten]
    return knoten
