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
    str | None,
    typer.Option(
        "--kommune",
        help="Name oder AGS der Kommune, z. B. Wetzlar, 06532023 oder 'Landkreis Gießen' "
        "(oder als erstes Argument).",
        metavar="NAME|AGS",
        show_default=False,
    ),
]
KommuneArgument = Annotated[
    str | None,
    typer.Argument(
        help="Die Kommune, wie --kommune: uebersicht Wanfried.",
        metavar="[KOMMUNE]",
        show_default=False,
    ),
]


def kommune_aus(argument: str | None, option: str | None, befehl_name: str) -> str:
    """Die Kommune als Argument oder mit --kommune (beides nur, wenn es dieselbe ist)."""
    from ozg_foerder.cli.basis import abbruch

    if argument and option and argument.strip().casefold() != option.strip().casefold():
        abbruch(
            f"Zwei Kommunen angegeben: „{argument}“ und --kommune „{option}“; bitte nur eine.",
            f"{befehl_name} --help",
        )
    wert = argument or option
    if not wert:
        abbruch("Angabe --kommune fehlt.", f"{befehl_name} --help")
    return wert


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
        aehnlich = not treffer and bool(suche)
        if aehnlich:  # "Hofbiber": die ähnlichen Namen, wie --kommune sie vorschlägt
            treffer = register.aehnliche(suche or "", landkreis)
        if fmt == "json":
            schreibe_json([k.als_dict() for k in treffer])
            return
        if not treffer:
            schreibe(f"Keine Kommune gefunden für „{suche}“.")
            return
        zeilen = [f"Kein Name enthält „{suche}“; ähnliche Namen:", ""] if aehnlich else []
        zeilen += [f"{'AGS':<9} {'Name':<34} {'Art':<17} Kreis"]
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
        from ozg_foerder.ausgabe.fristen import noch_offen
        from ozg_foerder.cli.basis import ausgabe_breite

        namen = {p.id: p.name for p in programme}
        schreibe(zeitleiste(liste, tag, namen, ausgabe_breite()))
        zeilen = [
            "",
            f"Fristen: {zusammenfassung(liste, tag)}. Details mit --format json; Quellen: "
            "ozg-foerder regeln zeigen PROGRAMM.",
        ]
        veraltet = [p.stand for p in programme if tag > plus_ein_jahr(p.stand)]
        if veraltet:
            zeilen.append(f"Hinweis: {veraltet_hinweis(veraltet)}")
        offen = noch_offen(liste, tag, {p.id: p.kurzname for p in programme})
        teile = [
            name
            + (
                f" (Ende {formatiere_datum(bis)} überschritten; prüfen, ob es noch gilt)"
                if weich and bis
                else f" (bis {formatiere_datum(bis)})"
                if bis
                else " (ohne Enddatum)"
            )
            for name, bis, weich in offen
        ]
        zeilen.append("")
        zeilen.append(f"{am_tag(tag)} noch offen: {', '.join(teile) if teile else 'keine Frist'}.")
        from ozg_foerder.ausgabe.regelsatz import regelsatz_text

        zeilen.append(regelsatz_text(regelsatz))
        schreibe("\n".join(zeilen))

    @befehl(app, "schema")
    def schema(
        name: Annotated[
            str,
            typer.Argument(
                help="check, uebersicht, fristen, batch, plan, fehler oder regeln "
                "(die Regeldateien, wie ozg-foerder regeln schema).",
                metavar="NAME",
                show_default=False,
            ),
        ],
    ) -> None:
        """JSON-Schema (Draft-07) einer JSON-Ausgabe: was --format json schreibt, als Vertrag für Programme.

        Beispiel: ozg-foerder schema uebersicht > uebersicht.schema.json
        """  # noqa: E501 (ein Absatz: die Hilfe bricht ihn selbst um)
        from ozg_foerder.ausgabe.json_schemas import SCHEMAS
        from ozg_foerder.ausgabe.json_schemas import schema as hole_schema
        from ozg_foerder.cli.basis import abbruch

        namen = [*SCHEMAS, "plan", "regeln"]
        wahl = name.strip().lower()
        if wahl == "regeln":
            from ozg_foerder.regeln.schema import json_schema

            schreibe_json(json_schema())
        elif wahl == "plan":
            from ozg_foerder.ausgabe.plan_schema import plan_json_schema

            schreibe_json(plan_json_schema())
        elif wahl in SCHEMAS:
            schreibe_json(hole_schema(wahl))
        else:
            abbruch(
                f"NAME: „{name}“ ist nicht zulässig. Erlaubt: {', '.join(namen)}",
                "ozg-foerder schema --help",
                feld="NAME",
                wert=name,
            )

    @befehl(app, "uebersicht")
    def uebersicht(
        name: KommuneArgument = None,
        kommune: KommuneOption = None,
        genutzt: Annotated[
            str | None,
            typer.Option(
                "--genutzt",
                help="Bereits genutzte Beratungsmodule, z. B. 1,3 (wie bei check).",
                metavar="MODULE",
                show_default=False,
            ),
        ] = None,
        stichtag: StichtagOption = None,
        format: FormatOption = "text",
        regeln: RegelnOption = None,
    ) -> None:
        """Eine Kommune, alle Programme: was sie noch bekommen kann, was geschlossen ist und welche Angaben eine vollständige Prüfung braucht.

        Beispiel: ozg-foerder uebersicht Wetzlar --stichtag 14.03.2022
        """  # noqa: E501 (ein Absatz: die Hilfe bricht ihn selbst um)
        from ozg_foerder.eingaben.kommunen import verzeichnis
        from ozg_foerder.uebersicht import uebersicht as werte_uebersicht

        befehl_name = "ozg-foerder uebersicht"
        fmt = pruefe_format(format, ("text", "json"), befehl_name)
        tag = _stichtag(stichtag, befehl_name)
        kommune = kommune_aus(name, kommune, befehl_name)
        try:
            gefunden, hinweise = verzeichnis().suche(kommune, "--kommune")
        except EingabeFehler as fehler:
            eingabefehler(fehler, f"{befehl_name} --help")
        from ozg_foerder.api import katalog

        kat = katalog(regeln)
        try:
            zeilen = werte_uebersicht(kat.programme(), gefunden, tag, genutzt)
        except EingabeFehler as fehler:
            eingabefehler(fehler, f"{befehl_name} --help", "--genutzt")
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
    from ozg_foerder.ausgabe.text import kontakt_text, wahl_text
    from ozg_foerder.uebersicht import angabe_text

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
            z.append("    Wahl (je Kontingent ein Modul):")
            z += [f"    {zeile}" for zeile in wahl_text(e)]
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
            fehlende = ", ".join(angabe_text(p, n) for n in zeile.fehlende)
            z.append(f"    Für die vollständige Prüfung fehlen: {fehlende}")
        if zeile.status == "moeglich" and zeile.optional:
            optional = ", ".join(angabe_text(p, n) for n in zeile.optional)
            z.append(f"    Optional (Hinweise, genauere Werte): {optional}")
        if zeile.status == "moeglich" and (zeile.fehlende or zeile.optional):
            z.append(f"    → ozg-foerder check {p.id} --help")
        z.append(f"    Kontakt: {kontakt_text(p)}")
        z.append("")
    z.append("Unverbindliche Übersicht aus den veröffentlichten Unterlagen, kein Förderbescheid.")
    z.append("")
    z.append(_uebersicht_schluss(tag, zeilen))
    return "\n".join(z)


def am_tag(tag) -> str:
    """„Heute“ am heutigen Tag, sonst „Am 14.03.2022“."""
    from datetime import date

    return "Heute" if tag == date.today() else f"Am {formatiere_datum(tag)}"


def _uebersicht_schluss(tag, zeilen) -> str:
    """Die Schlusszeile: was die Kommune am Stichtag noch beantragen kann (Betrag oder Tage)."""
    offen = []
    ohne_antrag = []
    for zeile in zeilen:
        if zeile.status != "moeglich":
            continue
        p, e = zeile.programm, zeile.ergebnis
        if zeile.bis_zu is not None:
            offen.append(f"{p.kurzname} (bis zu {formatiere_betrag(zeile.bis_zu)})")
        elif e.tage_verfuegbar is not None and e.tage_verfuegbar > 0:
            offen.append(f"{p.kurzname} ({formatiere_tage(e.tage_verfuegbar)} Beratungstage)")
        elif e.angebote:
            ohne_antrag.append(p.kurzname)
        else:
            offen.append(p.kurzname)
    text = f"{am_tag(tag)} noch offen: {', '.join(offen) if offen else 'kein Programm'}."
    if ohne_antrag:
        text += f" Ohne Antrag: {', '.join(ohne_antrag)}".rstrip(".") + "."
    return text
