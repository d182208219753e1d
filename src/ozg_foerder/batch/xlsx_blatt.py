"""Ein Tabellenblatt Zeile für Zeile lesen – schnell, gestreamt, mit denselben Werten wie openpyxl.

Warum kein XML-Parser für die Zeilen: Über ``<sheetData>`` ruft expat je Zelle vier bis sieben
Python-Rückrufe auf; schon ohne jede Umwandlung kostet das rund 20 µs je Zeile (openpyxl mit
defusedxml: 80–160 µs). Hier zerlegt ein regulärer Ausdruck (in C) die Zeilen in Zellen; ein
Zeilenbündel kostet so wenige µs.

Das geht nur, weil der Ausdruck streng ist: Er kennt genau die Form, die Excel, LibreOffice und
openpyxl schreiben (``<row>``, ``<c>`` mit ``r``/``s``/``t``, ``<f>``, ``<v>``, ``<is><t>``), und
jedes Zeichen in ``<sheetData>`` muss zu ihr gehören. Alles andere – Kommentare, CDATA,
Rich-Text, unbekannte Entitäten, geteilte Formeln ohne Ergebnis, eine andere Kodierung – ist
:class:`~.xlsx_mappe.Unverstanden`, und openpyxl liest das Blatt (wie bisher, nur langsamer).

Was außerhalb von ``<sheetData>`` steht (Kopf mit Namensräumen, Spaltenbreiten, Ende), prüft
expat vollständig – mit leerem ``<sheetData>`` dazwischen. Dort fällt auch eine DTD auf
(:class:`~.xlsx_mappe.XmlAbgelehnt`); innerhalb von ``<sheetData>`` kann keine stehen.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any
from xml.parsers import expat

from ozg_foerder.batch.quelle_basis import FormelOhneWert
from ozg_foerder.batch.xlsx_formate import aus_excel, spaltenbuchstabe
from ozg_foerder.batch.xlsx_mappe import HAUPT, Mappe, Unverstanden, neuer_parser

__all__ = ["Blatt"]

_STUECK = 1024 * 1024
_HOECHSTENS_OHNE_ZEILENENDE = 64 * 1024 * 1024
"""So viel Text ohne ``</row>`` wird gepuffert; mehr ist keine Liste, sondern openpyxls Sache."""

# Zeichen, die in XML nicht stehen dürfen (expat lehnte die Datei ab; openpyxl dann auch).
# Geprüft auf den Bytes mit bytes.translate (C, schnell) statt mit einem regulären Ausdruck
# (der kostete 1,5 µs je Zeile): Steuerzeichen werden zu 0x00, alles andere zu 0x01.
_STEUERZEICHEN = bytes(0 if b < 0x20 and b not in (0x09, 0x0A, 0x0D) else 1 for b in range(256))
_NICHTZEICHEN = ("\ufffe", "\uffff")


def _ungueltig(roh: bytes) -> bool:
    return b"\x00" in roh.translate(_STEUERZEICHEN)


_ENTITAET = re.compile(r"(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_BENANNT = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ATTRIBUT = re.compile(
    r"""\s+([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')"""
)
_BUCHSTABEN = re.compile(r"[A-Z]{1,3}")
_MERKEN = 1000
"""So viele verschiedene Attributfolgen (Zeilen, Zellen) merkt sich ein Durchgang: der
Speicher bleibt flach, auch wenn jede Zeile andere Attribute hat."""
_SPALTE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")


def _text(roh: str) -> str:
    """Text zwischen Tags wie ein XML-Parser ihn liefert: Zeilenenden, Entitäten."""
    if "\r" in roh:
        roh = roh.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in roh:
        return roh
    teile = roh.split("&")
    aus = [teile[0]]
    for teil in teile[1:]:
        m = _ENTITAET.match(teil)
        if m is None:
            raise Unverstanden  # unbekannte Entität: expat lehnte ab
        name = m.group(1)
        if name[0] == "#":
            zahl = int(name[2:], 16) if name[1] == "x" else int(name[1:])
            if not (
                zahl in (0x9, 0xA, 0xD)
                or 0x20 <= zahl <= 0xD7FF
                or 0xE000 <= zahl <= 0xFFFD
                or 0x10000 <= zahl <= 0x10FFFF
            ):
                raise Unverstanden
            aus.append(chr(zahl))
        else:
            aus.append(_BENANNT[name])
        aus.append(teil[m.end() :])
    return "".join(aus)


@lru_cache(maxsize=8)
def _muster(praefix: str) -> tuple[re.Pattern[str], re.Pattern[str], str, str]:
    """Die Ausdrücke für ein Präfix (meist keins; manche Programme schreiben ``x:c``)."""
    p = re.escape(praefix)
    token = re.compile(
        # 1: eine Zelle – zerlegt von Blatt._zelle
        rf"(<{p}c(?=[\s/>])[^>]*?(?:/>|>.*?</{p}c>))"
        # 2, 3: Zeilenanfang (Attribute), 4: ``/`` einer leeren Zeile; 5: Zeilenende
        rf"|(<){p}row(?=[\s/>])([^>]*?)(/?)>"
        rf"|(</){p}row\s*>"
        r"|\s+"
        # 6: alles andere – Kommentar, CDATA, fremdes Element: nicht verstanden
        r"|(.)",
        re.S,
    )
    innen = re.compile(
        rf"\s*(?:<{p}f((?:\s[^>]*?)?)(?:/>|>([^<]*)</{p}f\s*>)\s*)?"
        rf"(?:<{p}v((?:\s[^>]*?)?)(?:/>|>([^<]*)</{p}v\s*>)\s*)?"
        rf"(?:<{p}is((?:\s[^>]*?)?)(?:/>|>\s*(?:<{p}t((?:\s[^>]*?)?)(?:/>|>([^<]*)</{p}t\s*>)\s*)?"
        rf"</{p}is\s*>)\s*)?",
        re.S,
    )
    return token, innen, f"</{praefix}row", f"</{praefix}sheetData"


class Blatt:
    """Die Zeilen eines Tabellenblatts: ``(nummer, werte, stile)`` je ``<row>``.

    ``werte`` wie openpyxl sie liefert (``iter_rows(values_only=True)`` ohne aufgefüllte
    Lücken): so lang wie die Spalte der letzten Zelle, leere als ``None``. Formelzellen ohne
    gespeichertes Ergebnis sind :class:`FormelOhneWert`. ``stile``: mit ``stile=True`` die
    Zellstile (Attribut ``s``) in derselben Anordnung, sonst ``None``."""

    def __init__(self, archiv: zipfile.ZipFile, teil: str, mappe: Mappe) -> None:
        self.archiv = archiv
        self.teil = teil
        self.mappe = mappe
        self.hoechste_zeile: int | None = None
        """Aus ``<dimension>`` – nur für den Fortschritt."""

    def zeilen(self, stile: bool = False) -> Iterator[tuple[int, list[Any], list[int] | None]]:
        with self.archiv.open(self.teil) as strom:
            yield from self._lies(strom, stile)

    # -- Kopf: bis <sheetData> ------------------------------------------------------------------

    def _kopf(self, strom: Any) -> tuple[bytearray, int, str, set[str], bool]:
        """Liest bis hinter ``<sheetData>``: (Bytes, Ende des Tags, Präfix, Präfixe, leer)."""
        parser = neuer_parser()
        gelesen = bytearray()
        gefunden: list[Any] = []
        praefixe: list[str] = ["xml"]

        class _Da(Exception):
            pass

        def start(roh: str, attrs: dict[str, str]) -> None:
            teile = roh.split(" ")
            if teile[0] != HAUPT:
                return
            if teile[1] == "sheetData":
                if attrs:
                    raise Unverstanden
                gefunden.append((parser.CurrentByteIndex, teile[2] if len(teile) > 2 else ""))
                raise _Da
            if teile[1] == "row":
                raise Unverstanden
            if teile[1] == "dimension":
                m = re.search(r"([0-9]+)$", attrs.get("ref", ""))
                self.hoechste_zeile = int(m.group(1)) if m else None

        def kodierung(version: str, art: str | None, allein: int) -> None:
            if art is not None and art.lower().replace("_", "-") not in ("utf-8", "utf8"):
                raise Unverstanden

        parser.StartElementHandler = start
        parser.XmlDeclHandler = kodierung
        parser.StartNamespaceDeclHandler = lambda praefix, uri: praefixe.append(praefix or "")
        while not gefunden:
            stueck = strom.read(64 * 1024)
            gelesen += stueck
            if gelesen[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise Unverstanden  # UTF-16: der Zeilenteil liest nur UTF-8
            try:
                parser.Parse(stueck, not stueck)
            except _Da:
                break
            except expat.ExpatError:
                raise Unverstanden from None
            if not stueck:
                return gelesen, -1, "", set(), True  # kein <sheetData>: keine Zeilen
        beginn, praefix = gefunden[0]
        while True:
            m = re.compile(rb"<[^>]*>").match(gelesen, beginn)
            if m is not None:
                break
            stueck = strom.read(64 * 1024)
            if not stueck:
                raise Unverstanden
            gelesen += stueck
        tag = m.group().decode("utf-8")
        p = f"{praefix}:" if praefix else ""
        erwartet = re.fullmatch(rf"<{re.escape(p)}sheetData\s*(/?)>", tag)
        if erwartet is None:
            raise Unverstanden
        return gelesen, m.end(), p, {x for x in praefixe if x}, bool(erwartet.group(1))

    # -- Ende: ab </sheetData> ------------------------------------------------------------------

    def _rest(self, kopf: bytes, ende: bytes, strom: Any) -> None:
        """expat prüft alles außerhalb von ``<sheetData>`` (mit leerem ``<sheetData>``)."""
        parser = neuer_parser()
        daten = 0

        def start(roh: str, attrs: dict[str, str]) -> None:
            nonlocal daten
            teile = roh.split(" ")
            if teile[0] == HAUPT and teile[1] in ("row", "sheetData"):
                daten += 1
                if teile[1] == "row" or daten > 1:
                    raise Unverstanden  # Zeilen außerhalb: das soll openpyxl deuten

        parser.StartElementHandler = start
        try:
            parser.Parse(kopf, False)
            parser.Parse(ende, False)
            while stueck := strom.read(_STUECK):
                parser.Parse(stueck, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            raise Unverstanden from None

    # -- Zeilen ----------------------------------------------------------------------------------

    def _lies(
        self, strom: Any, mit_stilen: bool
    ) -> Iterator[tuple[int, list[Any], list[int] | None]]:
        kopf, tag_ende, p, praefixe, leer = self._kopf(strom)
        if tag_ende < 0:
            return
        if leer:
            self._rest(bytes(kopf[:tag_ende]), bytes(kopf[tag_ende:]), strom)
            return
        muster = _muster(p)
        zeilen_ende = muster[2] + ">"
        daten_ende = muster[3]
        zeilen_tag = f"<{p}row"
        zustand = _Zustand(muster, p, praefixe, mit_stilen)
        schnell = None if mit_stilen else self._schnell(p, praefixe)
        dekoder = codecs.getincrementaldecoder("utf-8")("strict")
        if _ungueltig(bytes(kopf[tag_ende:])):
            raise Unverstanden
        try:
            puffer = dekoder.decode(bytes(kopf[tag_ende:]))
        except UnicodeDecodeError:
            raise Unverstanden from None
        if _NICHTZEICHEN[0] in puffer or _NICHTZEICHEN[1] in puffer:
            raise Unverstanden
        del kopf[tag_ende:]

        fertig = False
        while not fertig:
            roh = strom.read(_STUECK)
            if _ungueltig(roh):
                raise Unverstanden
            try:
                neu = dekoder.decode(roh, final=not roh)
            except UnicodeDecodeError:
                raise Unverstanden from None
            if _NICHTZEICHEN[0] in neu or _NICHTZEICHEN[1] in neu:
                raise Unverstanden
            puffer += neu
            schluss = puffer.find(daten_ende)
            if schluss >= 0:
                schnitt = schluss
                fertig = True
            elif not roh:
                raise Unverstanden  # Blatt endet mitten in <sheetData>
            else:
                schnitt = puffer.rfind(zeilen_ende)
                if schnitt < 0:
                    if len(puffer) > _HOECHSTENS_OHNE_ZEILENENDE:
                        raise Unverstanden
                    continue
                schnitt += len(zeilen_ende)
            stuecke = puffer[:schnitt].split(zeilen_ende)
            puffer = puffer[schnitt:]
            letztes = stuecke.pop()  # nach dem letzten </row>: meist leer
            for stueck in stuecke:
                # Der übliche Fall: <row r="…" …> und Zellen <c r="…" …>…</c> ohne Leerraum.
                # Weicht etwas ab, liest _Zustand die Zeile Zeichen für Zeichen (streng).
                zeile = None
                if schnell is not None and zustand.werte is None and stueck.startswith(zeilen_tag):
                    zeile = schnell(stueck, zustand.nr)
                if zeile is None:
                    yield from zustand.verarbeite(self, stueck + zeilen_ende)
                else:
                    zustand.nr = zeile[0]
                    yield zeile
            if letztes:
                yield from zustand.verarbeite(self, letztes)
        if zustand.werte is not None:
            raise Unverstanden  # </sheetData> in einer offenen Zeile
        self._rest(bytes(kopf), puffer.encode("utf-8") + dekoder.getstate()[0], strom)

    def _schnell(
        self, p: str, praefixe: set[str]
    ) -> Callable[[str, int], tuple[int, list[Any], None] | None]:
        """Der Leser für Zeilen in der üblichen Form (ohne Stile) – jede Operation je Zelle
        zählt, daher alles Nötige als lokale Namen einer Funktion."""
        beginn = len(p) + 4
        zellen_tag = f'<{p}c r="'
        v_auf, v_zu, c_zu = f"<{p}v>", f"</{p}v></{p}c>", f"</{p}c>"
        lv, lz = len(v_auf), len(v_zu)
        is_auf = f"<{p}is><{p}t"
        is_zu = f"</{p}t></{p}is></{p}c>"
        li, liz = len(is_auf), len(is_zu)
        texte = self.mappe.texte
        epoche = self.mappe.epoche
        spalten: dict[str, int] = {}
        arten: dict[str, tuple[str, int, bool, bool, bool] | None] = {}
        bekannt: set[str] = set()
        zeilennummer = self._zeilennummer
        art_von = self._art
        ziffern = "0123456789"

        def zeile(stueck: str, vorige: int) -> tuple[int, list[Any], None] | None:
            g = stueck.find(">")
            attr = stueck[beginn:g]
            if (attr and attr[0] not in " \t\r\n") or attr.endswith("/"):
                return None  # <rows…> oder eine leere Zeile vor der nächsten
            nr = zeilennummer(attr, vorige, praefixe, bekannt)
            zellen = stueck[g + 1 :].split(zellen_tag)
            if zellen[0]:
                return None
            werte: list[Any] = []
            anzahl = 0  # len(werte)
            spalte = 0
            for z in zellen[1:]:
                q = z.find('"')
                g = z.find(">", q)
                if q <= 0 or g < 0:
                    return None
                art = arten.get(z[q + 1 : g], False)
                if art is False:
                    art = art_von(z[q + 1 : g], praefixe)
                    if len(arten) < _MERKEN:
                        arten[z[q + 1 : g]] = art
                if art is None:
                    return None
                typ, _, leer, ist_datum, ist_dauer = art
                buchstaben = z[:q].rstrip(ziffern)
                spalte = spalten.get(buchstaben, 0)
                if not spalte:
                    if not _BUCHSTABEN.fullmatch(buchstaben):
                        return None
                    spalte = spalten[buchstaben] = _spaltennummer(buchstaben)
                if len(buchstaben) == q:
                    return None  # keine Zeilennummer im Bezug
                if leer:
                    if g + 1 != len(z):
                        return None
                    wert: Any = None
                elif z.endswith(v_zu) and z.startswith(v_auf, g + 1):
                    v = z[g + 1 + lv : -lz]
                    if "<" in v:
                        return None
                    if typ == "n":
                        if not v:
                            wert = None
                        else:
                            try:
                                wert = float(v) if "." in v or "E" in v or "e" in v else int(v)
                            except ValueError:
                                raise Unverstanden from None
                            if ist_datum:
                                try:
                                    wert = aus_excel(wert, epoche, ist_dauer)
                                except (OverflowError, ValueError):
                                    wert = "#VALUE!"  # so openpyxl (mit Warnung)
                    elif typ == "s":
                        try:
                            wert = texte[int(v)] if v else None
                        except (ValueError, IndexError):
                            raise Unverstanden from None
                    elif typ == "inlineStr" or not v:
                        wert = None
                    else:
                        wert = _sonst(typ, v)
                elif z.endswith(is_zu) and z.startswith(is_auf, g + 1):
                    t = z[g + 1 + li : -liz]
                    if t[:1] == ">":
                        t = t[1:]
                    elif t.startswith(' xml:space="preserve">'):
                        t = t[22:]
                    else:
                        return None
                    if "<" in t:
                        return None
                    wert = _text(t) if typ == "inlineStr" else None
                elif z.endswith(c_zu) and len(z) == g + 1 + len(c_zu):
                    wert = None
                else:
                    return None
                if spalte > anzahl:
                    if spalte > anzahl + 1:
                        werte.extend([None] * (spalte - 1 - anzahl))
                    werte.append(wert)
                    anzahl = spalte
                else:
                    werte[spalte - 1] = wert
            if spalte < anzahl:  # openpyxl: so breit wie die Spalte der letzten Zelle
                del werte[spalte:]
            return nr, werte, None

        return zeile

    def _art(self, text: str, praefixe: set[str]) -> tuple[str, int, bool, bool, bool] | None:
        """Die Attribute einer Zelle nach ``r``: (Typ, Stil, leer, Datum, Dauer) – oder
        ``None``, wenn der langsame Weg sie deuten soll."""
        leer = text.endswith("/")
        attrs = self._attribute(text[:-1] if leer else text, praefixe)
        if "r" in attrs:
            raise Unverstanden  # doppeltes Attribut: kein XML
        typ = attrs.get("t", "n")
        if typ == "d":
            return None
        s = attrs.get("s")
        if s is None:
            stil = 0
        elif s.isascii() and s.isdigit():
            stil = int(s)
        else:
            return None
        return typ, stil, leer, stil in self.mappe.datum, stil in self.mappe.dauer

    # -- seltene Formen --------------------------------------------------------------------------

    @staticmethod
    def _attribute(text: str, praefixe: set[str]) -> dict[str, str]:
        """Attribute streng wie ein XML-Parser: keine doppelten, bekannte Präfixe."""
        werte: dict[str, str] = {}
        pos = 0
        while True:
            m = _ATTRIBUT.match(text, pos)
            if m is None:
                break
            name = m.group(1)
            if name in werte or name.startswith("xmlns"):
                raise Unverstanden
            if ":" in name and name.split(":", 1)[0] not in praefixe:
                raise Unverstanden
            wert = m.group(2) if m.group(2) is not None else m.group(3)
            if "\t" in wert or "\n" in wert or "\r" in wert:
                raise Unverstanden  # Attributwerte normalisiert ein Parser; hier nie nötig
            werte[name] = _text(wert)
            pos = m.end()
        if text[pos:].strip():
            raise Unverstanden
        return werte

    def _zeilennummer(
        self, attr_text: str, vorige: int, praefixe: set[str], bekannt: set[str]
    ) -> int:
        # Üblich: ``r="7" spans="1:7" x14ac:dyDescent="0.25"`` – der Teil nach r wiederholt
        # sich, er wird einmal streng geprüft und dann wiedererkannt.
        if attr_text.startswith(' r="'):
            ende = attr_text.find('"', 4)
            ziffern = attr_text[4:ende]
            rest = attr_text[ende + 1 :]
            if ende > 4 and ziffern.isascii() and ziffern.isdigit() and rest in bekannt:
                return int(ziffern)
        attrs = self._attribute(attr_text, praefixe)
        r = attrs.pop("r", None)
        if r is not None and attr_text.startswith(' r="') and len(bekannt) < _MERKEN:
            bekannt.add(attr_text[attr_text.find('"', 4) + 1 :])
        if r is None:
            return vorige + 1
        if not (r.isascii() and r.isdigit()):
            raise Unverstanden  # openpyxl nähme auch „7.0“ – das soll es selbst tun
        return int(r)

    def _zelle(
        self,
        text: str,
        innen: re.Pattern[str],
        p: str,
        praefixe: set[str],
        zaehler: int,
        nr: int,
    ) -> tuple[int, Any, int]:
        """Eine Zelle in anderer Form: Formel, andere Attributfolge, Leerraum … →
        (Spalte, Wert, Stil) wie openpyxls ``parse_cell`` mit ``data_only=True``."""
        kopf_ende = text.find(">")
        leer = text[kopf_ende - 1] == "/"
        attr_text = text[len(p) + 2 : kopf_ende - 1 if leer else kopf_ende]
        attrs = self._attribute(attr_text, praefixe)
        typ = attrs.get("t", "n")
        stil_text = attrs.get("s")
        if stil_text is None or stil_text == "0":
            stil = 0
        elif stil_text.isascii() and stil_text.isdigit():
            stil = int(stil_text)
        else:
            raise Unverstanden
        bezug = attrs.get("r")
        if bezug:
            m = _SPALTE.fullmatch(bezug)
            if m is None:
                raise Unverstanden
            spalte = _spaltennummer(m.group(1).upper())
        else:
            spalte = zaehler + 1
        if leer:
            return spalte, None, stil
        m = innen.fullmatch(text, kopf_ende + 1, len(text) - len(p) - 4)
        if m is None:
            raise Unverstanden  # Rich-Text, Erweiterungen, Kommentare …
        f_attr, f_text, v_attr, v_text, is_attr, t_attr, t_text = m.groups()
        for a in (f_attr, v_attr, is_attr, t_attr):
            if a:
                self._attribute(a, praefixe)
        wert: Any = None
        if typ == "inlineStr":
            if is_attr is not None:
                wert = _text(t_text) if t_text else ""
        elif v_text:
            v = _text(v_text)
            if typ == "n":
                try:
                    wert = float(v) if ("." in v or "E" in v or "e" in v) else int(v)
                except ValueError:
                    raise Unverstanden from None
                if stil in self.mappe.datum:
                    try:
                        wert = aus_excel(wert, self.mappe.epoche, stil in self.mappe.dauer)
                    except (OverflowError, ValueError):
                        wert = "#VALUE!"
            elif typ == "s":
                try:
                    wert = self.mappe.texte[int(v)]
                except (ValueError, IndexError):
                    raise Unverstanden from None
            else:
                wert = _sonst(typ, v)
        if wert is None and f_attr is not None:
            f_attrs = self._attribute(f_attr, praefixe) if f_attr else {}
            if f_attrs.get("t", "normal") != "normal":
                raise Unverstanden  # geteilte/Matrix-Formel: openpyxl übersetzt sie
            formel = "=" + (_text(f_text) if f_text else "")
            wert = FormelOhneWert(formel, f"{spaltenbuchstabe(spalte)}{nr}")
        return spalte, wert, stil


class _Zustand:
    """Der strenge, langsamere Weg für Zeilen in anderer Form (Leerraum, Formeln, Attribute
    in anderer Reihenfolge …): zerlegt Text in Zeilen- und Zellmarken. Eine Zeile kann über
    mehrere Stücke offen bleiben."""

    def __init__(
        self,
        muster: tuple[re.Pattern[str], re.Pattern[str], str, str],
        p: str,
        praefixe: set[str],
        mit_stilen: bool,
    ) -> None:
        self.token, self.innen = muster[0], muster[1]
        self.p = p
        self.praefixe = praefixe
        self.mit_stilen = mit_stilen
        self.nr = 0
        self.werte: list[Any] | None = None
        self.stile: list[int] = []
        self.zaehler = 0
        self.bekannt: set[str] = set()

    def verarbeite(
        self, blatt: Blatt, text: str
    ) -> Iterator[tuple[int, list[Any], list[int] | None]]:
        for zelle, zeile, attr, leer, zu, fremd in self.token.findall(text):
            if zelle:
                if self.werte is None:
                    raise Unverstanden  # eine Zelle außerhalb einer Zeile
                spalte, wert, stil = blatt._zelle(
                    zelle, self.innen, self.p, self.praefixe,
                    self.zaehler, self.nr,
                )  # fmt: skip
                self.zaehler = spalte
                werte, stile = self.werte, self.stile
                if spalte > len(werte):
                    werte.extend([None] * (spalte - 1 - len(werte)))
                    stile.extend([0] * (spalte - 1 - len(stile)))
                    werte.append(wert)
                    stile.append(stil)
                else:
                    werte[spalte - 1] = wert
                    stile[spalte - 1] = stil
            elif zeile:
                if self.werte is not None:
                    raise Unverstanden  # eine Zeile in einer Zeile
                self.nr = blatt._zeilennummer(attr, self.nr, self.praefixe, self.bekannt)
                self.zaehler = 0
                if leer:
                    yield self.nr, [], [] if self.mit_stilen else None
                else:
                    self.werte, self.stile = [], []
            elif zu:
                if self.werte is None:
                    raise Unverstanden
                werte, stile = self.werte, self.stile
                del werte[self.zaehler :]
                del stile[self.zaehler :]
                self.werte = None
                yield self.nr, werte, stile if self.mit_stilen else None
            elif fremd:
                raise Unverstanden


def _sonst(typ: str, v: str) -> Any:
    """Werte der selteneren Typen: ``b`` (Wahrheitswert), ``str``/``e``/unbekannt (Text)."""
    if typ == "b":
        try:
            return bool(int(v))
        except ValueError:
            raise Unverstanden from None
    if typ == "d":
        raise Unverstanden  # ISO-Datum (strenges OOXML): openpyxl deutet es
    return _text(v)


def _spaltennummer(buchstaben: str) -> int:
    nummer = 0
    for b in buchstaben:
        nummer = nummer * 26 + ord(b) - 64
    return nummer
