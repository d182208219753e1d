"""Auskunftsbefehle: ``kommunen``, ``leistungen``, ``fristen``, ``uebersicht``."""

from __future__ import annotations

from typing import Annotated

import typer

from ozg_foerder.ausgabe.text import veraltet_hinweis
from ozg_foerder.cli.basis import (
    FormatOption,
    RegelnOption,
    StichtagOption,
    befehl,
    eingabefehler,
    pruefe_format,
    schreibe,
    schreibe_json,
)
from ozg_foerder.eingaben.werte import (
    EingabeFehler,
    formatiere_betrag,
    formatiere_datum,
    formatiere_tage,
)
from ozg_foerder.engine.programm import plus_ein_jahr

KommuneOption = Annotated[
    str,
    typer.Option(
        "--kommune",
        help="Name oder AGS der Kommune, z. B. Wetzlar, 06532023 oder 'Landkreis Gießen'.",
        metavar="NAME|AGS",
        show_default=False,
    ),
]


def _stichtag(roh: str | None, befehl_name: str):
    from ozg_foerder.api import lies_stichtag

    try:
        return lies_stichtag(roh)
    except EingabeFehler as fehler:
        eingabefehler(fehler, f"{befehl_name} --help", "--stichtag")


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
        from ozg_foerder.eingaben.kommunen import verzeichnis

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

    @befehl(app, "leistungen")
    def leistungen(stichtag: StichtagOption = None, format: FormatOption = "text") -> None:
        """Die 27 Umsetzungsbündel der OZG-Leistungen (138 von 321, Stand 14.03.2022) und ihr
        Stand am Stichtag: verfügbar, teilweise oder noch nicht.

        Beispiel: ozg-foerder leistungen --stichtag 01.01.2021
        """
        from ozg_foerder.eingaben.leistungen import (
            ABGELEITET,
            GESAMT_LEISTUNGEN,
            QUELLE,
            STAND,
            lade_buendel,
            status,
        )

        befehl_name = "ozg-foerder leistungen"
        fmt = pruefe_format(format, ("text", "json"), befehl_name)
        tag = _stichtag(stichtag, befehl_name)
        buendel = lade_buendel()
        stati = {b.nr: status(b, tag) for b in buendel}
        summe = sum(b.leistungen for b in buendel)
        if fmt == "json":
            schreibe_json(
                {
                    "stichtag": tag.isoformat(),
                    "stand": STAND.isoformat(),
                    "leistungen_bereit": summe,
                    "leistungen_gesamt": GESAMT_LEISTUNGEN,
                    "quelle": QUELLE,
                    "abgeleitet": ABGELEITET,
                    "buendel": [
                        {
                            "nr": b.nr,
                            "name": b.name,
                            "leistungen": b.leistungen,
                            "monate": [m.strftime("%Y-%m") for m in b.monate],
                            "verfuegbar_seit": b.verfuegbar_seit,
                            "status": stati[b.nr],
                        }
                        for b in buendel
                    ],
                }
            )
            return
        text = {"verfuegbar": "verfügbar", "teilweise": "teilweise", "noch_nicht": "noch nicht"}
        zeilen = [
            f"OZG-Leistungen zur kommunalen Onlinestellung – Stand {formatiere_datum(STAND)}: "
            f"{summe} von {GESAMT_LEISTUNGEN} Leistungen aus {len(buendel)} Umsetzungsbündeln",
            f"Status am {formatiere_datum(tag)}",
            "",
            f"{'Nr':>3}  {'Umsetzungsbündel':<36} {'Leist.':>6}  {'Status':<12} verfügbar seit",
        ]
        for b in buendel:
            zeilen.append(
                f"{b.nr:>3}  {b.name:<36} {b.leistungen:>6}  {text[stati[b.nr]]:<12} "
                f"{b.verfuegbar_seit}"
            )
        zeilen.append("")
        for schluessel, wort in text.items():
            gruppe = [b for b in buendel if stati[b.nr] == schluessel]
            anzahl = sum(b.leistungen for b in gruppe)
            zeilen.append(f"{'':5}{wort}: {len(gruppe)} Bündel mit {anzahl} Leistungen")
        zeilen.append("")
        zeilen.append(f"Quelle: {QUELLE}. Aktuelle Liste: Dashboard der ekom21.")
        zeilen.append(f"Status: {ABGELEITET}.")
        if tag > STAND.replace(year=STAND.year + 1):
            zeilen.append(
                f"Hinweis: Die Übersicht hat Stand {formatiere_datum(STAND)}; seitdem sind "
                "weitere Leistungen hinzugekommen."
            )
        schreibe("\n".join(zeilen))

    @befehl(app, "fristen")
    def fristen(
        stichtag: StichtagOption = None,
        format: FormatOption = "text",
        regeln: RegelnOption = None,
        ics: Annotated[
            str | None,
            typer.Option(
                "--ics",
                help="Die Fristen, die am Stichtag noch nicht abgelaufen sind, als Kalenderdatei "
                "(iCalendar) schreiben: ganztägig, Erinnerung vier Wochen vorher.",
                metavar="DATEI.ics",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Alle Fristen aller Programme auf einer Zeitleiste: läuft, abgelaufen oder beginnt,
        mit den verbleibenden Tagen.

        Beispiel: ozg-foerder fristen --stichtag 14.03.2022
        """
        from ozg_foerder.ausgabe.fristen import sammle_fristen, zeitleiste, zusammenfassung

        befehl_name = "ozg-foerder fristen"
        fmt = pruefe_format(format, ("text", "json"), befehl_name)
        tag = _stichtag(stichtag, befehl_name)
        from ozg_foerder.api import katalog  # fehlerhafte Regeln meldet cli.main einheitlich

        programme = katalog(regeln).programme()
        liste = sammle_fristen(programme, tag)
        if ics is not None:
            from ozg_foerder.ausgabe.kalender import als_ics, ereignisse_aus_fristen
            from ozg_foerder.cli.basis import meldung
            from ozg_foerder.cli.plan import schreibe_datei

            ereignisse = ereignisse_aus_fristen(
                liste, tag, {p.id: p.name for p in programme}, {p.id: p.kurzname for p in programme}
            )
            inhalt = als_ics(ereignisse, "Förderfristen OZG Hessen")
            schreibe_datei(ics, inhalt, "--ics", f"{befehl_name} --help")
            meldung(f"{len(ereignisse)} Termine nach {ics} geschrieben.")
        regelsatz = katalog(regeln).regelsatz()
        if fmt == "json":
            schreibe_json(
                {
                    "stichtag": tag.isoformat(),
                    "regeln": regelsatz,
                    "fristen": [f.als_dict(tag) for f in liste],
                }
            )
            return
        namen = {p.id: p.name for p in programme}
        import shutil
        import sys

        spalten = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        schreibe(zeitleiste(liste, tag, namen, spalten))
        zeilen = [
            "",
            f"Fristen: {zusammenfassung(liste, tag)}. Details mit --format json; Quellen: "
            "ozg-foerder regeln zeigen PROGRAMM.",
        ]
        veraltet = [p.stand for p in programme if tag > plus_ein_jahr(p.stand)]
        if veraltet:
            zeilen.append(f"Hinweis: {veraltet_hinweis(veraltet)}")
        from ozg_foerder.ausgabe.regelsatz import regelsatz_text

        zeilen.append(regelsatz_text(regelsatz))
        schreibe("\n".join(zeilen))

    @befehl(app, "uebersicht")
    def uebersicht(
        kommune: KommuneOption,
        stichtag: StichtagOption = None,
        format: FormatOption = "text",
        regeln: RegelnOption = None,
    ) -> None:
        """Eine Kommune, alle Programme: was sie noch bekommen kann, was geschlossen ist und
        welche Angaben eine vollständige Prüfung braucht.

        Beispiel: ozg-foerder uebersicht --kommune Wetzlar --stichtag 14.03.2022
        """
        from ozg_foerder.eingaben.kommunen import verzeichnis
        from ozg_foerder.uebersicht import uebersicht as werte_uebersicht

        befehl_name = "ozg-foerder uebersicht"
        fmt = pruefe_format(format, ("text", "json"), befehl_name)
        tag = _stichtag(stichtag, befehl_name)
        try:
            gefunden, hinweise = verzeichnis().suche(kommune, "--kommune")
        except EingabeFehler as fehler:
            eingabefehler(fehler, f"{befehl_name} --help")
        from ozg_foerder.api import katalog

        kat = katalog(regeln)
        zeilen = werte_uebersicht(kat.programme(), gefunden, tag)
        if fmt == "json":
            schreibe_json(
                {
                    "kommune": gefunden.als_dict(),
                    "stichtag": tag.isoformat(),
                    "regeln": kat.regelsatz(),
                    "hinweise": hinweise,
                    "programme": [z.als_dict() for z in zeilen],
                }
            )
            return
        from ozg_foerder.ausgabe.regelsatz import regelsatz_text

        text = _uebersicht_text(gefunden, tag, hinweise, zeilen)
        schreibe(text + "\n" + regelsatz_text(kat.regelsatz()))


def _uebersicht_text(kommune, tag, hinweise, zeilen) -> str:
    from ozg_foerder.ausgabe.text import kontakt_text

    symbol = {"moeglich": "●", "geschlossen": "○", "nicht_moeglich": "✗"}
    wort = {"moeglich": "möglich", "geschlossen": "geschlossen", "nicht_moeglich": "nicht möglich"}
    z = [f"Übersicht für {kommune.anzeige}", f"Stichtag {formatiere_datum(tag)}", ""]
    z += [f"Hinweis: {h}" for h in hinweise]
    veraltet = [zeile.programm.stand for zeile in zeilen if zeile.ergebnis.veraltet]
    if veraltet:
        z.append(f"Hinweis: {veraltet_hinweis(veraltet)}")
    if hinweise or veraltet:
        z.append("")
    for zeile in zeilen:
        p, e = zeile.programm, zeile.ergebnis
        z.append(f"{symbol[zeile.status]} {p.name}")
        z.append(f"    Status: {wort[zeile.status]}")
        if zeile.bis_zu is not None:
            z.append(f"    Betrag: bis zu {formatiere_betrag(zeile.bis_zu)}")
        if e.tage_verfuegbar is not None and zeile.status == "moeglich":
            z.append(f"    Beratungstage noch förderbar: {formatiere_tage(e.tage_verfuegbar)}")
            foerderbar = [str(m.modul.nr) for m in e.module if m.status == "foerderfaehig"]
            if foerderbar:
                z.append(f"    Module noch förderbar: {', '.join(foerderbar)}")
        if e.angebote and zeile.status == "moeglich":
            laufend = [a.text for a, s, _ in e.angebote if s == "aktiv"]
            z.append(f"    Laufende Leistungen ohne Antrag: {len(laufend)} von {len(e.angebote)}")
        if p.gueltigkeit is not None and p.gueltigkeit[1] is not None:
            ende = p.gueltigkeit[1]
            rest = (ende - tag).days
            frist = f"bis {formatiere_datum(ende)}" + (f" (noch {rest} Tage)" if rest >= 0 else "")
            z.append(f"    Zeitraum: {frist}")
        for grund in zeile.gruende:
            z.append(f"    Grund: {grund}")
        if zeile.status == "moeglich" and zeile.fehlende:
            z.append(f"    Für die vollständige Prüfung fehlen: {', '.join(zeile.fehlende)}")
        if zeile.status == "moeglich" and zeile.optional:
            z.append(f"    Optional (Hinweise, genauere Werte): {', '.join(zeile.optional)}")
        if zeile.status == "moeglich" and (zeile.fehlende or zeile.optional):
            z.append(f"    → ozg-foerder check {p.id} --help")
        z.append(f"    Kontakt: {kontakt_text(p)}")
        z.append("")
    z.append("Unverbindliche Übersicht aus den veröffentlichten Unterlagen, kein Förderbescheid.")
    return "\n".join(z)
