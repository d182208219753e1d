"""``ozg-foerder batch`` und ``ozg-foerder vorlage``: dünne Befehle über :mod:`ozg_foerder.batch`.

Alle Werte kommen als Text und werden vom Paket gelesen (deutsche Fehlermeldungen statt
Typers Typprüfung). Exit-Codes von batch: 0 alle Zeilen ausgewertet, 1 Zeilen mit Fehlern,
2 Datei unbrauchbar oder Aufruf falsch, 130 abgebrochen (Strg-C).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ozg_foerder.cli.basis import (
    EXIT_EINGABE,
    RegelnOption,
    StichtagOption,
    abbruch,
    abbruch_code,
    abbruch_grund,
    abgebrochen,
    befehl,
    eingabefehler,
    meldung,
)
from ozg_foerder.eingaben.werte import EingabeFehler

ProgrammOption = Annotated[
    list[str] | None,
    typer.Option(
        "--programm",
        "-p",
        help="Nur dieses Programm auswerten; mehrfach angeben oder mit Komma trennen. Ohne "
        "Angabe: jedes Programm, dessen Spalten die Zeile füllt. Beispiel: --programm ikz",
        metavar="PROGRAMM",
        show_default=False,
    ),
]
AusgabeOption = Annotated[
    str | None,
    typer.Option(
        "--ausgabe",
        "-o",
        help="In diese Datei schreiben statt ins Terminal; das Format folgt der Endung. "
        "Beispiel: --ausgabe ergebnis.xlsx",
        metavar="DATEI",
        show_default=False,
    ),
]
UeberschreibenOption = Annotated[
    bool,
    typer.Option(
        "--ueberschreiben",
        help="Eine vorhandene Ausgabedatei ersetzen (sonst Abbruch). Beispiel: "
        "--ausgabe ergebnis.csv --ueberschreiben",
        metavar="",
    ),
]

_HILFE_BATCH = "ozg-foerder batch --help"
_HILFE_VORLAGE = "ozg-foerder vorlage --help"


def _ziel(ausgabe: str | None) -> Path | None:
    """Die Ausgabedatei; ``-`` heißt wie üblich: ins Terminal (stdout)."""
    if ausgabe is None or ausgabe.strip() == "-":
        return None
    if not ausgabe.strip():
        abbruch("--ausgabe ist leer.", _HILFE_BATCH)
    return Path(ausgabe)


def _batch(
    eingabe: str,
    programm: list[str] | None,
    format: str | None,
    ausgabe: str | None,
    stichtag: str | None,
    blatt: str | None,
    ueberschreiben: bool,
    regeln: str | None,
    spalten: str | None = None,
    kreis: str | None = None,
    summen: str | None = None,
    spalte: list[str] | None = None,
    prozesse: str | None = None,
) -> int:
    from ozg_foerder.batch import (
        DateiUnbrauchbar,
        bestimme_format,
        schreibe_ausgabe,
        werte_datei_aus,
    )
    from ozg_foerder.batch.ergebnisspalten import DEUTSCH, SPALTEN, regeln_text
    from ozg_foerder.batch.fortschritt import fortschrittsanzeige
    from ozg_foerder.batch.zieldatei import pruefe_ziel

    ziel = _ziel(ausgabe)
    try:
        fmt = bestimme_format(format, ziel)
        art = (spalten or DEUTSCH).strip().lower()
        if art not in SPALTEN:
            raise EingabeFehler("--spalten", spalten, " oder ".join(SPALTEN))
        anzahl = _prozesse(prozesse)
        auswertung = werte_datei_aus(
            eingabe,
            programme=programm,
            stichtag=stichtag,
            regeln=regeln,
            blatt=blatt,
            kreis=kreis,
            summen=summen,
            spalten=spalte,
        )
        if ziel is not None:  # vor der Auswertung: Ziel erlaubt?
            pruefe_ziel(ziel, auswertung.quelle.pfad, ueberschreiben)
    except EingabeFehler as fehler:
        eingabefehler(fehler, _HILFE_BATCH)
    except DateiUnbrauchbar as fehler:
        abbruch(fehler.meldung, fehler.hilfe)
    for hinweis in auswertung.hinweise:
        meldung(f"Hinweis: {hinweis}")
    try:
        with fortschrittsanzeige(auswertung.quelle.groesse) as fortschritt:
            schreibe_ausgabe(
                auswertung,
                fmt,
                ziel,
                ueberschreiben=ueberschreiben,
                fortschritt=fortschritt,
                spalten=art,
                prozesse=anzahl,
            )
    except DateiUnbrauchbar as fehler:
        abbruch(fehler.meldung, fehler.hilfe)
    except KeyboardInterrupt as unterbrechung:  # Strg-C, SIGTERM, SIGHUP
        grund, code = abbruch_grund(unterbrechung), abbruch_code(unterbrechung)
        if ziel is not None:
            abgebrochen(
                f"Abgebrochen ({grund}): {ziel} wurde nicht geschrieben"
                + (" und ist unverändert." if ziel.exists() else "."),
                code,
            )
        abgebrochen(f"Abgebrochen ({grund}): Die Ausgabe ist unvollständig.", code)
    except BrokenPipeError:  # Ausgabe in eine geschlossene Pipe (| head): still enden
        _stdout_verwerfen()
        return 0
    except OSError as fehler:
        if ziel is None:  # stdout: nichts mehr dorthin, auch nicht beim Beenden
            _stdout_verwerfen()
            abbruch(
                f"Die Ausgabe ließ sich nicht schreiben ({fehler.strerror or fehler}); sie ist "
                "unvollständig.",
                "Speicherplatz prüfen oder mit --ausgabe DATEI in eine Datei schreiben.",
            )
        abbruch(
            f"Lesen oder Schreiben fehlgeschlagen ({fehler.strerror or fehler}); es wurde "
            "keine unvollständige Ausgabedatei hinterlassen.",
            "Speicherplatz und Schreibrechte prüfen oder ein anderes Ziel angeben.",
        )
    zf = auswertung.zusammenfassung
    if fmt == "tabelle":  # die Tabelle zeigt die Summen; Hinweise aus dem Lesen hier
        for text in zf.nicht_auswertbar:
            meldung(f"Nicht ausgewertet: {text}")
        for text in zf.hinweise:
            meldung(f"Hinweis: {text}")
    if fmt != "tabelle":
        meldung(zf.als_text().rstrip("\n"))
        regeln = regeln_text(auswertung)
        if regeln:
            meldung(regeln)
        if ziel is not None:
            meldung(f"Geschrieben: {ziel}")
    if zf.fehler_beispiele and fmt != "tabelle":  # die Tabelle zeigt sie schon
        meldung(f"{zf.fehlerzeilen} Zeile(n) mit Fehlern, z. B.:")
        for text in zf.fehler_beispiele[:5]:
            meldung(f"  {text}")
        if fmt in ("csv", "xlsx"):
            name = "fehler" if art == "technisch" else "Fehler"
            meldung(f"Alle Meldungen stehen in der Spalte „{name}“.")
    return auswertung.exit_code


def _prozesse(text: str | None) -> int | None:
    """``--prozesse``: eine ganze Zahl von 1 bis 64; ``None`` ohne Angabe. Wirft EingabeFehler."""
    if text is None:
        return None
    wert = text.strip()
    if not (wert.isascii() and wert.isdigit()) or not 1 <= int(wert) <= 64:  # nicht „²“
        raise EingabeFehler("--prozesse", text, "eine ganze Zahl von 1 bis 64, z. B. 1 oder 4")
    return int(wert)


def _stdout_verwerfen() -> None:
    """Weitere Ausgaben (auch beim Beenden) ins Leere statt in die geschlossene Pipe."""
    import os

    try:
        leer = os.open(os.devnull, os.O_WRONLY)
        os.dup2(leer, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _vorlage(
    programm: list[str] | None,
    format: str | None,
    ausgabe: str | None,
    ueberschreiben: bool,
    regeln: str | None,
) -> int:
    from ozg_foerder.api import katalog
    from ozg_foerder.batch import DateiUnbrauchbar
    from ozg_foerder.batch.spalten import pruefe_programme
    from ozg_foerder.batch.vorlage import baue_vorlage, schreibe_vorlage_csv, schreibe_vorlage_xlsx
    from ozg_foerder.batch.zieldatei import pruefe_ziel, zieldatei

    ziel = _ziel(ausgabe)
    try:
        kat = katalog(regeln)
        ids = pruefe_programme(list(programm or []), kat.ids)
        if format is None and ziel is not None and ziel.suffix.lower() not in (".csv", ".xlsx"):
            raise EingabeFehler(
                "--ausgabe",
                ziel.name,
                "eine Datei mit der Endung .csv oder .xlsx oder dazu --format csv|xlsx",
                grund=(
                    f"Die Endung {ziel.suffix} ist kein Format der Vorlage."
                    if ziel.suffix
                    else "Ohne Endung lässt sich das Format nicht erkennen."
                ),
            )
        fmt = (format or (ziel.suffix.lstrip(".").lower() if ziel else "") or "csv").strip()
        fmt = fmt.lower()
        if fmt not in ("csv", "xlsx"):
            raise EingabeFehler("--format", format or fmt, "csv oder xlsx")
        if fmt == "xlsx" and ziel is None:
            raise EingabeFehler(
                "--format",
                "xlsx",
                "xlsx zusammen mit --ausgabe DATEI.xlsx",
                grund="Eine Excel-Arbeitsmappe gehört in eine Datei, nicht ins Terminal.",
            )
    except EingabeFehler as fehler:
        eingabefehler(fehler, _HILFE_VORLAGE)
    vorlage = baue_vorlage([kat.programm(i) for i in (ids or kat.ids)])
    if ziel is None:
        import io

        sys.stdout.flush()
        puffer = getattr(sys.stdout, "buffer", None)
        if puffer is None:
            schreibe_vorlage_csv(vorlage, sys.stdout, bom=False)
            return 0
        text = io.StringIO(newline="")  # klein; so schließt ein Schreibfehler nie sys.stdout
        schreibe_vorlage_csv(vorlage, text, bom=not sys.stdout.isatty())
        puffer.write(text.getvalue().encode("utf-8"))
        puffer.flush()
        return 0
    try:
        pruefe_ziel(ziel, None, ueberschreiben)
        with zieldatei(ziel, ueberschreiben) as datei:
            if fmt == "xlsx":
                schreibe_vorlage_xlsx(vorlage, datei)
            else:
                import io

                strom = io.TextIOWrapper(datei, encoding="utf-8", newline="")
                schreibe_vorlage_csv(vorlage, strom)
                strom.flush()
                strom.detach()
    except DateiUnbrauchbar as fehler:
        abbruch(fehler.meldung, fehler.hilfe)
    meldung(f"Vorlage geschrieben: {ziel} ({len(vorlage.spalten)} Spalten)")
    return 0


def registriere(app: typer.Typer) -> None:
    @befehl(app, "batch")
    def batch(
        eingabe: Annotated[
            str,
            typer.Argument(
                help="CSV- oder Excel-Datei (.xlsx) mit einer Zeile je Kommune, z. B. "
                "data/beispiel_kommunen.csv",
                metavar="EINGABE",
                show_default=False,
            ),
        ],
        programm: ProgrammOption = None,
        format: Annotated[
            str | None,
            typer.Option(
                "--format",
                help="tabelle (Terminal, Standard), csv, json oder xlsx; ohne Angabe aus der "
                "Endung von --ausgabe. Beispiel: --format csv",
                metavar="tabelle|csv|json|xlsx",
                show_default=False,
            ),
        ] = None,
        ausgabe: AusgabeOption = None,
        stichtag: StichtagOption = None,
        blatt: Annotated[
            str | None,
            typer.Option(
                "--blatt",
                help="Tabellenblatt einer Excel-Datei (Standard: das erste). Beispiel: "
                "--blatt Kommunen",
                metavar="NAME",
                show_default=False,
            ),
        ] = None,
        ueberschreiben: UeberschreibenOption = False,
        regeln: RegelnOption = None,
        spalten: Annotated[
            str | None,
            typer.Option(
                "--spalten",
                help="Ergebnisspalten von csv, xlsx und Tabelle: deutsch (Standard; je Programm "
                "„<Kurzname> Ergebnis“ = „förderfähig“, „<Kurzname> Zuwendung“, „<Kurzname> "
                "Begründung / noch offen“, dazu „Eingabezeile“ und „Fehler“) oder technisch "
                "(<programm>_ergebnis = foerderfaehig, <programm>_betrag, fehler – wie bis "
                "Version 1, für Programme, die die CSV lesen). Beispiel: --spalten technisch",
                metavar="deutsch|technisch",
                show_default=False,
            ),
        ] = None,
        kreis: Annotated[
            str | None,
            typer.Option(
                "--kreis",
                help="Kommunennamen in diesem Landkreis suchen (für Zeilen ohne Angabe in einer "
                "Spalte kreis); macht mehrdeutige Namen eindeutig. Beispiel: --kreis "
                "Vogelsbergkreis",
                metavar="LANDKREIS",
                show_default=False,
            ),
        ] = None,
        summen: Annotated[
            str | None,
            typer.Option(
                "--summen",
                help="Zusätzlich Summen je Landkreis (kreis) oder Regierungsbezirk (bezirk). "
                "Beispiel: --summen kreis",
                metavar="kreis|bezirk",
                show_default=False,
            ),
        ] = None,
        spalte: Annotated[
            list[str] | None,
            typer.Option(
                "--spalte",
                help="Eine Spalte ausdrücklich einer Eingabe zuordnen; mehrfach möglich. "
                'Beispiel: --spalte kosten="Summe Projekt"',
                metavar='EINGABE="Überschrift"',
                show_default=False,
            ),
        ] = None,
        prozesse: Annotated[
            str | None,
            typer.Option(
                "--prozesse",
                help="So viele Prozesse werten eine große Liste (ab 1 MB, csv- und json-Ausgabe) "
                "aus; Standard: so viele, wie der Rechner Kerne hat (höchstens 4). Das Ergebnis "
                "ist dasselbe, nur schneller. 1 = alles in einem Prozess; mehr als zwei je "
                "Kern werden es nicht; Listen mit Verbünden rechnet immer einer. Beispiel: "
                "--prozesse 1",
                metavar="ANZAHL",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Eine Liste von Kommunen (CSV oder Excel) auswerten: je Zeile Ergebnis und Betrag
        jedes passenden Programms, dazu Summen im Vergleich mit den Budgets.

        Spalten: kommune (Name oder AGS), kreis (Landkreis, in dem der Name gesucht wird),
        verbund (Zeilen mit gleichem Namen sind ein gemeinsames Vorhaben, wie die Regeldatei
        des Programms es festlegt) und die Eingaben der Programme, z. B. kommunen, einsparung,
        laufzeit_jahre, beschluss, vereinbarung, kosten, handlungsfelder, vorhaben, genutzt –
        auch mit Einheit („Kosten (EUR)“, „Einsparung %“) oder einem Synonym („Gesamtkosten“).
        Eine leere Zelle heißt „nicht angegeben“. Eine Vorlage erzeugt: ozg-foerder vorlage

        Exit: 0 alle Zeilen ausgewertet, 1 Zeilen mit Fehlern, 2 Datei unbrauchbar.

        Beispiel: ozg-foerder batch data/beispiel_kommunen.csv --stichtag 14.03.2022

        Beispiel: ozg-foerder batch liste.xlsx --programm ikz --ausgabe ergebnis.xlsx
        """
        code = _batch(
            eingabe,
            programm,
            format,
            ausgabe,
            stichtag,
            blatt,
            ueberschreiben,
            regeln,
            spalten,
            kreis,
            summen,
            spalte,
            prozesse,
        )
        raise typer.Exit(code)

    @befehl(app, "vorlage")
    def vorlage(
        programm: Annotated[
            list[str] | None,
            typer.Option(
                "--programm",
                "-p",
                help="Nur die Spalten dieses Programms; mehrfach angeben oder mit Komma trennen. "
                "Ohne Angabe: die Spalten aller Programme. Beispiel: --programm ikz",
                metavar="PROGRAMM",
                show_default=False,
            ),
        ] = None,
        format: Annotated[
            str | None,
            typer.Option(
                "--format",
                help="csv (Standard; Semikolon, UTF-8 für deutsches Excel) oder xlsx (mit "
                "Erläuterung an jeder Spalte, braucht --ausgabe). Beispiel: --format xlsx",
                metavar="csv|xlsx",
                show_default=False,
            ),
        ] = None,
        ausgabe: Annotated[
            str | None,
            typer.Option(
                "--ausgabe",
                "-o",
                help="Die Vorlage in diese Datei schreiben; das Format folgt der Endung. "
                "Beispiel: --ausgabe kommunen.xlsx",
                metavar="DATEI",
                show_default=False,
            ),
        ] = None,
        ueberschreiben: UeberschreibenOption = False,
        regeln: RegelnOption = None,
    ) -> None:
        """Eine leere Vorlage für ozg-foerder batch: alle Spalten und eine Beispielzeile.

        Ohne --ausgabe kommt die CSV-Vorlage ins Terminal (zum Umleiten in eine Datei).

        Beispiel: ozg-foerder vorlage --programm ikz --ausgabe kommunen.xlsx
        """
        code = _vorlage(programm, format, ausgabe, ueberschreiben, regeln)
        raise typer.Exit(code)


__all__ = ["EXIT_EINGABE", "registriere"]
