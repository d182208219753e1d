"""Das Gerüst einer Arbeitsmappe lesen: Blätter, Texte, Zahlenformate – sicher und schnell.

Gelesen wird, was der schnelle Blattleser (:mod:`.xlsx_blatt`) braucht: welche Blätter es gibt
(Name, Sichtbarkeit, Teil im ZIP), welches aktiv ist, die Tabelle der Texte
(sharedStrings.xml), je Zellstil das Zahlenformat und ob es ein Datum zeigt, und die Epoche
(1900 oder 1904). Alles so, wie openpyxl es deutet – der Vergleichstest prüft das.

Geparst wird mit ``xml.parsers.expat`` (C). Eine DTD (und damit jede Entität, intern oder
extern) bricht sofort ab: :class:`XmlAbgelehnt`. Versteht dieser Leser etwas nicht (ein
fehlender Teil, ein Diagrammblatt, doppelte Blattnamen, kaputtes XML), wirft er
:class:`Unverstanden` – dann liest openpyxl die Datei wie bisher und meldet, was es meldet.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from ozg_foerder.batch.xlsx_formate import (
    EINGEBAUT,
    EINGEBAUT_GRENZE,
    MAC_EPOCHE,
    WINDOWS_EPOCHE,
    ist_datumsformat,
    ist_dauerformat,
)

__all__ = ["Mappe", "Unverstanden", "XmlAbgelehnt", "lies_mappe", "neuer_parser"]

HAUPT = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_BEZUG = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAPPEN_ARTEN = (  # in dieser Reihenfolge sucht openpyxl den Hauptteil
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_TEXTE_ART = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SICHTBARKEIT = ("visible", "hidden", "veryHidden")
_VERBOTEN_IM_NAMEN = frozenset("\\*?:/[]")


class Unverstanden(Exception):
    """Der schnelle Leser versteht die Datei (oder eine Stelle darin) nicht sicher."""


class XmlAbgelehnt(Exception):
    """Ein XML-Teil enthält eine DTD (Entitäten, externe Verweise): wird nie gelesen."""


def _abweisen(*_: Any) -> None:
    raise XmlAbgelehnt


def neuer_parser() -> Any:
    """Ein expat-Parser mit Namensräumen (``"uri name präfix"``), der jede DTD abweist.

    Entitäten lassen sich nur in einer DTD erklären; ohne DTD kennt expat nur die fünf
    vordefinierten (``&amp;`` …) – eine Entity-Bombe oder ein externer Verweis ist damit
    unmöglich. Die Handler brechen trotzdem ab, falls eine DTD nur teilweise gemeldet wird."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.namespace_prefixes = True
    parser.StartDoctypeDeclHandler = _abweisen
    parser.EntityDeclHandler = _abweisen
    parser.UnparsedEntityDeclHandler = _abweisen
    parser.ExternalEntityRefHandler = _abweisen
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _name(roh: str) -> tuple[str, str]:
    """``"uri lokal präfix"`` → (uri, lokal)."""
    teile = roh.split(" ")
    if len(teile) == 1:
        return "", teile[0]
    return teile[0], teile[1]


def _attr(attrs: dict[str, str], name: str, ns: str = "") -> str | None:
    """Ein Attribut ohne Rücksicht auf das Präfix (expat meldet ``"uri name präfix"``)."""
    if not ns:
        return attrs.get(name)
    for schluessel, wert in attrs.items():
        if _name(schluessel) == (ns, name):
            return wert
    return None


def _parse(
    daten: bytes,
    start: Callable[[int, str, str, dict[str, str]], None],
    ende: Callable[[int, str, str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Parst ``daten``; die Rückrufe bekommen die Tiefe (Wurzel = 0), Namensraum und Namen."""
    parser = neuer_parser()
    parser.buffer_text = True
    tiefe = 0

    def _start(roh: str, attrs: dict[str, str]) -> None:
        nonlocal tiefe
        ns, name = _name(roh)
        start(tiefe, ns, name, attrs)
        tiefe += 1

    def _ende(roh: str) -> None:
        nonlocal tiefe
        tiefe -= 1
        if ende is not None:
            ns, name = _name(roh)
            ende(tiefe, ns, name)

    parser.StartElementHandler = _start
    parser.EndElementHandler = _ende
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        parser.Parse(daten, True)
    except expat.ExpatError:
        raise Unverstanden from None


@dataclass
class Mappe:
    """Was der Blattleser von der Arbeitsmappe braucht."""

    blaetter: list[tuple[str, str, str]] = field(default_factory=list)
    """Die Tabellenblätter: (Name, Sichtbarkeit, Teil im ZIP)."""
    aktiv: str | None = None
    """Name des Blatts, das Excel beim Öffnen zeigt (kann ein ausgeblendetes sein)."""
    epoche: Any = WINDOWS_EPOCHE
    texte: list[str] = field(default_factory=list)
    formate: list[str] = field(default_factory=lambda: ["General"])
    """Zahlenformat je Zellstil (Attribut ``s``)."""
    datum: frozenset[int] = frozenset()
    """Zellstile, die eine Zahl als Datum oder Uhrzeit zeigen."""
    dauer: frozenset[int] = frozenset()
    """… davon die, die eine Dauer zeigen (``[h]:mm``)."""


def _lies(archiv: zipfile.ZipFile, teil: str) -> bytes:
    try:
        return archiv.read(teil)
    except KeyError:
        raise Unverstanden from None


def lies_mappe(archiv: zipfile.ZipFile) -> Mappe:
    """Liest das Gerüst; :class:`Unverstanden`, wenn openpyxl übernehmen soll."""
    mappe = Mappe()
    ueberschreibt: list[tuple[str | None, str | None]] = []

    def typen(tiefe: int, ns: str, name: str, attrs: dict[str, str]) -> None:
        if tiefe == 1 and name == "Override":
            ueberschreibt.append((attrs.get("ContentType"), attrs.get("PartName")))

    _parse(_lies(archiv, "[Content_Types].xml"), typen)
    teil = next((p for art in _MAPPEN_ARTEN for a, p in ueberschreibt if a == art and p), None)
    if teil is None:
        raise Unverstanden
    teil = teil[1:]
    texte_teil = next((p for a, p in ueberschreibt if a == _TEXTE_ART), None)

    blaetter, aktiv = _lies_mappenteil(archiv, teil, mappe)
    bezuege = _lies_bezuege(archiv, teil)
    vorhanden = set(archiv.namelist())
    alle: list[str] = []  # wie openpyxls _sheets: Tabellen- und Diagrammblätter
    for name, zustand, kennung in blaetter:
        if not kennung:
            continue  # openpyxl übergeht ein Blatt ohne Verweis (mit Warnung)
        if kennung not in bezuege:
            raise Unverstanden
        art, ziel = bezuege[kennung]
        if ziel not in vorhanden:
            continue
        if "chartsheet" in art or not name or _VERBOTEN_IM_NAMEN & set(name):
            raise Unverstanden  # openpyxl liest Diagramme mit, benennt um …
        if zustand not in _SICHTBARKEIT:
            raise Unverstanden
        alle.append(name)
        mappe.blaetter.append((name, zustand, ziel))
    if len({n.casefold() for n in alle}) != len(alle):
        raise Unverstanden  # openpyxl hängte eine Nummer an den zweiten Namen
    try:
        mappe.aktiv = alle[aktiv]
    except IndexError:
        mappe.aktiv = None
    _lies_stile(archiv, mappe)
    if texte_teil is not None:
        mappe.texte = _lies_texte(_lies(archiv, texte_teil[1:]))
    return mappe


def _lies_mappenteil(
    archiv: zipfile.ZipFile, teil: str, mappe: Mappe
) -> tuple[list[tuple[str, str, str | None]], int]:
    blaetter: list[tuple[str, str, str | None]] = []
    ansichten: list[str | None] = []

    def start(tiefe: int, ns: str, name: str, attrs: dict[str, str]) -> None:
        if tiefe == 1 and name == "workbookPr":
            wert = attrs.get("date1904")
            if wert is not None and wert not in ("false", "f", "0") and wert:
                mappe.epoche = MAC_EPOCHE
        elif tiefe == 2 and name == "workbookView":
            ansichten.append(attrs.get("activeTab", "0"))
        elif tiefe == 2 and name == "sheet":
            name_ = attrs.get("name")
            if name_ is None:
                raise Unverstanden
            blaetter.append((name_, attrs.get("state", "visible"), _attr(attrs, "id", _BEZUG)))

    _parse(_lies(archiv, teil), start)
    aktiv = 0
    if ansichten:
        try:
            aktiv = int(ansichten[0] or "")
        except ValueError:
            raise Unverstanden from None
    return blaetter, aktiv


def _lies_bezuege(archiv: zipfile.ZipFile, teil: str) -> dict[str, tuple[str, str]]:
    ordner, datei = posixpath.split(teil)
    pfad = posixpath.join(ordner, "_rels", f"{datei}.rels")
    oben = posixpath.split(posixpath.dirname(pfad))[0]
    bezuege: dict[str, tuple[str, str]] = {}

    def start(tiefe: int, ns: str, name: str, attrs: dict[str, str]) -> None:
        if tiefe == 1 and name == "Relationship":
            kennung, ziel = attrs.get("Id"), attrs.get("Target")
            if kennung is None or ziel is None:
                raise Unverstanden
            if attrs.get("TargetMode") != "External":
                ziel = (
                    ziel[1:]
                    if ziel.startswith("/")
                    else posixpath.normpath(posixpath.join(oben, ziel))
                )
            bezuege[kennung] = (attrs.get("Type", ""), ziel)

    _parse(_lies(archiv, pfad), start)
    return bezuege


def _lies_stile(archiv: zipfile.ZipFile, mappe: Mappe) -> None:
    """Zahlenformat je Zellstil (``cellXfs``), wie openpyxl es deutet."""
    try:
        daten = archiv.read("xl/styles.xml")
    except KeyError:
        return  # openpyxl nimmt dann seine Vorgaben: ein Stil, „General“
    eigene: dict[int, str] = {}
    stile: list[int] = []
    pfad: list[str] = []

    def zahl(wert: str | None) -> int:
        try:
            return int(wert) if wert is not None else 0
        except ValueError:
            raise Unverstanden from None

    def start(tiefe: int, ns: str, name: str, attrs: dict[str, str]) -> None:
        del pfad[tiefe:]
        pfad.append(name)
        if tiefe == 2 and pfad[1] == "numFmts" and name == "numFmt":
            code = attrs.get("formatCode")
            if code is None:
                raise Unverstanden
            eigene[zahl(attrs.get("numFmtId"))] = code
        elif tiefe == 2 and pfad[1] == "cellXfs" and name == "xf":
            stile.append(zahl(attrs.get("numFmtId")))

    _parse(daten, start)
    if not stile:
        return
    formate, datum, dauer = [], set(), set()
    for nr, kennung in enumerate(stile):
        if kennung in eigene:
            code: str | None = eigene[kennung]
        elif kennung < EINGEBAUT_GRENZE:
            code = EINGEBAUT.get(kennung)
        else:
            raise Unverstanden  # ein Verweis auf ein Format, das es nicht gibt
        formate.append(code if code is not None else "General")
        if ist_datumsformat(code):
            datum.add(nr)
        if ist_dauerformat(code):
            dauer.add(nr)
    mappe.formate = formate
    mappe.datum = frozenset(datum)
    mappe.dauer = frozenset(dauer)


def _lies_texte(daten: bytes) -> list[str]:
    """Die Tabelle der Texte: je ``<si>`` der Text ohne Formatierung und ohne Lautschrift.

    Wie openpyxl: ``<t>`` direkt im ``<si>`` (das letzte zählt) und die ``<t>`` der
    ``<r>``-Abschnitte; ``x005F_`` wird entfernt."""
    texte: list[str] = []
    # Zustand: Tiefe des offenen <si>, gesammelte Teile, der gerade offene <t>
    si_tiefe = -1
    schlicht: list[str] | None = None
    abschnitte: list[list[str] | None] = []
    offen: list[str] | None = None
    offen_tiefe = -1
    kind_in_t = False
    kind = ""  # das Element direkt im <si>, in dem wir stehen (r, rPh …)

    def start(tiefe: int, ns: str, name: str, attrs: dict[str, str]) -> None:
        nonlocal si_tiefe, schlicht, offen, offen_tiefe, kind_in_t, kind
        if offen is not None:
            kind_in_t = True  # .text endet am ersten Kindelement
            return
        if si_tiefe < 0:
            if ns == HAUPT and name == "si":
                si_tiefe, schlicht = tiefe, None
                abschnitte.clear()
            return
        if tiefe == si_tiefe + 1:
            kind = name
        if tiefe == si_tiefe + 1 and name == "t":
            offen, offen_tiefe, kind_in_t = [], tiefe, False
            schlicht = offen
        elif tiefe == si_tiefe + 1 and name == "r":
            abschnitte.append(None)
        elif tiefe == si_tiefe + 2 and name == "t" and kind == "r" and abschnitte:
            offen, offen_tiefe, kind_in_t = [], tiefe, False
            abschnitte[-1] = offen

    def ende(tiefe: int, ns: str, name: str) -> None:
        nonlocal si_tiefe, offen
        if offen is not None and tiefe == offen_tiefe:
            offen = None
        elif si_tiefe >= 0 and tiefe == si_tiefe:
            teile = [] if schlicht is None else schlicht
            for abschnitt in abschnitte:
                if abschnitt is not None:
                    teile = [*teile, *abschnitt]
            texte.append("".join(teile).replace("x005F_", ""))
            si_tiefe = -1

    def text(daten_: str) -> None:
        if offen is not None and not kind_in_t:
            offen.append(daten_)

    _parse(daten, start, ende, text)
    return texte
