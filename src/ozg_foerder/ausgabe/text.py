"""Ein Prüfergebnis darstellen: als JSON-Objekt (der stabile Vertrag) und als deutscher Text.

Bewusst ohne rich: eine einzelne Prüfung soll sofort antworten, und rich zu importieren kostet
mehr als die ganze Auswertung. Tabellen mit rich gibt es dort, wo viel zu zeigen ist (Batch).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ozg_foerder.ausgabe.worte import (
    anforderung_text,
    angabe_text,
    kriterium_text,
    modul_grund,
    rechenweg,
    setze_ein,
)
from ozg_foerder.eingaben.definition import json_wert
from ozg_foerder.eingaben.werte import formatiere_betrag, formatiere_datum, formatiere_tage
from ozg_foerder.engine.auswertung import FOERDERFAEHIG, Ergebnis
from ozg_foerder.engine.bedingungen import ERFUELLT, NICHT_ERFUELLT, OFFEN, KriteriumErgebnis
from ozg_foerder.engine.programm import Programm
from ozg_foerder.engine.quellen import Quelle, quellen_text

__all__ = [
    "BUDGET_JE_TEXT",
    "ERGEBNIS_TEXT",
    "als_dict",
    "als_text",
    "entscheidende_zeile",
    "haftung",
    "hinweise",
    "kontakt_text",
    "kriterium_text",
    "quellen_zeilen",
    "veraltet_hinweis",
    "voraussetzung_anfang",
    "voraussetzung_text",
    "wahl",
    "wahl_text",
]

STATUS_TEXT = {ERFUELLT: "erfüllt", NICHT_ERFUELLT: "nicht erfüllt", OFFEN: "offen"}
STATUS_ZEICHEN = {ERFUELLT: "✓", NICHT_ERFUELLT: "✗", OFFEN: "?"}
ERGEBNIS_TEXT = {
    FOERDERFAEHIG: "förderfähig",
    OFFEN: "offen",
    "nicht_foerderfaehig": "nicht förderfähig",
}
MODUL_STATUS_TEXT = {
    "genutzt": "genutzt",
    "foerderfaehig": "förderfähig",
    "nicht_foerderfaehig": "nicht förderfähig",
}
BUDGET_JE_TEXT = {"jahr": "je Jahr", "gesamt": "insgesamt"}


def haftung(programm: Programm) -> str:
    return (
        "Unverbindliche Schätzung aus den veröffentlichten Unterlagen (Stand "
        f"{formatiere_datum(programm.stand)}), kein Förderbescheid. Verbindlich entscheidet "
        "die Bewilligungsstelle."
    )


def kontakt_text(programm: Programm) -> str:
    return " · ".join(
        f"{k['wert']} ({k['bezeichnung']})" if k.get("bezeichnung") else k["wert"]
        for k in programm.kontakt
    )


# ---------------------------------------------------------------------------------------------
# Texte zu Kriterien und Hinweisen
# ---------------------------------------------------------------------------------------------


def anforderung(k: KriteriumErgebnis, programm: Programm) -> str:
    return anforderung_text(k.kriterium.bedingung, programm)


_ZEITRAEUME = ("zeitraum", "foerderzeitraum")  # ihr Zeitraum steht schon im Text


def angabe(k: KriteriumErgebnis, e: Ergebnis, praefix: bool = False) -> str:
    """Was angegeben war, in Worten (JSON 'angegeben'; ``praefix`` für den Fließtext)."""
    return angabe_text(k.kriterium.bedingung, e.programm, e.ns, praefix)


def betrag_regel(p: Programm) -> str:
    """Die Betragsregel in Worten, mit den am Stichtag geltenden Zahlen."""
    assert p.formel is not None
    return setze_ein(p.formel.text, p, in_betrag=True)


def voraussetzung_text(k: KriteriumErgebnis, e: Ergebnis) -> str:
    """Eine Voraussetzung mit Grenze und Angabe, wie ``check`` sie zeigt und die Batch-Spalte
    „Begründung / noch offen“ sie nennt: ``Einsparung …: mindestens 15 % – angegeben: 10 %``."""
    return voraussetzung_anfang(k, e.programm) + angabe(k, e, praefix=True)


def voraussetzung_anfang(k: KriteriumErgebnis, programm: Programm) -> str:
    """Der Teil von :func:`voraussetzung_text` vor der Angabe (``Einsparung …: mindestens 15 % –
    ``): er hängt nicht an den Werten, Listen merken ihn sich je Voraussetzung."""
    anf = anforderung(k, programm)
    text = kriterium_text(k.kriterium) + (
        f": {anf}" if anf and k.kriterium.bedingung.art not in _ZEITRAEUME else ""
    )
    return f"{text} – "


def veraltet_hinweis(staende: list[date]) -> str:
    """Der Hinweis, dass die Zahlen älter als ein Jahr sind (Issue 3, Punkt 9)."""
    daten = ", ".join(formatiere_datum(s) for s in sorted(set(staende)))
    return (
        f"Die Zahlen stammen aus Unterlagen mit Stand {daten}, mehr als ein Jahr vor dem "
        "Stichtag. Prüfen Sie die aktuelle Förderrichtlinie."
    )


def hinweise(e: Ergebnis) -> list[str]:
    """Alle Hinweise des Ergebnisses als Text, Platzhalter eingesetzt."""
    p = e.programm
    texte = list(e.weitere_hinweise)
    for h in e.hinweise:
        texte.append(setze_ein(h.text, p, e.ns))
    if e.veraltet:
        texte.append(veraltet_hinweis([p.stand]))
    return texte


def _quellen_json(quellen: tuple[Quelle, ...]) -> list[dict[str, str]]:
    return [
        {
            k: v
            for k, v in (
                ("dokument", q.dokument),
                ("abschnitt", q.abschnitt),
                ("zitat", q.zitat),
                ("anmerkung", q.anmerkung),
                ("abgeleitet", q.abgeleitet),
            )
            if v
        }
        for q in quellen
    ]


# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------


def als_dict(e: Ergebnis) -> dict[str, Any]:
    """Das Ergebnis als JSON-Objekt (Vertrag: siehe README, Abschnitt "JSON")."""
    p = e.programm
    kriterien = []
    for k in e.kriterien:
        eintrag = {
            "id": k.kriterium.id,
            "text": kriterium_text(k.kriterium),
            "status": k.status,
            "quelle": quellen_text(k.kriterium.quellen),
            "anforderung": anforderung(k, p),
            "angegeben": angabe(k, e),
            "quellen": _quellen_json(k.kriterium.quellen),
        }
        if k.status == NICHT_ERFUELLT and k.kriterium.grund:
            eintrag["grund"] = k.kriterium.grund
        kriterien.append(eintrag)
    ergebnis: dict[str, Any] = {
        "programm": p.id,
        "name": p.name,
        "stichtag": e.stichtag.isoformat(),
        "ergebnis": e.ergebnis,
        "betrag": json_wert("betrag", e.betrag),
    }
    if p.formel is not None:
        ergebnis["betrag_regel"] = betrag_regel(p)
        ergebnis["betrag_rechenweg"] = rechenweg(p.formel, e.ns) if e.betrag is not None else None
        ergebnis["betrag_quelle"] = quellen_text(p.formel.quellen)
    ergebnis["kriterien"] = kriterien
    ergebnis["offen"] = [k.kriterium.id for k in e.offen]
    ergebnis["hinweise"] = hinweise(e)
    ergebnis["eingaben"] = {
        n: json_wert(p.typ(n), e.ns.get(n)) for n in p.eingaben if e.ns.get(n) is not None
    }
    if e.kommune is not None:
        ergebnis["kommune"] = e.kommune.als_dict()
    if p.werte:
        ergebnis["werte"] = {w.name: json_wert(w.typ, e.ns.get(w.name)) for w in p.werte}
    if e.verteilung is not None:
        ergebnis["tage_verfuegbar"] = json_wert("tage", e.tage_verfuegbar)
        ergebnis["module"] = [_modul_json(m) for m in e.module]
        ergebnis["wahl"] = wahl(e)
    if e.angebote:
        ergebnis["angebote"] = [
            {
                "id": a.id,
                "text": a.text,
                "leistung": a.leistung,
                "kosten": a.kosten,
                "status": status,
                "finanzierung": f.traeger if f else None,
                "von": f.von.isoformat() if f and f.von else None,
                "bis": f.bis.isoformat() if f and f.bis else None,
                "quelle": quellen_text(a.quellen),
            }
            for a, status, f in e.angebote
        ]
    if p.checklisten:
        ergebnis["checklisten"] = [
            {
                "id": c.id,
                "titel": c.titel,
                "punkte": [t for t, _ in c.punkte],
                "quelle": quellen_text(c.quellen),
            }
            for c in p.checklisten
        ]
    ergebnis["regeln_stand"] = p.stand.isoformat()
    ergebnis["kontakt"] = list(p.kontakt)
    ergebnis["haftung"] = haftung(p)
    return ergebnis


def _modul_json(m) -> dict[str, Any]:
    d = m.modul
    k = m.kontingent
    return {
        "nr": d.nr,
        "titel": d.titel,
        "tage": json_wert("tage", d.tage),
        "vor_ort": json_wert("tage", d.vor_ort),
        "ergebnisbesprechung": json_wert("tage", d.ergebnisbesprechung),
        "bereich": d.bereich,
        "status": m.status,
        "kontingent": k.id if k else None,
        "kontingent_name": k.name if k else None,
        "finanzierung": k.finanzierung if k else None,
        "frist": k.bis.isoformat() if k and k.bis else None,
        "voraussetzung": d.voraussetzung,
        "grund": modul_grund(m),
        "quelle": quellen_text(d.quellen),
        "kontingent_quelle": quellen_text(k.quellen) if k else None,
        "kontingent_quellen": _quellen_json(k.quellen) if k else [],
    }


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def _absatz(titel: str, zeilen: list[str]) -> list[str]:
    return ["", titel, *zeilen] if zeilen else []


def als_text(e: Ergebnis, erklaeren: bool = False) -> str:
    p = e.programm
    # die entscheidende Zeile zuerst: Ergebnis und Betrag
    z: list[str] = [f"Ergebnis: {entscheidende_zeile(e)}", p.name]
    kopf = f"Stichtag {formatiere_datum(e.stichtag)} · Regeln Stand {formatiere_datum(p.stand)}"
    if e.kommune is not None:
        kopf = f"{e.kommune.anzeige} · " + kopf
    z.append(kopf)
    if p.formel is not None or e.verteilung is not None:
        z.append("")
    if p.formel is not None:
        if e.betrag is not None:
            z.append(f"Zuwendung:  {formatiere_betrag(e.betrag)}")
            z.append(f"            {rechenweg(p.formel, e.ns)}")
        else:
            z.append("Zuwendung:  –")
        if erklaeren:
            z.append(f"            Regel: {betrag_regel(p)}")
            z.extend(quellen_zeilen(p.formel.quellen, "            "))
    if e.verteilung is not None:
        z.append(f"Beratungstage noch förderbar: {formatiere_tage(e.tage_verfuegbar)}")
    for w in p.werte:
        wert = e.ns.get(w.name)
        if wert is not None and w.typ != "anzahl":
            z.append(f"{w.text}: {p.formatiere(w.name, wert)}")

    zeilen = []
    for k in e.kriterien:
        status = f"{STATUS_ZEICHEN[k.status]} {STATUS_TEXT[k.status]:<13}"
        zeilen.append(f"  {status} {voraussetzung_text(k, e)}")
        if k.status == NICHT_ERFUELLT and k.kriterium.grund:
            zeilen.append(f"  {'':15} {k.kriterium.grund}")
        if erklaeren:
            zeilen.extend(quellen_zeilen(k.kriterium.quellen, " " * 18))
    z += _absatz("Voraussetzungen", zeilen)

    if e.ergebnis == OFFEN:
        z += _absatz(
            "Noch zu bestätigen, bevor der Betrag gilt",
            [f"  • {kriterium_text(k.kriterium)}{_option_hinweis(k, p)}" for k in e.offen],
        )
    if e.verteilung is not None:
        z += _absatz("Was die Kommune wählen kann (je Kontingent ein Modul)", wahl_text(e))
        z += _absatz("Beratungsmodule", _module_text(e, erklaeren))
    if e.angebote:
        z += _absatz("Angebote (ohne Antrag)", _angebote_text(e, erklaeren))
    z += _absatz("Hinweise", [f"  • {h}" for h in hinweise(e)])
    for c in p.checklisten:
        punkte = []
        for text, erlaeuterung in c.punkte:
            punkte.append(f"  ☐ {text}")
            if erklaeren and erlaeuterung:
                punkte.append(f"      {erlaeuterung}")
        if erklaeren:
            punkte.extend(quellen_zeilen(c.quellen, "    "))
        z += _absatz(c.titel, punkte)
    z.append("")
    z.append(f"Kontakt: {kontakt_text(p)}")
    z.append(haftung(p))
    # am Ende noch einmal: in einem Terminal mit 24 Zeilen ist die erste Zeile weggerollt
    z.append("")
    z.append(f"Ergebnis: {entscheidende_zeile(e)}")
    return "\n".join(z) + "\n"


def entscheidende_zeile(e: Ergebnis) -> str:
    """Ergebnis und Betrag in einer Zeile: ``OFFEN – 100.000,00 € – förderfähig, wenn …``."""
    kopf, _, rest = _ergebnis_zeile(e).partition(" – ")
    menge = None
    if e.betrag is not None:
        menge = formatiere_betrag(e.betrag)
    elif e.verteilung is not None and e.ergebnis != "nicht_foerderfaehig":
        menge = f"{formatiere_tage(e.tage_verfuegbar)} Beratungstage"
    return " – ".join(t for t in (kopf, menge, rest) if t)


def _ergebnis_zeile(e: Ergebnis) -> str:
    if e.ergebnis == FOERDERFAEHIG:
        return "FÖRDERFÄHIG"
    if e.ergebnis == OFFEN:
        n = len(e.offen)
        offen = (
            "die offene Voraussetzung erfüllt ist"
            if n == 1
            else f"{n} offene Voraussetzungen erfüllt sind"
        )
        return f"OFFEN – förderfähig, wenn {offen}"
    fehlend = [kriterium_text(k.kriterium) for k in e.kriterien if k.status == NICHT_ERFUELLT]
    return "NICHT FÖRDERFÄHIG – nicht erfüllt: " + "; ".join(fehlend)


def _option_hinweis(k: KriteriumErgebnis, p: Programm) -> str:
    eingabe = p.eingaben.get(k.kriterium.bedingung.wert)
    if eingabe is None:
        return ""
    return f"  (angeben mit {' oder '.join(eingabe.schalter)})"


def quellen_zeilen(quellen: tuple[Quelle, ...], einzug: str) -> list[str]:
    zeilen = []
    for q in quellen:
        zeile = f"{einzug}Quelle: {q.kurz()}"
        if q.zitat:
            zeile += f" – „{q.zitat}“"
        zeilen.append(zeile)
        if q.anmerkung:
            zeilen.append(f"{einzug}Auslegung: {q.anmerkung}")
    return zeilen


def wahl(e: Ergebnis) -> list[dict[str, Any]]:
    """Was die Kommune noch wählen kann: je offenem Kontingent die Module, das beste zuerst.

    Aus den Kontingenten der Regeldatei: ein Kontingent finanziert *ein* Modul seiner Liste
    (Modul 1 oder 2), eines mit Voraussetzung nur zusätzlich zu diesem Modul.
    """
    v = e.verteilung
    if v is None:
        return []
    foerderbar = {m.modul.nr: m for m in v.module if m.status == FOERDERFAEHIG}
    tage = {m.modul.nr: m.modul.tage for m in v.module}
    geplant = set(v.plan.values())
    eintraege = []
    for k in e.programm.kontingente:
        if k.id in v.belegt or not k.offen_am(e.stichtag):
            continue
        beste = v.plan.get(k.id)
        andere = [nr for nr in k.module if nr in foerderbar and nr != beste]
        andere.sort(key=lambda nr: -tage[nr])
        module = ([beste] if beste is not None else []) + andere
        if not module:
            continue
        # gleich gut wie das beste: ein Modul mit so vielen Tagen, das nicht anderswo im Plan ist
        gleichwertig = [
            nr
            for nr in andere
            if beste is not None and nr not in geplant and tage[nr] == tage[beste]
        ]
        eintraege.append(
            {
                "kontingent": k.id,
                "name": k.name,
                "module": module,
                "beste": [beste, *gleichwertig] if beste is not None else [],
                "tage": json_wert("tage", tage[module[0]]),
                "zusaetzlich_zu_modul": k.setzt_voraus_modul,
                "bis": k.bis.isoformat() if k.bis else None,
            }
        )
    return eintraege


def wahl_text(e: Ergebnis) -> list[str]:
    eintraege = wahl(e)
    if not eintraege:
        return []
    v = e.verteilung
    assert v is not None
    zeilen = []
    teile = []
    for w in eintraege:
        if w["beste"]:
            teile.append("Modul " + " oder ".join(map(str, w["beste"])))
    if teile:
        zeilen.append(
            f"  Beste Wahl: {' + '.join(teile)} = {formatiere_tage(v.tage_verfuegbar)} Tage"
        )
    for w in eintraege:
        module = " oder ".join(map(str, w["module"]))
        wahl_text = f"Modul {module}"
        if w["zusaetzlich_zu_modul"] is not None:
            wahl_text += f" zusätzlich, wenn Modul {w['zusaetzlich_zu_modul']} genommen"
        frist = f", bis {formatiere_datum(date.fromisoformat(w['bis']))}" if w["bis"] else ""
        zeilen.append(f"  • {wahl_text} (Kontingent {w['kontingent']} {w['name']}{frist})")
    return zeilen


def _module_text(e: Ergebnis, erklaeren: bool) -> list[str]:
    zeilen = []
    for m in e.module:
        d = m.modul
        zeilen.append(
            f"  Modul {d.nr}  {MODUL_STATUS_TEXT[m.status]:<18} {formatiere_tage(d.tage)} Tage "
            f"({formatiere_tage(d.vor_ort)} vor Ort + {formatiere_tage(d.ergebnisbesprechung)} "
            f"Ergebnisbesprechung) · {d.bereich}"
        )
        zeilen.append(f"           {d.titel}")
        if m.kontingent is not None:
            k = m.kontingent
            zeilen.append(f"           {modul_grund(m)}; finanziert durch {k.finanzierung}")
        else:
            zeilen.append(f"           {modul_grund(m)}")
        if d.voraussetzung:
            zeilen.append(f"           Voraussetzung: {d.voraussetzung}")
        if erklaeren:
            if d.inhalte:
                zeilen.append("           Inhalte: " + "; ".join(d.inhalte))
            if d.ziel:
                zeilen.append(f"           Ziel: {d.ziel}")
            if d.zielgruppe:
                zeilen.append("           Zielgruppe: " + ", ".join(d.zielgruppe))
            if d.hinweis:
                zeilen.append(f"           Hinweis: {d.hinweis}")
            zeilen.extend(quellen_zeilen(d.quellen, "           "))
    if erklaeren:
        zeilen.append("  Kontingente:")
        for k in e.programm.kontingente:
            frist = f"bis {formatiere_datum(k.bis)}" if k.bis else "ohne Frist"
            module = " oder ".join(map(str, k.module))
            voraus = f", nur mit Modul {k.setzt_voraus_modul}" if k.setzt_voraus_modul else ""
            zeilen.append(f"    {k.id} {k.name}: Modul {module}, {frist}{voraus}; {k.finanzierung}")
            zeilen.extend(quellen_zeilen(k.quellen, "       "))
    return zeilen


def _angebote_text(e: Ergebnis, erklaeren: bool) -> list[str]:
    zeilen = []
    for a, status, f in e.angebote:
        if status == "aktiv" and f is not None:
            stand = "läuft" + (f" bis {formatiere_datum(f.bis)}" if f.bis else "")
        elif status == "beginnt" and f is not None and f.von:
            stand = f"beginnt am {formatiere_datum(f.von)}"
        else:
            stand = f"beendet am {formatiere_datum(f.bis)}" if f and f.bis else "beendet"
        zeilen.append(f"  • {a.text}: {a.kosten} – {stand}")
        if f is not None:
            verb = {
                "aktiv": "finanziert",
                "beendet": "war finanziert",
                "beginnt": "wird finanziert",
            }
            zeilen.append(f"      {verb[status]} durch {f.traeger}")
        if erklaeren:
            zeilen.append(f"      {a.leistung}")
            if a.hinweis:
                zeilen.append(f"      Hinweis: {a.hinweis}")
            zeilen.extend(quellen_zeilen(a.quellen, "      "))
    return zeilen
