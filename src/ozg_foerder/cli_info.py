"""Auskunftsbefehle: ``kommunen`` (weitere folgen: leistungen, fristen, uebersicht)."""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_basis import (
    FormatOption,
    befehl,
    eingabefehler,
    pruefe_format,
    schreibe,
    schreibe_json,
)
from .eingaben import EingabeFehler


def registriere(app: typer.Typer) -> None:
    @befehl(app, "kommunen")
    def kommunen(
        suche: Annotated[
            str | None,
            typer.Argument(
                help="Teil eines Namens oder einer AGS, z. B. 'Lautertal' oder '06531'.",
                metavar="SUCHE",
                show_default=False,
            ),
        ] = None,
        kreis: Annotated[
            str | None,
            typer.Option(
                "--kreis",
                help="Nur Kommunen dieses Landkreises, z. B. 'Gießen', 'LK Fulda' oder 06631.",
                metavar="NAME",
                show_default=False,
            ),
        ] = None,
        format: FormatOption = "text",
    ) -> None:
        """Hessische Kommunen auflisten und suchen: 421 Städte und Gemeinden, 21 Landkreise.

        Beispiel: ozg-foerder kommunen Lautertal
        """
        from .kommunen import verzeichnis

        fmt = pruefe_format(format, ("text", "json"), "ozg-foerder kommunen")
        register = verzeichnis()
        landkreis = None
        if kreis:
            try:
                landkreis = register.suche_kreis(kreis, "--kreis")
            except EingabeFehler as fehler:
                eingabefehler(fehler, "ozg-foerder kommunen --help")
        treffer = register.filtere(suche, landkreis)
        if fmt == "json":
            schreibe_json([k.als_dict() for k in treffer])
            return
        if not treffer:
            schreibe(f"Keine Kommune gefunden für „{suche}“.")
            return
        zeilen = [f"{'AGS':<9} {'Name':<34} {'Art':<17} Kreis"]
        for k in treffer:
            zeilen.append(f"{k.ags:<9} {k.name:<34} {k.art:<17} {k.kreis}")
        zeilen.append(f"\n{len(treffer)} Kommune(n).")
        schreibe("\n".join(zeilen))
