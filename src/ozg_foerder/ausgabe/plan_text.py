"""Der Förderplan als Text (80 Spalten) und als JSON (``ozg-foerder plan``).

Liest einen :class:`ozg_foerder.plan.Plan` (hier nur über seine Felder, ohne Import: die
Ausgabe liegt unter der API-Schicht).
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from ozg_foerder.ausgabe.text import angabe, veraltet_hinweis
from ozg_foerder.eingaben.werte import formatiere_betrag, formatiere_datum, formatiere_tage
from ozg_foerder.engine.quellen import Quelle, quellen_text

__all__ = [
    "HINWEIS_KEINE_SUMME",
    "HINWEIS_UNVERBINDLICH",
    "plan_als_dict",
    "plan_als_text",
    "schritt_text",
]

BREITE = 80
HINWEIS_KEINE_SUMME = (
    "Die Unterlagen regeln nicht, ob mehrere Programme dieselben Kosten fördern dürfen. Die "
    "Beträge gelten je Programm; eine Summe über die Programme gibt es deshalb nicht. Klären "
    "Sie eine Kombination mit den Bewilligungsstellen."
)
HINWEIS_UNVERBINDLICH = (
    "Unverbindlicher Plan aus den veröffentlichten Unterlagen, kein Förderbescheid."
)
HINWEIS_NEUE_PROGRAMME = (
    "Neuere Programme kennen die Regeln nicht: sie werden als Regeldatei in rules/ "
    "ergänzt (README, Abschnitt „Regeln sind Daten“; ozg-foerder regeln schema)."
)
STATUS_TEXT = {
    "moeglich": "möglich",
    "geschlossen": "geschlossen",
    "nicht_moeglich": "nicht möglich",
}
SYMBOL = {"moeglich": "●", "geschlossen": "○", "nicht_moeglich": "✗"}


def _namen(kommunen: Any) -> str:
    namen = [k if isinstance(k, str) else k.name for k in kommunen]
    if len(namen) <= 1:
        return "".join(namen)
    return ", ".join(namen[:-1]) + " und " + namen[-1]


def schritt_text(s: Any, gruppe: bool = False) -> str:
    """Der Schritt als Satz, ohne Datum und Quelle."""
    if s.modul is not None:
        m, k = s.modul, s.kontingent
        text = (
            f"Beratungsmodul {m.nr} „{m.titel}“ buchen ({formatiere_tage(m.tage)} "
            f"Beratungstage, Kontingent {k.id} {k.name}, finanziert: {k.finanzierung}"
        )
        if k.setzt_voraus_modul is not None:
            text += f"; setzt Modul {k.setzt_voraus_modul} voraus"
        text += ")"
        if s.rang is not None and s.rang > 1 and s.tage_gesamt != s.tage_bestwert:
            text += (
                f" – dann insgesamt {formatiere_tage(s.tage_gesamt)} statt "
                f"{formatiere_tage(s.tage_bestwert)} Beratungstage"
            )
    else:
        text = s.text
        if s.betrag is not None:
            text += f" – bis zu {formatiere_betrag(s.betrag)}"
    if gruppe and s.kommunen:
        text = f"{_namen(s.kommunen)}: {text}"
    return text


def _quellen(quellen: tuple[Quelle, ...]) -> str:
    return quellen_text(quellen) or "–"


def _tage_quellen(einheit: Any) -> tuple[Quelle, ...]:
    v = einheit.ergebnis.verteilung
    if v is None:
        return ()
    nach_id = {k.id: k for k in einheit.programm.kontingente}
    return tuple(q for kid in v.plan for q in nach_id[kid].quellen)


# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------


def _geld(wert: Decimal | None) -> str | None:
    return f"{wert:.2f}" if wert is not None else None


def plan_als_dict(plan: Any) -> dict[str, Any]:
    programme = []
    for e in plan.einheiten:
        p = e.programm
        programme.append(
            {
                "programm": p.id,
                "name": p.name,
                "kommunen": [k.name for k in e.kommunen],
                "status": e.status,
                "ergebnis": e.ergebnis.ergebnis,
                "bis_zu": _geld(e.bis_zu),
                "bis_zu_quelle": quellen_text(e.bis_zu_quellen) or None,
                "tage_verfuegbar": f"{e.tage:.1f}" if e.tage is not None else None,
                "tage_quelle": quellen_text(_tage_quellen(e)) or None,
                "frist": e.frist.isoformat() if e.frist else None,
                "frist_quelle": quellen_text(e.frist_quellen) or None,
                "frist_weich": e.frist_pruefen is not None,
                "noch_offen": [
                    {"text": k.kriterium.text, "quelle": quellen_text(k.kriterium.quellen)}
                    for k in e.offen
                ],
                "fehlende_angaben": e.fehlende,
                "gruende": [
                    {
                        "text": f"{k.kriterium.text} – {angabe(k, e.ergebnis, praefix=True)}",
                        "quelle": quellen_text(k.kriterium.quellen),
                    }
                    for k in e.gruende
                ],
            }
        )
    return {
        "kommune": plan.kommune.als_dict(),
        "partner": [k.als_dict() for k in plan.partner],
        "stichtag": plan.stichtag.isoformat(),
        "regeln": {"stand": plan.stand.isoformat(), "fingerabdruck": plan.fingerabdruck},
        "programme": programme,
        "offen": [p.id for p in plan.offene_programme()],
        "gruppe": [
            {"programm": pid, "text": text, "quelle": quellen_text(quellen)}
            for pid, (text, quellen) in plan.gruppen_texte.items()
        ],
        "schritte": [
            {
                "bis": s.bis.isoformat() if s.bis else None,
                "programm": s.programm.id,
                "text": schritt_text(s),
                "quelle": quellen_text(s.quellen),
                "kommunen": list(s.kommunen),
                "wahl": s.wahl,
                "rang": s.rang,
                "betrag": _geld(s.betrag),
                "modul": s.modul.nr if s.modul is not None else None,
                "tage": f"{s.modul.tage:.1f}" if s.modul is not None else None,
            }
            for s in plan.schritte
        ],
        "hinweise": _hinweise(plan),
    }


def _hinweise(plan: Any) -> list[str]:
    texte = list(plan.hinweise)
    offen = plan.offene_programme()
    foerderprogramme = {e.programm.id for e in plan.einheiten if e.bringt_foerderung}
    if not offen:
        texte.append("Am Stichtag ist keines der Förderprogramme der Unterlagen mehr offen.")
    elif len(offen) == 1 and len(foerderprogramme) > 1:
        texte.append(
            f"Am Stichtag ist von den Förderprogrammen der Unterlagen (Stand "
            f"{formatiere_datum(plan.stand)}) nur noch {offen[0].name} offen."
        )
    if plan.veraltet:
        texte.append(veraltet_hinweis([plan.stand]))
        texte.append(HINWEIS_NEUE_PROGRAMME)
    texte.append(HINWEIS_KEINE_SUMME)
    return texte


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def _umbruch(text: str, einzug: str, erster: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        BREITE,
        initial_indent=einzug if erster is None else erster,
        subsequent_indent=einzug,
        break_on_hyphens=False,
    )


def _einheit_zeilen(e: Any, wer: str = "") -> list[str]:
    p = e.programm
    z: list[str] = []
    status = STATUS_TEXT[e.status] if e.bringt_foerderung else "ohne Antrag"
    if e.status == "moeglich":
        teile = []
        if e.bis_zu is not None:
            wort = "bis zu " if e.ergebnis.ergebnis != "foerderfaehig" else ""
            teile.append(f"{wort}{formatiere_betrag(e.bis_zu)} ({_quellen(e.bis_zu_quellen)})")
        if e.tage is not None:
            teile.append(
                f"noch {formatiere_tage(e.tage)} Beratungstage ({_quellen(_tage_quellen(e))})"
            )
        if p.verbund_zaehlt and len(e.kommunen) > 1:
            teile.append(f"für {len(e.kommunen)} Kommunen: {_namen(e.kommunen)}")
        if e.ergebnis.angebote:
            aktiv = sum(1 for _, s, _ in e.ergebnis.angebote if s == "aktiv")
            teile.append(f"{aktiv} von {len(e.ergebnis.angebote)} Leistungen laufen")
        z += _umbruch(f"{wer}{status}" + (": " + "; ".join(teile) if teile else ""), "    ", "  ")
        if e.offen:
            offen = "; ".join(k.kriterium.text for k in e.offen)
            z += _umbruch(f"noch offen: {offen}", "      ", "    ")
        if e.fehlende:
            z += _umbruch(
                f"Angaben für die Prüfung: {', '.join(e.fehlende)} (ozg-foerder check {p.id})",
                "      ",
                "    ",
            )
        if e.frist is not None and e.frist_pruefen:
            z += _umbruch(
                f"Frist: etwa {formatiere_datum(e.frist)} – weiches Ende "
                f"({_quellen(e.frist_quellen)}); danach offen – {e.frist_pruefen}",
                "      ",
                "    ",
            )
        elif e.frist is not None:
            z += _umbruch(
                f"Frist: {formatiere_datum(e.frist)} ({_quellen(e.frist_quellen)})",
                "      ",
                "    ",
            )
        elif e.bringt_foerderung:
            z.append("    Frist: keine in den Unterlagen")
    else:
        gruende = "; ".join(
            f"{k.kriterium.text} – {angabe(k, e.ergebnis, praefix=True)}" for k in e.gruende
        )
        z += _umbruch(f"{wer}{status}: {gruende}", "    ", "  ")
    return z


def _je_programm(einheiten: list[Any]) -> dict[str, list[Any]]:
    gruppen: dict[str, list[Any]] = {}
    for e in einheiten:
        gruppen.setdefault(e.programm.id, []).append(e)
    return gruppen


def _schritt_zeilen(schritte: list[Any], plan: Any) -> list[str]:
    z: list[str] = []
    einzug = " " * 18
    i = 0
    while i < len(schritte):
        s = schritte[i]
        datum = f"bis {formatiere_datum(s.bis)}" if s.bis else "ohne Frist"
        kopf = f"  {datum:<16}"
        kurz = s.programm.kurzname
        if s.wahl is None:
            z += _umbruch(f"{kurz}: {schritt_text(s, plan.gruppe)}", einzug, kopf)
            z += _umbruch(f"Quelle: {_quellen(s.quellen)}", einzug)
            i += 1
            continue
        wahl = [s]
        while i + len(wahl) < len(schritte) and schritte[i + len(wahl)].wahl == s.wahl:
            wahl.append(schritte[i + len(wahl)])
        z += _umbruch(f"{kurz}: eines von {len(wahl)} (die beste Wahl zuerst)", einzug, kopf)
        for w in wahl:
            z += _umbruch(schritt_text(w, plan.gruppe), einzug + "   ", f"{einzug}{w.rang}. ")
        quellen = tuple(q for w in wahl for q in w.quellen)
        z += _umbruch(f"Quelle: {_quellen(quellen)}", einzug)
        i += len(wahl)
    return z


def plan_als_text(plan: Any) -> str:
    k = plan.kommune
    if plan.gruppe:
        titel = f"Förderplan für {_namen(plan.kommunen)} ({len(plan.kommunen)} Kommunen)"
    else:
        titel = f"Förderplan für {k.anzeige}"
    z = _umbruch(titel, "  ", "")
    z.append(
        f"Stichtag {formatiere_datum(plan.stichtag)} · Regeln Stand "
        f"{formatiere_datum(plan.stand)}, Fingerabdruck {plan.fingerabdruck}"
    )
    z.append("")
    z.append("Programme am Stichtag")
    for pid, einheiten in _je_programm(plan.einheiten).items():
        erste = einheiten[0]
        status = "moeglich" if any(e.status == "moeglich" for e in einheiten) else erste.status
        z += _umbruch(f"{SYMBOL[status]} {erste.programm.name}", "  ", "")
        if pid in plan.gruppen_texte:
            text, quellen = plan.gruppen_texte[pid]
            z += _umbruch(f"Gruppe: {text} ({_quellen(quellen)})", "    ", "  ")
        # gleiche Auswertung mehrerer Kommunen einer Gruppe nur einmal, mit allen Namen
        bloecke: dict[tuple[str, ...], list[Any]] = {}
        for e in einheiten:
            bloecke.setdefault(tuple(_einheit_zeilen(e)), []).append(e)
        for gleiche in bloecke.values():
            wer = ""
            if plan.gruppe and len(gleiche[0].kommunen) == 1:
                wer = _namen([k for e in gleiche for k in e.kommunen]) + ": "
            z += _einheit_zeilen(gleiche[0], wer)
    z.append("")
    z.append("Schritte")
    if plan.schritte:
        z += _schritt_zeilen(plan.schritte, plan)
    else:
        z.append("  keine: am Stichtag ist kein Programm mehr offen")
    z.append("")
    for h in _hinweise(plan):
        z += _umbruch(h, "  ", "")
    z += _umbruch(HINWEIS_UNVERBINDLICH, "")
    return "\n".join(z)
