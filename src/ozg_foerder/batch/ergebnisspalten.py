"""Die Ergebnisspalten einer Ausgabe: deutsch für Menschen oder technisch für Programme.

``--spalten deutsch`` (Standard): „IKZ Ergebnis“, „IKZ Zuwendung“, „IKZ Anteil“,
„IKZ Begründung / noch offen“ … (aus dem ``kurzname`` der Regeldatei), Statuswörter
(„förderfähig“), dazu „Eingabezeile“ (die Zeilennummer der Eingabe, wie Excel sie zeigt) und
„Fehler“. ``--spalten technisch``: die Spalten und Codes wie bis Version 1 (``ikz_ergebnis`` =
``foerderfaehig``, ``ikz_betrag``, ``fehler``) für Programme, die unsere CSV lesen.

Steht eine Ergebnisspalte schon in der Eingabe (das Ergebnis eines früheren Laufs), bekommt sie
neue Werte, statt ein zweites Mal angehängt zu werden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ozg_foerder.ausgabe.begruendung import begruendung, begruendung_satz, eintrag_rest
from ozg_foerder.ausgabe.text import ERGEBNIS_TEXT, voraussetzung_anfang
from ozg_foerder.batch.spalten import FEHLER_SPALTE, Plan, ProgrammSpalten, spaltenname
from ozg_foerder.engine.auswertung import ERFUELLT, FOERDERFAEHIG, NICHT_ERFUELLT
from ozg_foerder.engine.bedingungen import KriteriumErgebnis

if TYPE_CHECKING:
    from ozg_foerder.batch.auswertung import Zeilenergebnis
    from ozg_foerder.engine.auswertung import Ergebnis

__all__ = [
    "DEUTSCH",
    "SPALTEN",
    "TECHNISCH",
    "Ausgabespalten",
    "ProgrammZiel",
    "ausgabespalten",
    "begruendung_text",
    "begruendung_zu",
    "deutsche_namen",
    "regeln_text",
]

DEUTSCH = "deutsch"
TECHNISCH = "technisch"
SPALTEN = (DEUTSCH, TECHNISCH)
ZEILE = "Eingabezeile"
FEHLER = "Fehler"
_ARTEN = ("ergebnis", "betrag", "tage", "anteil", "begruendung")
_CACHE = 4096


def deutsche_namen(ps: ProgrammSpalten) -> dict[str, str]:
    """Art → deutsche Überschrift, für die Ergebnisspalten, die das Programm hat."""
    k = ps.programm.kurzname
    namen = {"ergebnis": f"{k} Ergebnis"}
    if ps.betrag:
        namen["betrag"] = f"{k} Zuwendung"
    if ps.tage:
        namen["tage"] = f"{k} Tage verfügbar"
    if ps.anteil:
        namen["anteil"] = f"{k} Anteil"
    namen["begruendung"] = f"{k} Begründung / noch offen"
    return namen


class ProgrammZiel(NamedTuple):
    """Positionen der Ergebnisspalten eines Programms in der Ausgabezeile (``None``: keine)."""

    ps: ProgrammSpalten
    ergebnis: int
    betrag: int | None
    tage: int | None
    anteil: int | None
    begruendung: int | None
    spaltennamen: dict[str, str]
    """Eingabe → Spaltenname in der Liste (für „Spalte einsparung“ in der Begründung)."""
    texte: dict[Any, str]
    """Zwischenspeicher der Teile einer Begründung (gleiche Voraussetzung, gleicher Status,
    gleiche Werte: ein Text)."""
    plaene: dict[tuple[int, ...], Any]
    """Folge der Voraussetzungen mit Status → Plan der Begründung (:func:`_plan`)."""
    saetze: dict[tuple[Any, ...], str]
    """Zwischenspeicher ganzer Begründungen: (``id`` des Plans, Werte, die er liest) → Satz."""
    listen: dict[int, tuple[Sequence[KriteriumErgebnis], Any]]
    """``id`` einer Liste ``Ergebnis.kriterien`` → (die Liste, ihr Plan). Das Programm legt die
    Liste je Folge der Status einmal an (:func:`~ozg_foerder.engine.auswertung.werte_aus`), alle
    Ergebnisse mit dieser Folge teilen sie: so ist der Plan ohne die Folge zu bilden gefunden.
    Die Liste bleibt hier am Leben, ihre ``id`` damit eindeutig."""


class Ausgabespalten(NamedTuple):
    kopf: list[str]
    eingabe_breite: int
    programme: list[ProgrammZiel]
    fehler: int
    zeile: int | None
    deutsch: bool

    def ergebnis_text(self, ergebnis: str) -> str:
        return ERGEBNIS_TEXT[ergebnis] if self.deutsch else ergebnis

    @property
    def anhang(self) -> int:
        """So viele Spalten kommen rechts der Eingabe dazu."""
        return len(self.kopf) - self.eingabe_breite


def _spaltennamen(plan: Plan, ps: ProgrammSpalten) -> dict[str, str]:
    namen = {s.name: plan.kopf[s.index] for s in ps.eingaben}
    namen.update({n: plan.kopf[i] for n, i in ps.kommune_eingaben})
    return namen


def ausgabespalten(plan: Plan, spalten: str = DEUTSCH) -> Ausgabespalten:
    """Die Kopfzeile der Ausgabe und wohin jedes Ergebnis kommt."""
    if spalten == TECHNISCH:
        ziel = plan.ziel
        return Ausgabespalten(
            list(plan.ausgabe_kopf),
            len(plan.kopf),
            [
                ProgrammZiel(
                    ps,
                    ziel[ps.ergebnis],
                    ziel[ps.betrag] if ps.betrag else None,
                    ziel[ps.tage] if ps.tage else None,
                    ziel[ps.anteil] if ps.anteil else None,
                    None,
                    _spaltennamen(plan, ps),
                    {},
                    {},
                    {},
                    {},
                )
                for ps in plan.programme
            ],
            ziel[FEHLER_SPALTE],
            None,
            False,
        )
    belegt = {s.index for ps in plan.programme for s in ps.eingaben}
    belegt.update(i for ps in plan.programme for _, i in ps.kommune_eingaben)
    belegt.update(i for i in (plan.kommune, plan.verbund) if i is not None)
    frei: dict[str, int] = {}
    for i, name in enumerate(plan.kopf):
        norm = spaltenname(name)
        if norm and i not in belegt:
            frei.setdefault(norm, i)
    kopf = list(plan.kopf)

    def platz(deutsch: str, *technisch: str) -> int:
        for name in (deutsch, *technisch):
            i = frei.pop(spaltenname(name), None)
            if i is not None:
                kopf[i] = deutsch  # ein früherer Lauf: neue Werte, deutsche Überschrift
                return i
        kopf.append(deutsch)
        return len(kopf) - 1

    zeile = platz(ZEILE)
    programme = []
    for ps in plan.programme:
        namen = deutsche_namen(ps)
        technisch = {
            "ergebnis": ps.ergebnis,
            "betrag": ps.betrag,
            "tage": ps.tage,
            "anteil": ps.anteil,
            "begruendung": f"{ps.praefix}_begruendung",
        }
        pos: dict[str, int | None] = {
            art: platz(namen[art], technisch[art] or namen[art]) if art in namen else None
            for art in _ARTEN
        }
        programme.append(
            ProgrammZiel(
                ps,
                pos["ergebnis"],  # type: ignore[arg-type]
                pos["betrag"],
                pos["tage"],
                pos["anteil"],
                pos["begruendung"],
                _spaltennamen(plan, ps),
                {},
                {},
                {},
                {},
            )
        )
    fehler = platz(FEHLER, FEHLER_SPALTE)
    return Ausgabespalten(kopf, len(plan.kopf), programme, fehler, zeile, True)


def begruendung_text(z: Zeilenergebnis, pz: ProgrammZiel, fehler_spalte: str = FEHLER) -> str:
    """Die Zelle „Begründung / noch offen“ eines Programms in einer Zeile."""
    pid = pz.ps.id
    e = z.ergebnisse.get(pid)
    if e is None:
        if pid in z.fehler_programme:
            return f"Nicht ausgewertet: siehe Spalte {fehler_spalte}."
        return ""
    return begruendung_zu(e, z, pz)


def begruendung_zu(e: Ergebnis, z: Zeilenergebnis, pz: ProgrammZiel) -> str:
    """:func:`begruendung_text` für das Ergebnis ``e`` des Programms in der Zeile (wer es schon
    in der Hand hat, spart das Nachschlagen)."""
    teil = z.verbund.get(pz.ps.id) if z.verbund else None
    if e.ergebnis == FOERDERFAEHIG and (teil is None or not teil.fehlerzeilen):
        return ""
    if teil is not None:
        return begruendung(
            e,
            spalten=pz.spaltennamen,
            verbund=teil.name,
            partner=teil.verursacher,
            fehlerzeilen=teil.fehlerzeilen,
        )
    # Ohne Verbund ist jeder Teil des Satzes eine Voraussetzung mit ihrem Status und den Werten,
    # die sie liest. Die Voraussetzungen mit Status sind Objekte, die das Programm einmal anlegt:
    # ihre Folge (über ``id``) wählt einen gemerkten Plan (welche Teile, welche Werte), Plan und
    # Werte den gemerkten ganzen Satz, sonst Teil und Werte den gemerkten Teil. Je Zeile bleibt
    # das Nachschlagen: bei 100.000 Zeilen ist jede Mikrosekunde je Zeile eine Zehntelsekunde.
    kriterien = e.kriterien
    bekannt = pz.listen.get(id(kriterien))
    plan = bekannt[1] if bekannt is not None else _plan_zu(pz, kriterien)
    teile, alle_namen, gemerkt = plan
    ns = e.ns
    # Erst der ganze Satz: in einer erzeugten Liste wiederholt er sich meist (gleiche Folge,
    # gleiche gelesene Werte). Die ``id`` des Plans ist eindeutig, weil gemerkte Pläne bleiben.
    satz_schluessel: tuple[Any, ...] | None = None
    if gemerkt:
        try:
            satz_schluessel = (id(plan), *map(ns.get, alle_namen))
            satz = pz.saetze.get(satz_schluessel)
        except TypeError:  # ein Wert ohne Hash (eine Liste)
            satz_schluessel = None
        else:
            if satz is not None:
                return satz
    texte = pz.texte
    nicht: list[str] = []
    offen: list[str] = []
    for k, namen, ist_nicht in teile:
        try:
            schluessel = (
                (id(k), ns.get(namen)) if namen.__class__ is str else (id(k), *map(ns.get, namen))
            )
            text = texte.get(schluessel)
        except TypeError:  # ein Wert ohne Hash (eine Liste): ohne Zwischenspeicher
            schluessel, text = None, None
        if text is None:
            # Ein neuer Wert: nur der Rest hängt an ihm, der Anfang (Voraussetzung und Grenze)
            # ist je Voraussetzung gemerkt – in vielfältigen Listen der häufige Fall.
            anfang = texte.get(id(k))
            if anfang is None:
                anfang = voraussetzung_anfang(k, e.programm)
                if len(texte) < _CACHE:
                    texte[id(k)] = anfang
            text = anfang + eintrag_rest(k, e, pz.spaltennamen)
            if schluessel is not None and len(texte) < _CACHE:
                texte[schluessel] = text
        (nicht if ist_nicht else offen).append(text)
    satz = begruendung_satz(nicht, offen)
    if satz_schluessel is not None and len(pz.saetze) < _CACHE:
        pz.saetze[satz_schluessel] = satz
    return satz


def _plan_zu(pz: ProgrammZiel, kriterien: Sequence[KriteriumErgebnis]) -> Any:
    """Der Plan zu einer Liste der Voraussetzungen mit Status, nach ihrer Folge gemerkt; die
    Liste selbst wird gemerkt (begrenzt), damit die nächste mit ihr den Plan gleich findet."""
    folge = tuple(map(id, kriterien))
    plan = pz.plaene.get(folge)
    if plan is None:
        gemerkt = len(pz.plaene) < _CACHE  # höchstens 3 hoch (Zahl der Voraussetzungen) Folgen
        plan = _plan(kriterien, gemerkt)
        if gemerkt:
            pz.plaene[folge] = plan
    if len(pz.listen) < _CACHE:
        pz.listen[id(kriterien)] = (kriterien, plan)
    return plan


def _plan(
    kriterien: Sequence[KriteriumErgebnis], gemerkt: bool = False
) -> tuple[tuple[tuple[Any, Any, bool], ...], tuple[str, ...], bool]:
    """(Teile, alle gelesenen Namen, gemerkt): je nicht erfüllter oder offener Voraussetzung sie
    selbst (sie bleibt damit am Leben, ihre ``id`` eindeutig), die Werte, die ihre Bedingung
    liest (ein Name oder mehrere), und ob sie nicht erfüllt ist; dazu die Namen aller dieser
    Werte (der Schlüssel des ganzen Satzes) und ob der Plan gemerkt ist (nur dann bleibt er am
    Leben und seine ``id`` taugt als Schlüssel)."""
    plan = []
    alle: list[str] = []
    for k in kriterien:
        if k.status == ERFUELLT:
            continue
        namen = k.kriterium.bedingung.namen()
        alle.extend(namen)
        plan.append((k, namen[0] if len(namen) == 1 else namen, k.status == NICHT_ERFUELLT))
    return tuple(plan), tuple(alle), gemerkt


def regeln_text(auswertung: Any) -> str | None:
    """``Regeln: Stand 14.03.2022 · Fingerabdruck 1a2b3c4d5e6f · ozg-foerder 0.1.0`` und die
    Eingabedatei mit ihrem Hash – womit und woraus gerechnet wurde."""
    katalog = getattr(auswertung, "katalog", None)
    if katalog is None:
        return None
    from ozg_foerder.ausgabe.regelsatz import regelsatz_text

    text = regelsatz_text(katalog.regelsatz())
    eingabe = getattr(auswertung, "eingabe", None)
    if eingabe and eingabe.get("sha256"):
        text += f"\nEingabe: {eingabe['datei']} (sha256 {eingabe['sha256'][:12]})"
    return text
