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
    wurzel_regeln,
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
                {
                    "regeln": katalog.regelsatz(),
                    "programme": [
                        {
                            "id": p.id,
                            "name": p.name,
                            "stand": p.stand.isoformat(),
                            "traeger": p.traeger,
                        }
                        for p in programme
                    ],
                }
            )
            return
        from ozg_foerder.ausgabe.regelsatz import regelsatz_text

        breite = max(len(p.id) for p in programme)
        zeilen = [f"Regeln aus {katalog.verzeichnis}", ""]
        for p in programme:
            zeilen.append(f"  {p.id:<{breite}}  {p.name} (Stand {formatiere_datum(p.stand)})")
            zeilen.append(f"  {'':<{breite}}  {p.traeger}")
        zeilen += ["", regelsatz_text(katalog.regelsatz())]
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
        ctx: typer.Context,
        verzeichnis: Annotated[
            Path | None,
            typer.Argument(
                help="Verzeichnis mit Regeldateien (*.yaml). Standard: die aktiven Regeln.",
                metavar="VERZEICHNIS",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Regeldateien prüfen, ihre Testfälle ausführen und jedes Zitat wörtlich gegen die
        Quelldokumente des Verzeichnisses (dokumente/index.yaml) prüfen. Jeder Fehler nennt
        Datei, Zeile und Feld; Exit 2 bei jedem Fehler.

        Beispiel: ozg-foerder regeln pruefen rules/
        """
        from ozg_foerder.regeln.fehler import RegelnUngueltig
        from ozg_foerder.regeln.katalog import RegelVerzeichnisFehlt, regel_verzeichnis
        from ozg_foerder.testfaelle import pruefe_verzeichnis

        pfad = regel_verzeichnis(verzeichnis or wurzel_regeln(ctx))
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

    @befehl(gruppe, "vergleichen")
    def vergleichen(
        alt: Annotated[
            Path,
            typer.Argument(
                help="Regelverzeichnis (alter Stand).", metavar="ALT", show_default=False
            ),
        ],
        neu: Annotated[
            Path | None,
            typer.Argument(
                help="Regelverzeichnis (neuer Stand). Ohne: ALT an zwei Stichtagen.",
                metavar="NEU",
                show_default=False,
            ),
        ] = None,
        stichtag_alt: Annotated[
            str | None,
            typer.Option(
                "--stichtag-alt", help="Datierte Werte am Stichtag auflösen (alter Stand)."
            ),
        ] = None,
        stichtag_neu: Annotated[
            str | None,
            typer.Option(
                "--stichtag-neu", help="Datierte Werte am Stichtag auflösen (neuer Stand)."
            ),
        ] = None,
        format: FormatOption = "text",
    ) -> None:
        """Zwei Regelstände vergleichen: welche Zahlen, Bedingungen, Zeiträume und Texte sich
        unterscheiden, alter und neuer Wert mit ihren Quellen. Exit 0 wenn gleich, 1 sonst.

        Beispiele: ozg-foerder regeln vergleichen rules/ rules-neu/ ·
        ozg-foerder regeln vergleichen rules/ --stichtag-alt 31.12.2026 --stichtag-neu 01.01.2027
        """
        from ozg_foerder.api import lies_stichtag
        from ozg_foerder.ausgabe import vergleich as vergleich_ausgabe
        from ozg_foerder.regeln.katalog import lade_katalog
        from ozg_foerder.regeln.vergleich import vergleiche

        fmt = pruefe_format(format, ("text", "json"), "ozg-foerder regeln vergleichen")
        if neu is None and not (stichtag_alt and stichtag_neu):
            abbruch(
                "Zum Vergleichen zwei Regelverzeichnisse angeben oder ein Verzeichnis mit "
                "--stichtag-alt und --stichtag-neu.",
                "ozg-foerder regeln vergleichen --help",
            )
        try:
            tag_alt = lies_stichtag(stichtag_alt) if stichtag_alt else None
            tag_neu = lies_stichtag(stichtag_neu) if stichtag_neu else None
        except EingabeFehler as fehler:
            eingabefehler(fehler, "ozg-foerder regeln vergleichen --help")
        kat_alt = lade_katalog(alt)  # fehlerhafte Regeln meldet cli.main (Exit 2)
        kat_neu = lade_katalog(neu) if neu is not None else kat_alt
        kompilate_alt = {i: kat_alt.kompilat(i) for i in kat_alt.ids}
        kompilate_neu = {i: kat_neu.kompilat(i) for i in kat_neu.ids}
        unterschiede = vergleiche(
            kompilate_alt, kompilate_neu, stichtag_alt=tag_alt, stichtag_neu=tag_neu
        )

        def seite(verzeichnis: Path, tag) -> dict:
            return {"verzeichnis": str(verzeichnis), "stichtag": tag.isoformat() if tag else None}

        if fmt == "json":
            schreibe_json(
                vergleich_ausgabe.als_json(
                    unterschiede,
                    seite(kat_alt.verzeichnis, tag_alt),
                    seite(kat_neu.verzeichnis, tag_neu),
                )
            )
        else:

            def name(verzeichnis: Path, tag) -> str:
                return f"{verzeichnis}" + (f" am {formatiere_datum(tag)}" if tag else "")

            namen = {
                i: kompilate_neu.get(i, kompilate_alt.get(i, {})).get("name", i)
                for i in [*kompilate_alt, *kompilate_neu]
            }
            kopf = (
                f"Regeln vergleichen: {name(kat_alt.verzeichnis, tag_alt)} → "
                f"{name(kat_neu.verzeichnis, tag_neu)}"
            )
            schreibe(vergleich_ausgabe.als_text(unterschiede, namen, kopf))
        if unterschiede:
            raise typer.Exit(1)

    return gruppe


def _ohne_intern(knoten):
    """Das Kompilat ohne interne Felder (``_ags``: aufgelöste Datensätze)."""
    if isinstance(knoten, dict):
        return {k: _ohne_intern(v) for k, v in knoten.items() if not k.startswith("_")}
    if isinstance(knoten, list):
        return [_ohne_intern(v) for v in knoten]
    return knoten
