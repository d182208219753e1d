"""Eine Regeldatei lesbar darstellen (``ozg-foerder regeln zeigen``)."""

from __future__ import annotations

from ozg_foerder.ausgabe.text import BUDGET_JE_TEXT, kontakt_text, quellen_zeilen
from ozg_foerder.ausgabe.worte import (
    anforderung_text,
    kriterium_text,
    setze_ein,
    zahl_text,
    zeitraum_text,
)
from ozg_foerder.eingaben.werte import formatiere_datum
from ozg_foerder.engine.datiert import Datiert
from ozg_foerder.engine.programm import Programm
from ozg_foerder.engine.quellen import quellen_text


def _datierte_zeilen(p: Programm) -> list[str]:
    """Zahlen, die ab einem Tag gelten: je Stufe Wert, Beginn und Quelle."""
    zeilen = []
    for pfad, (typ, wert) in p.zahlen().items():
        if isinstance(wert, Datiert):
            for s in wert.stufen:
                quelle = f" – Quelle: {quellen_text(s.quellen)}" if s.quellen else ""
                zeilen.append(
                    f"  {pfad} ab {formatiere_datum(s.ab)}: {zahl_text(typ, s.wert)}{quelle}"
                )
    return ["", "Zahlen, die ab einem Tag gelten", *zeilen] if zeilen else []


def regel_als_text(p: Programm) -> str:
    z = [
        f"{p.name} ({p.id})",
        f"Träger: {p.traeger}",
        f"Stand der Quellen: {formatiere_datum(p.stand)}",
    ]
    z += ["", p.zweck]
    if p.gueltigkeit is not None:
        von, bis, text, quellen = p.gueltigkeit
        z += [
            "",
            f"Förderzeitraum: {text} – {zeitraum_text(von, bis)}",
            *quellen_zeilen(quellen, "  "),
        ]
    if p.eingaben:
        z += ["", "Eingaben"]
        for e in p.eingaben.values():
            pflicht = " (erforderlich)" if e.erforderlich else ""
            schalter = "/".join(e.schalter)
            art = (
                "Schalter"
                if e.typ == "ja_nein" or (e.werte and e.werte_mit_schalter)
                else e.erlaubt()
            )
            z.append(f"  {schalter:<24} {e.text}{pflicht} – {art}")
    if p.kriterien:
        z += ["", "Voraussetzungen"]
        for k in p.kriterien:
            anforderung = (
                ""
                if k.bedingung.art in ("zeitraum", "foerderzeitraum")
                else anforderung_text(k.bedingung, p)
            )
            z.append(f"  • {kriterium_text(k)}" + (f": {anforderung}" if anforderung else ""))
            z += quellen_zeilen(k.quellen, "      ")
    if p.formel is not None:
        regel = setze_ein(p.formel.text, p, in_betrag=True)
        z += ["", "Betrag", f"  {regel}", *quellen_zeilen(p.formel.quellen, "  ")]
        z += _datierte_zeilen(p)
    if p.module:
        z += ["", "Module"]
        for m in p.module:
            z.append(f"  Modul {m.nr}: {m.titel} – {zahl_text('tage', m.tage)} Tage ({m.bereich})")
        for k in p.kontingente:
            frist = zeitraum_text(k.von, k.bis)
            z.append(
                f"  Kontingent {k.id} {k.name}: Modul {' oder '.join(map(str, k.module))}, {frist}"
            )
            z += quellen_zeilen(k.quellen, "    ")
    if p.angebote:
        z += ["", "Angebote"]
        for a in p.angebote:
            z.append(f"  • {a.text}: {a.kosten}")
            for f in a.finanzierung:
                z.append(f"      {f.traeger}: {zeitraum_text(f.von, f.bis)}")
    if p.termine:
        z += ["", "Termine"]
        for t in p.termine:
            wann = zahl_text("datum", t.von) if t.von == t.bis else zeitraum_text(t.von, t.bis)
            z.append(f"  • {t.text}: {wann}")
    if p.budget:
        z += ["", "Budget"]
        for b in p.budget:
            je = BUDGET_JE_TEXT[b.je]
            z.append(f"  • {b.text}: {zahl_text('betrag', b.betrag, 'cent')} {je}")
    z += ["", f"Kontakt: {kontakt_text(p)}"]
    return "\n".join(z)
