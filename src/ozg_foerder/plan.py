"""Vom Ergebnis zur Handlung: ein Förderplan für eine Kommune oder eine Gruppe von Kommunen.

:func:`erstelle_plan` wertet jedes Programm am Stichtag aus (wie die Übersicht, über
:func:`ozg_foerder.api.lies_eingaben`) und sammelt die Schritte, die seine Regeldatei nennt
(``schritte:``), dazu je Beratungskontingent das Modul, das noch gebucht werden kann. Was ein
Programm für eine Gruppe bedeutet, steht in seiner Regeldatei (``gruppe:``, ``verbund:``); hier
steht kein Wissen über einzelne Programme.

Ein Programm mit einer Eingabe vom Typ ``kommune`` (Modellkommune, Beratung) gilt je Kommune und
wird für jede Kommune der Gruppe einzeln ausgewertet; die übrigen gelten für die Gruppe als
Ganzes. Angaben wie ``kosten`` oder ``genutzt`` gelten für die Programme, die sie kennen – bei
Programmen je Kommune nur für die erste Kommune (die des Plans), nicht für die Partner.

Die Unterlagen sagen nicht, ob mehrere Programme dieselben Kosten fördern dürfen: der Plan
nennt deshalb je Programm, was es höchstens bringt, und bildet keine Summe über Programme.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from ozg_foerder.api import katalog as lade_katalog
from ozg_foerder.api import lies_eingaben, lies_stichtag, programm
from ozg_foerder.eingaben.werte import EingabeFehler
from ozg_foerder.engine.auswertung import NICHT_FOERDERFAEHIG, Ergebnis, werte_aus
from ozg_foerder.engine.bedingungen import NICHT_ERFUELLT, OFFEN, KriteriumErgebnis
from ozg_foerder.engine.programm import Programm, plus_ein_jahr
from ozg_foerder.engine.quellen import Quelle, quellen_aus
from ozg_foerder.regeln.katalog import Katalog

__all__ = [
    "GESCHLOSSEN",
    "MOEGLICH",
    "NICHT_MOEGLICH",
    "Einheit",
    "Plan",
    "Schritt",
    "Vorlagedaten",
    "beschlussvorlage_daten",
    "erstelle_plan",
    "fingerabdruck",
]

MOEGLICH = "moeglich"
GESCHLOSSEN = "geschlossen"
NICHT_MOEGLICH = "nicht_moeglich"


@dataclass
class Schritt:
    """Ein Schritt des Plans. Der Text entsteht in :mod:`ozg_foerder.ausgabe.plan_text`."""

    programm: Programm
    bis: date | None
    quellen: tuple[Quelle, ...]
    kommunen: tuple[str, ...] = ()  # für wen (leer: für alle des Plans)
    text: str | None = None  # aus der Regeldatei
    modul: Any = None  # ModulDef: ein Beratungsmodul buchen
    kontingent: Any = None  # KontingentDef
    wahl: str | None = None  # Schritte derselben Wahl schließen sich aus
    rang: int | None = None  # 1 = beste Wahl
    betrag: Decimal | None = None  # Zuwendung bei dieser Wahl
    tage_gesamt: Decimal | None = None  # Beratungstage insgesamt bei dieser Wahl
    tage_bestwert: Decimal | None = None  # Beratungstage bei der besten Wahl

    def schluessel(self) -> tuple:
        modul = self.modul.nr if self.modul is not None else None
        kontingent = self.kontingent.id if self.kontingent is not None else None
        return (
            self.programm.id,
            self.bis,
            self.text,
            modul,
            kontingent,
            self.wahl,
            self.rang,
            self.betrag,
            self.tage_gesamt,
        )


@dataclass
class Einheit:
    """Ein Programm, ausgewertet für eine Kommune oder die ganze Gruppe."""

    programm: Programm
    kommunen: tuple[Any, ...]  # Kommune-Einträge des Verzeichnisses
    ergebnis: Ergebnis
    status: str
    bis_zu: Decimal | None
    bis_zu_quellen: tuple[Quelle, ...]
    gruende: list[KriteriumErgebnis]
    offen: list[KriteriumErgebnis]
    fehlende: list[str]  # Optionen, ohne die etwas offen bleibt
    frist: date | None
    frist_quellen: tuple[Quelle, ...]
    frist_pruefen: str | None = None
    """Bei einem weichen Ende (erschlossen, nicht belegt): was danach zu prüfen ist."""

    @property
    def tage(self) -> Decimal | None:
        return self.ergebnis.tage_verfuegbar

    @property
    def bringt_foerderung(self) -> bool:
        """Geld oder Beratungstage – nicht nur Leistungen ohne Antrag."""
        return self.programm.formel is not None or bool(self.programm.kontingente)


@dataclass
class Plan:
    kommune: Any
    partner: list[Any]
    stichtag: date
    einheiten: list[Einheit]
    schritte: list[Schritt]
    gruppen_texte: dict[str, tuple[str, tuple[Quelle, ...]]]  # Programm → Text der Regeldatei
    stand: date
    fingerabdruck: str
    hinweise: list[str] = field(default_factory=list)

    @property
    def gruppe(self) -> bool:
        return bool(self.partner)

    @property
    def kommunen(self) -> list[Any]:
        return [self.kommune, *self.partner]

    @property
    def veraltet(self) -> bool:
        return self.stichtag > plus_ein_jahr(self.stand)

    def offene_programme(self) -> list[Programm]:
        """Förderprogramme (Geld oder Beratung), die am Stichtag noch möglich sind."""
        gesehen: dict[str, Programm] = {}
        for e in self.einheiten:
            if e.bringt_foerderung and e.status == MOEGLICH:
                gesehen.setdefault(e.programm.id, e.programm)
        return list(gesehen.values())


# ---------------------------------------------------------------------------------------------
# Fingerabdruck der Regeln
# ---------------------------------------------------------------------------------------------


def fingerabdruck(kat: Katalog) -> str:
    """Die ersten 12 Hex-Ziffern von sha256 über die Regeldateien (Zeilenenden vereinheitlicht).

    Kennt der Katalog selbst schon einen Fingerabdruck, gilt dieser.
    """
    eigener = getattr(kat, "fingerabdruck", None)
    if callable(eigener):
        eigener = eigener()
    if isinstance(eigener, str) and eigener:
        return eigener[:12]
    h = hashlib.sha256()
    for pfad in sorted(kat.verzeichnis.glob("*.yaml")):
        inhalt = pfad.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        h.update(pfad.name.encode() + b"\0" + inhalt + b"\0")
    return h.hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# Auswertung
# ---------------------------------------------------------------------------------------------


def _status(e: Ergebnis) -> str:
    if e.ergebnis != NICHT_FOERDERFAEHIG:
        return MOEGLICH
    gescheitert = {k.kriterium.id for k in e.kriterien if k.status == NICHT_ERFUELLT}
    return GESCHLOSSEN if "foerderzeitraum" in gescheitert else NICHT_MOEGLICH


def _werte(p: Programm, roh: Mapping[str, Any], stichtag: date) -> Ergebnis:
    werte, hinweise = lies_eingaben(p, roh, vorschau=True)
    e = werte_aus(p, werte, stichtag)
    e.weitere_hinweise.extend(hinweise)
    return e


def _einheit(p: Programm, kommunen: tuple[Any, ...], e: Ergebnis) -> Einheit:
    status = _status(e)
    bis_zu = None
    quellen: tuple[Quelle, ...] = ()
    if p.formel is not None and status == MOEGLICH:
        bis_zu = e.betrag if e.betrag is not None else p.formel.hoechstmoeglich()
        quellen = p.formel.quellen
    fehlende = []
    for name in p.benoetigte_eingaben():
        eingabe = p.eingaben[name]
        if e.ns.get(name) is None and eingabe.typ != "kommune":
            fehlende.append("/".join(eingabe.schalter))
    frist, frist_quellen, pruefen = None, (), None
    if p.gueltigkeit is not None:
        frist, frist_quellen = p.gueltigkeit[1], p.gueltigkeit[3]
    if frist is None:
        # ein weiches Ende (GUIDE §1.1): die Frist, bis zu der die Bedingung sicher gilt
        for k in e.kriterien:
            b = k.kriterium.bedingung
            if b.art == "weiches_ende" and isinstance(getattr(b, "bis", None), date):
                frist, frist_quellen, pruefen = b.bis, k.kriterium.quellen, b.pruefen
                break
    return Einheit(
        p,
        kommunen,
        e,
        status,
        bis_zu,
        quellen,
        [k for k in e.kriterien if k.status == NICHT_ERFUELLT],
        [k for k in e.kriterien if k.status == OFFEN],
        fehlende,
        frist,
        frist_quellen,
        pruefen,
    )


def _eigene(p: Programm, angaben: Mapping[str, Any]) -> dict[str, Any]:
    return {n: w for n, w in angaben.items() if n in p.eingaben}


def erstelle_plan(
    kommune: Any,
    partner: list[Any] | tuple[Any, ...] = (),
    *,
    stichtag: date | str | None = None,
    eingaben: Mapping[str, Any] | None = None,
    regeln: str | None = None,
    kat: Katalog | None = None,
) -> Plan:
    """Der Plan für ``kommune`` (mit ``partner``: für die Gruppe) am ``stichtag``.

    ``kommune`` und ``partner`` sind Einträge des Kommunenverzeichnisses oder Namen/AGS.
    ``eingaben`` (Name der Eingabe → Rohwert) gelten für jedes Programm mit dieser Eingabe;
    eine Eingabe, die kein Programm kennt, ist ein :class:`EingabeFehler`.
    """
    kat = kat or lade_katalog(regeln)
    tag = lies_stichtag(stichtag)
    hinweise: list[str] = []
    kommune, hinweise_k = _kommune(kommune, "kommune")
    hinweise += hinweise_k
    partner_liste = []
    for p_roh in partner:
        k, h = _kommune(p_roh, "partner")
        hinweise += h
        if k.ags == kommune.ags or any(k.ags == x.ags for x in partner_liste):
            raise EingabeFehler(
                "partner", p_roh, "jede Kommune der Gruppe nur einmal", grund="doppelt genannt."
            )
        partner_liste.append(k)
    angaben = dict(eingaben or {})
    programme = kat.programme()
    bekannt = {n for p in programme for n in p.eingaben}
    for name, wert in angaben.items():
        if name not in bekannt:
            raise EingabeFehler(
                name, wert, "die Eingaben der Programme: " + ", ".join(sorted(bekannt))
            )
    gruppe = bool(partner_liste)
    alle = (kommune, *partner_liste)

    einheiten: list[Einheit] = []
    schritte: list[Schritt] = []
    gruppen_texte: dict[str, tuple[str, tuple[Quelle, ...]]] = {}
    for p in programme:
        kompilat = kat.kompilat(p.id)
        q = {n: Quelle(**v) for n, v in kompilat.get("quellen", {}).items()}
        g = kompilat.get("gruppe")
        if gruppe and g:
            gruppen_texte[p.id] = (g["text"], quellen_aus(g.get("quelle"), q))
        kommune_eingaben = [n for n, e in p.eingaben.items() if e.typ == "kommune"]
        if kommune_eingaben:
            laeufe = []
            for i, k in enumerate(alle):
                roh = _eigene(p, angaben) if i == 0 else {}
                roh.update(dict.fromkeys(kommune_eingaben, k))
                laeufe.append(((k,), roh))
        else:
            roh = _eigene(p, angaben)
            if gruppe:
                for n, w in (g or {}).get("eingaben", {}).items():
                    roh.setdefault(n, w)
                if p.verbund_zaehlt:
                    vorher = roh.get(p.verbund_zaehlt)
                    if vorher is not None and str(vorher).strip() != str(len(alle)):
                        raise EingabeFehler(
                            p.verbund_zaehlt,
                            vorher,
                            f"die Zahl der Kommunen der Gruppe ({len(alle)})",
                            grund="Kommune und Partner ergeben eine andere Zahl.",
                        )
                    roh[p.verbund_zaehlt] = len(alle)
            laeufe = [(alle, roh)]
        for kommunen, roh in laeufe:
            e = _werte(p, roh, tag)
            einheit = _einheit(p, kommunen, e)
            einheiten.append(einheit)
            if einheit.status != MOEGLICH:
                continue
            namen = tuple(k.name for k in kommunen) if kommune_eingaben and gruppe else ()
            neu = _regel_schritte(p, kompilat, q, roh, tag, gruppe, namen)
            betraege = [s.betrag for s in neu if s.betrag is not None]
            if einheit.bis_zu is not None and betraege:
                # was eine der Wahlen höchstens bringt (Modellkommune: Gemeinschaftsvorhaben)
                einheit.bis_zu = max(einheit.bis_zu, *betraege)
            schritte += neu
            schritte += _modul_schritte(p, e, tag, namen)

    schritte = _zusammengefasst(schritte)
    for s in schritte:  # ein Schritt aller Kommunen der Gruppe braucht keine Namen
        if set(s.kommunen) == {k.name for k in alle}:
            s.kommunen = ()
    return Plan(
        kommune,
        partner_liste,
        tag,
        einheiten,
        _sortiert(schritte),
        gruppen_texte,
        max(p.stand for p in programme),
        fingerabdruck(kat),
        list(dict.fromkeys(hinweise)),
    )


def _kommune(roh: Any, feld: str) -> tuple[Any, list[str]]:
    if hasattr(roh, "ags"):
        return roh, []
    from ozg_foerder.eingaben.kommunen import verzeichnis

    if not isinstance(roh, str | int):
        raise EingabeFehler(feld, roh, "Name oder AGS einer hessischen Kommune")
    return verzeichnis().suche(str(roh), feld)


def _ende(schritt: dict[str, Any], p: Programm, tag: date) -> date | None:
    """Die Frist eines Schritts am Stichtag (ein datiertes Datum: das dann geltende)."""
    bis = schritt.get("bis")
    if bis is None:
        return None
    if bis == "gueltigkeit":
        return p.gueltigkeit[1] if p.gueltigkeit is not None else None
    if isinstance(bis, list):  # [{ab, wert, quelle}]: vor dem ersten 'ab' unbekannt
        geltend = [s for s in bis if date.fromisoformat(s["ab"]) <= tag]
        if not geltend:
            return None
        bis = max(geltend, key=lambda s: s["ab"])["wert"]
    return date.fromisoformat(bis)


def _regel_schritte(
    p: Programm,
    kompilat: dict[str, Any],
    q: dict[str, Quelle],
    roh: dict[str, Any],
    tag: date,
    gruppe: bool,
    namen: tuple[str, ...],
) -> list[Schritt]:
    schritte: list[Schritt] = []
    wahlen: dict[str, list[Schritt]] = {}
    for s in kompilat.get("schritte", []):
        if s.get("nur") == ("gruppe" if not gruppe else "einzeln"):
            continue
        bis = _ende(s, p, tag)
        if bis is not None and bis < tag:
            continue
        festgelegt = s.get("eingaben", {})
        # Legt die Wahl eine Eingabe anders fest als schon angegeben, entfällt sie; legt sie
        # sie genauso fest, ist sie keine Wahl mehr, sondern ein Schritt.
        if any(n in roh and str(roh[n]) != str(w) for n, w in festgelegt.items()):
            continue
        schon = festgelegt and all(n in roh for n in festgelegt)
        schritt = Schritt(p, bis, quellen_aus(s["quelle"], q), namen, text=s["text"])
        if festgelegt and not schon:
            e = _werte(p, {**roh, **festgelegt}, tag)
            schritt.betrag = e.betrag if e.ergebnis != NICHT_FOERDERFAEHIG else None
        if s.get("waehle_eines") and not schon:
            schritt.wahl = f"{p.id}:{s['waehle_eines']}"
            wahlen.setdefault(schritt.wahl, []).append(schritt)
        schritte.append(schritt)
    geordnet: dict[str, list[Schritt]] = {}
    for schluessel, gruppe_wahl in wahlen.items():
        # die Wahl mit dem höchsten Betrag zuerst; gleich hohe in der Reihenfolge der Datei
        reihe = sorted(gruppe_wahl, key=lambda s: -(s.betrag or Decimal(0)))
        for rang, s in enumerate(reihe, 1):
            s.rang = rang if len(reihe) > 1 else None
            s.wahl = schluessel if len(reihe) > 1 else None
        geordnet[schluessel] = reihe
    ergebnis: list[Schritt] = []
    for s in schritte:  # eine Wahl steht zusammen, an der Stelle ihres ersten Schritts
        if s.wahl is None:
            ergebnis.append(s)
        elif s.wahl in geordnet:
            ergebnis += geordnet.pop(s.wahl)
    return ergebnis


def _modul_schritte(p: Programm, e: Ergebnis, tag: date, namen: tuple[str, ...]) -> list[Schritt]:
    """Je Kontingent der besten Zuordnung: das Modul, das noch gebucht werden kann.

    Andere Module desselben Kontingents sind eine Wahl; ihr Wert ist die Zahl der
    Beratungstage, die insgesamt bleiben, wenn man sie statt des besten bucht.
    """
    v = e.verteilung
    if v is None or not v.plan:
        return []
    from ozg_foerder.engine.kontingente import verteile

    genutzt = tuple(e.ns.get(p.modul_eingabe or "") or ())
    nach_id = {k.id: k for k in p.kontingente}
    module = {m.nr: m for m in p.module}
    schritte = []
    for kid, nr in v.plan.items():
        k = nach_id[kid]
        kandidaten = [nr] + [m for m in k.module if m != nr and m not in genutzt]
        bewertet = []
        for m in kandidaten:
            try:
                rest = verteile(p.module, p.kontingente, (*genutzt, m), tag).tage_verfuegbar
            except EingabeFehler:
                continue
            bewertet.append((module[m].tage + rest, m))
        bewertet.sort(key=lambda t: -t[0])  # stabil: das Modul der besten Zuordnung zuerst
        if not bewertet:
            continue
        bestwert = bewertet[0][0]
        for rang, (gesamt, m) in enumerate(bewertet, 1):
            schritte.append(
                Schritt(
                    p,
                    k.bis,
                    k.quellen,
                    namen,
                    modul=module[m],
                    kontingent=k,
                    wahl=f"{p.id}:{kid}" if len(bewertet) > 1 else None,
                    rang=rang if len(bewertet) > 1 else None,
                    tage_gesamt=gesamt,
                    tage_bestwert=bestwert,
                )
            )
    return schritte


def _zusammengefasst(schritte: list[Schritt]) -> list[Schritt]:
    """Gleiche Schritte mehrerer Kommunen einer Gruppe (je Kommune ausgewertet) einmal."""
    ergebnis: dict[tuple, Schritt] = {}
    for s in schritte:
        vorher = ergebnis.get(s.schluessel())
        if vorher is None:
            ergebnis[s.schluessel()] = s
        else:
            vorher.kommunen = tuple(dict.fromkeys((*vorher.kommunen, *s.kommunen)))
    return list(ergebnis.values())


def _sortiert(schritte: list[Schritt]) -> list[Schritt]:
    """Nach Datum (ohne Frist zuletzt); bei gleichem Datum in der Reihenfolge der Programme."""
    return sorted(schritte, key=lambda s: (s.bis or date.max,))


# ---------------------------------------------------------------------------------------------
# Beschlussvorlage
# ---------------------------------------------------------------------------------------------


class Vorlagedaten(NamedTuple):
    ergebnis: Ergebnis
    beschluss: dict[str, Any]
    beschluss_quellen: tuple[Quelle, ...]
    kommune: Any
    partner: list[Any]
    fristen: list[Any]  # ausgabe.fristen.Frist mit Ende am oder nach dem Stichtag
    stand: date
    fingerabdruck: str


def programme_mit_beschluss(kat: Katalog) -> list[str]:
    return [i for i in kat.ids if kat.kompilat(i).get("beschluss")]


def beschlussvorlage_daten(
    programm_id: str,
    eingaben: Mapping[str, Any] | None = None,
    *,
    kommune: Any,
    partner: list[Any] | tuple[Any, ...] = (),
    stichtag: date | str | None = None,
    regeln: str | None = None,
) -> Vorlagedaten:
    """Auswertung und Texte für die Beschlussvorlage eines Programms mit ``beschluss:``.

    Die Partner zählen für ein Programm mit ``verbund:`` als Kommunen (IKZ: Kommune und zwei
    Partner = 3); eine andere angegebene Zahl ist ein :class:`EingabeFehler`.
    """
    from ozg_foerder.ausgabe.fristen import sammle_fristen

    kat = lade_katalog(regeln)
    p = programm(programm_id, kat)
    kompilat = kat.kompilat(p.id)
    beschluss = kompilat.get("beschluss")
    if not beschluss:
        raise EingabeFehler(
            "programm",
            programm_id,
            "ein Programm mit Beschlusstext: " + ", ".join(programme_mit_beschluss(kat)),
            grund="Die Regeldatei dieses Programms enthält keinen Beschlussvorschlag.",
        )
    tag = lies_stichtag(stichtag)
    kommune, _ = _kommune(kommune, "kommune")
    partner_liste = []
    for roh_partner in partner:
        k, _ = _kommune(roh_partner, "partner")
        if k.ags == kommune.ags or any(k.ags == x.ags for x in partner_liste):
            raise EingabeFehler(
                "partner", roh_partner, "jede Kommune nur einmal", grund="doppelt genannt."
            )
        partner_liste.append(k)
    roh = dict(eingaben or {})
    for name, e in p.eingaben.items():
        if e.typ == "kommune":
            roh[name] = kommune
    if partner_liste:
        g = kompilat.get("gruppe") or {}
        for n, w in g.get("eingaben", {}).items():
            roh.setdefault(n, w)
        if p.verbund_zaehlt:
            anzahl = 1 + len(partner_liste)
            vorher = roh.get(p.verbund_zaehlt)
            if vorher is not None and str(vorher).strip() != str(anzahl):
                raise EingabeFehler(
                    p.verbund_zaehlt,
                    vorher,
                    f"{anzahl} (die Kommune und ihre {len(partner_liste)} Partner) oder die "
                    "Option weglassen",
                    grund="Die genannten Partner ergeben eine andere Zahl von Kommunen.",
                )
            roh[p.verbund_zaehlt] = anzahl
    werte, hinweise = lies_eingaben(p, roh)
    ergebnis = werte_aus(p, werte, tag)
    ergebnis.weitere_hinweise.extend(hinweise)
    q = {n: Quelle(**v) for n, v in kompilat.get("quellen", {}).items()}
    fristen = [f for f in sammle_fristen([p]) if f.bis is not None and f.bis >= tag]
    return Vorlagedaten(
        ergebnis,
        beschluss,
        quellen_aus(beschluss["quelle"], q),
        kommune,
        partner_liste,
        fristen,
        max(x.stand for x in kat.programme()),
        fingerabdruck(kat),
    )
