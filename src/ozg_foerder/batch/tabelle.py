"""Ergebnis als Tabelle im Terminal (rich): höchstens die ersten 50 Zeilen, dann die Summen.

Ausgewertet wird trotzdem die ganze Datei – die Zusammenfassung zählt alle Zeilen. Im
Speicher stehen nur die gezeigten Zeilen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from ozg_foerder.ausgabe.text import ERGEBNIS_TEXT
from ozg_foerder.batch.auswertung import Auswertung, Zeilenergebnis
from ozg_foerder.batch.ergebnisspalten import (
    DEUTSCH,
    TECHNISCH,
    ausgabespalten,
    begruendung_text,
    regeln_text,
)
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.zusammenfassung import Zusammenfassung
from ozg_foerder.eingaben.sichtbar import sichtbar
from ozg_foerder.eingaben.werte import formatiere_betrag, formatiere_tage
from ozg_foerder.engine.auswertung import FOERDERFAEHIG, NICHT_FOERDERFAEHIG, OFFEN

__all__ = ["MAX_ZEILEN", "schreibe_tabelle"]

MAX_ZEILEN = 50
_STIL = {FOERDERFAEHIG: "green", OFFEN: "yellow", NICHT_FOERDERFAEHIG: "red"}


_ZEICHEN = {FOERDERFAEHIG: "✓", OFFEN: "?", NICHT_FOERDERFAEHIG: "✗"}


def _zelle(z: Zeilenergebnis, pid: str, knapp: bool = False) -> Any:
    """Ergebnis einer Zelle; ``knapp`` (viele Programme): nur Zeichen und Betrag in einer Zeile."""
    from rich.text import Text

    e = z.ergebnisse.get(pid)
    if e is None:
        return Text("–", style="dim")
    if knapp:
        text = Text(_ZEICHEN[e.ergebnis], style=_STIL[e.ergebnis])
        if e.betrag is not None:  # das € steht im Kopf der Spalte
            text.append(f" {_betrag_knapp(e.betrag).removesuffix(' €')}")
        if e.tage_verfuegbar is not None:
            text.append(f" {formatiere_tage(e.tage_verfuegbar)} T.")
        return text  # Anteile und Verbünde: in csv, json und xlsx
    else:
        text = Text(f"{_ZEICHEN[e.ergebnis]} {ERGEBNIS_TEXT[e.ergebnis]}", style=_STIL[e.ergebnis])
        if e.betrag is not None:
            text.append(f"\n{formatiere_betrag(e.betrag)}")
    teil = z.verbund.get(pid) if z.verbund else None
    if teil is not None and teil.anteil is not None:
        text.append(f"\nAnteil {formatiere_betrag(teil.anteil)}", style="dim")
    if e.tage_verfuegbar is not None:
        text.append(f"\n{formatiere_tage(e.tage_verfuegbar)} Tage")
    return text


def _betrag_knapp(betrag: Any) -> str:
    """100.000,00 € → "100.000 €", 100.000,80 € bleibt: Cents nur, wenn es welche gibt."""
    text = formatiere_betrag(betrag)
    return text.replace(",00 €", " €")


def _kommune(z: Zeilenergebnis, knapp: bool = False) -> Any:
    from rich.text import Text

    text = Text(sichtbar(z.kommune_text or ""))
    namen = sorted({t.name for t in z.verbund.values()})
    if namen and not knapp:
        text.append("\nVerbund " + ", ".join(namen), style="dim")
    return text


def schreibe_tabelle(
    auswertung: Auswertung,
    strom: TextIO,
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
    titel: str = "",
    spalten: str = DEUTSCH,
) -> None:
    """Die ersten :data:`MAX_ZEILEN` Zeilen als Tabelle, darunter je Zeile und Programm die
    Begründung (nicht erfüllt / noch offen), die Fehler und die Zusammenfassung."""
    from rich.console import Console

    # markup=False: Zellinhalte und Dateinamen wie "[/red]" oder "l[x].csv" sind Text, kein Markup
    titel = sichtbar(titel)
    ziel = _OhneEndleerzeichen(strom)
    konsole = Console(file=ziel, highlight=False, markup=False)
    try:
        _schreibe(auswertung, konsole, fortschritt, titel, spalten)
    finally:
        ziel.fertig()


class _OhneEndleerzeichen:
    """Ein Strom, der jede Zeile ohne die Leerzeichen am Ende weitergibt (rich füllt die
    Zellen einer Tabelle bis zur vollen Breite auf; in einer Pipe stört das)."""

    def __init__(self, strom: TextIO) -> None:
        self._strom = strom
        self._rest = ""

    def write(self, text: str) -> int:
        teile = (self._rest + text).split("\n")
        self._rest = teile.pop()
        for teil in teile:
            self._strom.write(teil.rstrip(" ") + "\n")
        return len(text)

    def fertig(self) -> None:
        if self._rest:
            self._strom.write(self._rest.rstrip(" "))
            self._rest = ""
        self._strom.flush()

    def flush(self) -> None:
        self._strom.flush()

    def __getattr__(self, name: str) -> Any:  # isatty, encoding, fileno: wie der Strom
        return getattr(self._strom, name)


def _schreibe(
    auswertung: Auswertung,
    konsole: Any,
    fortschritt: Callable[[str], Fortschritt | None] | None,
    titel: str,
    spalten: str,
) -> None:
    from rich import box
    from rich.table import Table

    programme = auswertung.programme
    tabelle = Table(
        box=box.SIMPLE_HEAD,
        show_lines=True,
        pad_edge=False,  # mehr Platz für die Programme (80 Spalten)
        collapse_padding=True,
    )
    knapp = len(programme) > 2  # sonst passt die Tabelle in kein übliches Terminal
    tabelle.add_column("Zeile", justify="right", no_wrap=True)
    tabelle.add_column("Kommune", min_width=10 if knapp else 12, overflow="fold")
    deutsch = spalten != TECHNISCH
    for ps in programme:
        kopf = ps.programm.kurzname if knapp or deutsch else ps.id
        if knapp and ps.programm.formel is not None:
            kopf += " €"  # Beträge ohne €: sie brechen sonst in schmalen Spalten um
        # nicht mitten im Wort umbrechen: so breit wie das längste Wort des Kopfs
        tabelle.add_column(kopf, min_width=max(map(len, kopf.split())))
    if not knapp:  # knapp: ein ⚠ an der Zeilennummer, die Meldungen stehen unter der Tabelle
        tabelle.add_column("Fehler", style="red", no_wrap=True)
    weitere = 0
    fehler: list[str] = []
    gruende: list[tuple[str, str, str]] = []
    ziele = ausgabespalten(auswertung.plan, DEUTSCH).programme if deutsch else []
    gezeigt = 0
    for z in auswertung.zeilen(fortschritt):
        if gezeigt >= MAX_ZEILEN:
            weitere += 1
            continue
        gezeigt += 1
        fehler.extend(z.fehler)
        for pz in ziele:
            if pz.ps.id in z.ergebnisse:
                text = begruendung_text(z, pz)
                if text:
                    gruende.append((str(z.tabellenzeile), pz.ps.programm.kurzname, sichtbar(text)))
        warnung = f"⚠ {len(z.fehler)}" if z.fehler else ""
        if knapp:
            nummer = f"{z.tabellenzeile} ⚠" if z.fehler else str(z.tabellenzeile)
            tabelle.add_row(
                nummer, _kommune(z, knapp), *(_zelle(z, ps.id, knapp) for ps in programme)
            )
        else:
            tabelle.add_row(
                str(z.tabellenzeile),
                _kommune(z, knapp),
                *(_zelle(z, ps.id, knapp) for ps in programme),
                warnung,
            )
    if titel:  # der Dateiname ganz, nie mitten im Namen umbrochen
        konsole.print(titel, soft_wrap=True, style="italic")
    konsole.print(tabelle)
    konsole.print(
        "Zeile = Zeile in der Tabelle · ✓ förderfähig · ? offen (Angaben fehlen noch) · "
        "✗ nicht förderfähig · – nicht ausgewertet" + (" · T. = Beratungstage" if knapp else ""),
        style="dim",
    )
    regeln = regeln_text(auswertung)
    if regeln:
        konsole.print(regeln, style="dim")
    if weitere:
        konsole.print(
            f"… und {weitere} weitere Zeile{'n' if weitere != 1 else ''} "
            "(alle: --format csv, json oder xlsx)"
        )
    if gruende:
        # eine Tabelle ohne Rahmen: lange Begründungen umbrechen eingerückt unter ihrem Text
        liste = Table(
            title="Begründung / noch offen",
            title_justify="left",
            title_style="bold",
            box=None,
            show_header=False,
            padding=(0, 1),
        )
        liste.add_column(justify="right", no_wrap=True)
        liste.add_column(no_wrap=True)
        liste.add_column(ratio=1, overflow="fold")
        for zeile, kurz, text in gruende:
            liste.add_row(f"Zeile {zeile}", kurz, text)
        konsole.print()
        konsole.print(liste)
    if fehler:
        konsole.print()
        konsole.print("Fehler", style="bold red")
        for text in fehler:
            konsole.print(f"  {sichtbar(text)}", style="red")
    konsole.print()
    _zusammenfassung(konsole, auswertung.zusammenfassung)


def _zusammenfassung(konsole: Any, zf: Zusammenfassung) -> None:
    konsole.print(zf.kopf_text(), style="bold")
    for s in zf.programme.values():
        for i, zeile in enumerate(zf.programm_zeilen(s)):
            konsole.print(zeile, style="bold" if i == 0 else None)
