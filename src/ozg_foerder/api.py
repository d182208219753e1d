"""Die Python-API: dieselbe Auswertung wie die Kommandozeile, ohne sie.

``pruefe("ikz", {"kommunen": 4, "einsparung": "0,18"}, stichtag="14.03.2022")`` liest die
Eingaben wie die Kommandozeile (deutsche Schreibweisen, ``None`` = nicht angegeben), löst
Kommunennamen im Verzeichnis auf und wertet das Programm am Stichtag aus.

Der Eingabeweg ist für alle derselbe – eine Option von ``check``, eine Zelle einer Liste
(``batch``), ein Wert aus Python: :func:`wertleser` (Rohwert → Wert einer Eingabe, mit begrenztem
Zwischenspeicher je Eingabe), :func:`lies_kommune` (Verzeichnis, auf Wunsch in einem Landkreis),
:func:`fehlende_angaben` (erforderliche Eingaben) und die Meldungen von :class:`EingabeFehler`.
:func:`lies_eingaben` setzt sie für ein ganzes Programm zusammen.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import Any

from ozg_foerder.ausgabe.text import als_dict, als_text
from ozg_foerder.eingaben.definition import EingabeDef
from ozg_foerder.eingaben.werte import AngabeFehlt, EingabeFehler, ist_leer, lies_datum
from ozg_foerder.engine.auswertung import Ergebnis, werte_aus
from ozg_foerder.engine.programm import Programm
from ozg_foerder.regeln.katalog import Katalog, lade_katalog

__all__ = [
    "KOMMUNEN_GELESEN",
    "EingabeFehler",
    "Ergebnis",
    "UnbekanntesProgramm",
    "als_dict",
    "als_text",
    "fehlende_angaben",
    "gemerkte_kommunen",
    "katalog",
    "lies_eingaben",
    "lies_kommune",
    "lies_stichtag",
    "pruefe",
    "suche_kommunen_nach",
    "wertleser",
]


class UnbekanntesProgramm(EingabeFehler):
    def __init__(self, wert: str, bekannt: list[str]) -> None:
        aehnlich = difflib.get_close_matches(wert, bekannt, n=1)
        grund = f"Meinten Sie „{aehnlich[0]}“?" if aehnlich else "Dieses Programm gibt es nicht."
        super().__init__("programm", wert, ", ".join(bekannt), grund=grund)


_KATALOGE: dict[str, Katalog] = {}


def katalog(regeln: str | os.PathLike[str] | None = None) -> Katalog:
    """Die Programme eines Regelverzeichnisses (``None``: die mitgelieferten Regeln).

    Liest keine Umgebungsvariable: ``OZG_FOERDER_REGELN`` gilt nur für die Kommandozeile, die
    sie einmal liest und als Argument weitergibt. Gemerkt wird der Katalog je Verzeichnis.
    """
    schluessel = str(regeln or "")
    if schluessel not in _KATALOGE:
        _KATALOGE[schluessel] = lade_katalog(regeln)
    return _KATALOGE[schluessel]


def programm(programm_id: str, kat: Katalog) -> Programm:
    if programm_id not in kat:
        raise UnbekanntesProgramm(programm_id, kat.ids)
    return kat.programm(programm_id)


def lies_stichtag(roh: date | str | None) -> date:
    """Stichtag aus ISO- oder deutschem Datum; ohne Angabe heute."""
    if roh is None or (isinstance(roh, str) and roh.strip().lower() in ("", "heute")):
        return date.today()
    wert = lies_datum(roh, "stichtag")
    assert wert is not None
    return wert


# ---------------------------------------------------------------------------------------------
# Der eine Eingabeweg: jeder Rohwert (Option, CSV-Zelle, Excel-Zelle, Python-Wert) geht hier durch
# ---------------------------------------------------------------------------------------------

_ZWISCHENSPEICHER = 4096
"""So viele verschiedene Rohwerte merkt sich ein Leser (je Eingabe bzw. für Kommunen)."""


class _Fehler:
    """Zwischengespeicherter Lesefehler (bei jedem Lesen desselben Rohwerts erneut geworfen)."""

    __slots__ = ("fehler",)

    def __init__(self, fehler: EingabeFehler) -> None:
        self.fehler = fehler


_FEHLT = object()
_KOMMUNEN: dict[Any, Any] = {}
_KREISE: dict[str, Any] = {}
KOMMUNEN_GELESEN: dict[str, tuple[Any, tuple[str, ...]]] = {}
"""Der Teil des Zwischenspeichers von :func:`lies_kommune` mit gefundenen Kommunen zu Texten
(ohne Kreis): wer viele Zeilen liest, schaut dort zuerst nach und ruft sonst ``lies_kommune``."""


def _schluessel(roh: Any) -> Any:
    return roh if roh.__class__ is str else (roh.__class__, roh)


def lies_kreis(roh: Any, feld: str = "kreis") -> Any:
    """Ein Landkreis (Name, ``LK X``, Schlüssel); ``None`` für leer. Wirft EingabeFehler."""
    if ist_leer(roh):
        return None
    text = str(int(roh)) if isinstance(roh, float) and roh.is_integer() else str(roh)
    gefunden = _KREISE.get(text)
    if gefunden is None:
        from ozg_foerder.eingaben.kommunen import verzeichnis

        try:
            gefunden = verzeichnis().suche_kreis(text, feld)
        except EingabeFehler as fehler:
            gefunden = _Fehler(fehler)
        if len(_KREISE) < _ZWISCHENSPEICHER:
            _KREISE[text] = gefunden
    if gefunden.__class__ is _Fehler:
        raise gefunden.fehler
    return gefunden


def lies_kommune(
    roh: Any, feld: str = "kommune", kreis: Any = None, vorschlaege: bool = True
) -> tuple[Any, tuple[str, ...]]:
    """Rohwert → (Kommune, Hinweise). ``kreis``: ein Landkreis (:func:`lies_kreis`), in dem ein
    mehrdeutiger Name gesucht wird („Lautertal“ im Vogelsbergkreis); eine Kommune außerhalb
    dieses Kreises ist ein Fehler. Gleiche Rohwerte werden einmal gesucht (begrenzt).
    Wirft :class:`EingabeFehler` (unbekannt, mehrdeutig, Widerspruch zum Kreis).
    ``vorschlaege=False``: für einen unbekannten Namen keine ähnlichen Namen suchen."""
    if roh.__class__ is str and kreis is None:
        schluessel: Any = roh  # der häufige Fall (CSV ohne Kreis): schnell
    else:
        if isinstance(roh, bool) or not isinstance(roh, str | int | float | Decimal):
            raise EingabeFehler(feld, roh, "Name oder AGS einer hessischen Kommune als Text")
        schluessel = (_schluessel(roh), kreis.ags if kreis is not None else "")
    gefunden = _KOMMUNEN.get(schluessel)
    if gefunden is None:
        try:
            gefunden = _suche_kommune(roh, kreis, vorschlaege)
        except EingabeFehler as fehler:
            gefunden = _Fehler(fehler)
        if len(_KOMMUNEN) < _ZWISCHENSPEICHER and (
            vorschlaege or gefunden.__class__ is not _Fehler
        ):
            _KOMMUNEN[schluessel] = gefunden
            if schluessel.__class__ is str and gefunden.__class__ is not _Fehler:
                KOMMUNEN_GELESEN[schluessel] = gefunden
    if gefunden.__class__ is _Fehler:
        fehler = gefunden.fehler
        if fehler.feld != feld:
            fehler = EingabeFehler(feld, fehler.wert, fehler.erlaubt, grund=fehler.grund)
        raise fehler
    return gefunden


def gemerkte_kommunen(ab: int = 0) -> list[Any]:
    """Die Schlüssel im Zwischenspeicher von :func:`lies_kommune` ab Stelle ``ab``, in der
    Reihenfolge, in der sie dazukamen (er vergisst nichts). Für Läufe in mehreren Prozessen
    (:mod:`ozg_foerder.batch.parallel`): was ein anderer Prozess schon gesucht hat."""
    return list(islice(_KOMMUNEN, ab, None))


def suche_kommunen_nach(schluessel: Iterable[Any]) -> None:
    """Sucht die ``schluessel`` (aus :func:`gemerkte_kommunen` eines anderen Prozesses) hier noch
    einmal, mit Vorschlägen – danach steht im Zwischenspeicher, was dort stand (soweit Platz
    ist), als wäre hier gesucht worden."""
    for s in schluessel:
        if s in _KOMMUNEN:
            continue
        roh, ags = (s, "") if s.__class__ is str else s
        if roh.__class__ is tuple:  # (Klasse, Wert) für Zahlen aus Excel
            roh = roh[1]
        with contextlib.suppress(EingabeFehler):  # gemerkt ist auch der Fehler
            lies_kommune(roh, "kommune", lies_kreis(ags) if ags else None)


def _suche_kommune(roh: Any, kreis: Any, vorschlaege: bool = True) -> tuple[Any, tuple[str, ...]]:
    from ozg_foerder.eingaben.kommunen import KommuneUnbekannt, verzeichnis

    wert = str(roh) if isinstance(roh, Decimal) else roh
    try:
        kommune, hinweise = verzeichnis().suche(wert, "kommune", vorschlaege)
    except KommuneUnbekannt as fehler:
        if kreis is None or not fehler.mehrdeutig:
            raise
        im_kreis = [k for k in fehler.vorschlaege if k.kreis == kreis.name]
        if len(im_kreis) != 1:
            raise EingabeFehler(
                "kommune",
                roh,
                fehler.erlaubt,
                grund=f"{fehler.grund} Im {kreis.name} liegt "
                + ("keine davon." if not im_kreis else "mehr als eine davon."),
            ) from None
        return im_kreis[0], ()
    if kreis is not None and kommune is not kreis and kommune.kreis != kreis.name:
        lage = (
            f"im {kommune.kreis}" if kommune.kreis else f"nicht in einem Landkreis ({kommune.art})"
        )
        raise EingabeFehler(
            "kommune",
            roh,
            f"eine Kommune im {kreis.name} oder eine passende Angabe in der Spalte kreis",
            grund=f"{kommune.name} liegt {lage}, nicht im {kreis.name}.",
        )
    return kommune, tuple(hinweise)


def wertleser(e: EingabeDef, groesse: int = _ZWISCHENSPEICHER) -> Callable[[Any], Any]:
    """Ein Leser für die Rohwerte einer Eingabe (nicht für Kommunen): ``lies(roh)`` → Wert oder
    ``None``; wirft :class:`EingabeFehler`. Gleiche Rohwerte werden nur einmal gelesen (bis zu
    ``groesse`` verschiedene; so bleibt der Speicher begrenzt und eine Liste schnell).
    ``lies.gelesen`` ist der Teil des Zwischenspeichers mit schon gelesenen Texten und ihrem
    Wert: wer viele Zellen liest, schaut dort zuerst nach und ruft sonst ``lies``."""
    lies = e.leser()
    cache: dict[Any, Any] = {}
    gelesen: dict[str, Any] = {}  # nur gelesene Texte mit Wert: der schnelle Weg für Listen

    def lies_wert(roh: Any) -> Any:
        schluessel = roh if roh.__class__ is str else (roh.__class__, roh)
        try:
            wert = cache.get(schluessel, _FEHLT)
        except TypeError:  # nicht hashbar: ohne Zwischenspeicher
            return lies(roh)
        if wert is _FEHLT:
            try:
                wert = lies(roh)
            except EingabeFehler as fehler:
                wert = _Fehler(fehler)
            if len(cache) < groesse:
                cache[schluessel] = wert
                if wert is not None and wert.__class__ is not _Fehler and roh.__class__ is str:
                    gelesen[roh] = wert
        if wert.__class__ is _Fehler:
            raise wert.fehler
        return wert

    lies_wert.gelesen = gelesen  # type: ignore[attr-defined]
    return lies_wert


def fehlende_angaben(
    p: Programm, werte: Mapping[str, Any], ausser: Iterable[str] = ()
) -> list[AngabeFehlt]:
    """Die erforderlichen Eingaben, die in ``werte`` fehlen (``ausser``: anderweitig gegeben)."""
    ausser = set(ausser)
    fehlend = []
    for name in p.erforderlich:
        if werte.get(name) is None and name not in ausser:
            e = p.eingaben[name]
            fehlend.append(AngabeFehlt(name, e.text, e.erlaubt()))
    return fehlend


def lies_eingaben(
    p: Programm, roh: Mapping[str, Any], *, vorschau: bool = False, kreis: Any = None
) -> tuple[dict[str, Any], list[str]]:
    """Rohwerte → Werte im Typ der Eingaben; dazu Hinweise aus der Kommunensuche.

    Fehlt eine erforderliche Eingabe, ist das ein :class:`EingabeFehler` – außer in der
    ``vorschau`` (Übersicht), die zeigt, was ohne sie schon feststeht. ``kreis``: Landkreis
    (Rohwert oder Kommune), in dem Kommunennamen gesucht werden.
    """
    werte: dict[str, Any] = {}
    hinweise: list[str] = []
    if kreis is not None and not hasattr(kreis, "ags"):
        kreis = lies_kreis(kreis)
    for name, wert in roh.items():
        eingabe = p.eingaben.get(name)
        if eingabe is None:
            raise EingabeFehler(
                name, wert, "die Eingaben von " + p.id + ": " + ", ".join(p.eingaben)
            )
        if eingabe.typ == "kommune" and not hasattr(wert, "ags") and not ist_leer(wert):
            wert, neu = lies_kommune(wert, name, kreis)
            hinweise.extend(neu)
        werte[name] = eingabe.lies(wert)
    if not vorschau:
        fehlend = fehlende_angaben(p, werte)
        if fehlend:
            raise fehlend[0]
    return werte, hinweise


def pruefe(
    programm_id: str,
    eingaben: Mapping[str, Any] | None = None,
    *,
    stichtag: date | str | None = None,
    regeln: str | os.PathLike[str] | None = None,
    vorschau: bool = False,
) -> Ergebnis:
    """Wertet ein Programm aus. Wirft :class:`EingabeFehler` bei unzulässigen Eingaben."""
    p = programm(programm_id, katalog(regeln))
    tag = lies_stichtag(stichtag)
    werte, hinweise = lies_eingaben(p, eingaben or {}, vorschau=vorschau)
    ergebnis = werte_aus(p, werte, tag)
    ergebnis.weitere_hinweise.extend(hinweise)
    return ergebnis
