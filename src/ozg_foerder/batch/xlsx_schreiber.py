"""Eine Excel-Arbeitsmappe gestreamt schreiben: das XML der Blätter direkt als Text.

Warum kein openpyxl oder xlsxwriter: beide bauen je Zelle ein Objekt und rufen mehrere
Funktionen. Gemessen je IKZ-Zeile (zehn Zellen, 100.000 Zeilen): xlsxwriter mit
``constant_memory`` etwa 60 µs nur für das Schreiben, openpyxl ``write_only`` etwa 240 µs –
ein Vielfaches der ganzen Auswertung. Hier ist eine Zelle ein Stück Text
(``<c r="B7" s="3"><v>75000</v></c>``), und wiederholte Stücke (Status, Beträge,
Begründungen) baut der Aufrufer einmal und merkt sie sich: etwa 10 µs je Zeile samt Packen.

Aufbau der Datei (SpreadsheetML, ECMA-376): ``[Content_Types].xml``, ``_rels/.rels``,
``docProps/core.xml`` und ``app.xml``, ``xl/workbook.xml`` mit ``xl/_rels/workbook.xml.rels``,
je Blatt ``xl/worksheets/sheetN.xml``, ``xl/styles.xml`` und ``xl/sharedStrings.xml``. Die
Blätter gehen nacheinander direkt in das Zip-Archiv (``ZipFile.open(name, "w")``): nichts
wächst im Speicher mit der Zeilenzahl. Stile und gemeinsame Texte entstehen beim Schreiben und
kommen am Ende in die Mappe (die Reihenfolge im Archiv ist frei); die Tabelle der gemeinsamen
Texte ist begrenzt, was nicht mehr hineinpasst, steht als Text in der Zelle (``inlineStr``).

Kein Zip64: Excel will Archive mit Zip64-Einträgen unter 4 GB reparieren. Wird ein Blatt größer
als 2 GiB, bricht das Schreiben mit einer Meldung ab (:class:`DateiUnbrauchbar`).
"""

from __future__ import annotations

import contextlib
import math
import re
import time as _time
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import IO, Any

from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.batch.spalten import spaltenbuchstabe
from ozg_foerder.batch.zellen import FORMELZEICHEN

__all__ = ["Blatt", "XlsxSchreiber", "datumszahl", "xml_text"]

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PAKET = "http://schemas.openxmlformats.org/package/2006/relationships"
_KOPF = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TYP = "application/vnd.openxmlformats-officedocument.spreadsheetml."

# Ungültig in XML 1.0 (Steuerzeichen außer Tab/Zeilenumbruch, einzelne Surrogate, U+FFFE/FFFF):
# ersetzt durch „�“ wie bisher, statt eine Datei zu schreiben, die Excel nicht öffnet.
_UNGUELTIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel liest „_x0041_“ in Texten als Zeichen (hier „A“); „_x005F_“ davor hält es wörtlich.
_EXCEL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")

# Eingebaute Zahlenformate (ECMA-376 18.8.30): die Nummer statt eines eigenen Formats, damit
# Excel sie wie seine eigenen behandelt (z. B. 14 als Datum in der Sprache des Benutzers).
_EINGEBAUT = {
    "General": 0,
    "0": 1,
    "0.00": 2,
    "#,##0": 3,
    "#,##0.00": 4,
    "0%": 9,
    "0.00%": 10,
    "0.00E+00": 11,
    "# ?/?": 12,
    "# ??/??": 13,
    "mm-dd-yy": 14,
    "d-mmm-yy": 15,
    "d-mmm": 16,
    "mmm-yy": 17,
    "h:mm AM/PM": 18,
    "h:mm:ss AM/PM": 19,
    "h:mm": 20,
    "h:mm:ss": 21,
    "m/d/yy h:mm": 22,
    "#,##0 ;(#,##0)": 37,
    "#,##0 ;[Red](#,##0)": 38,
    "#,##0.00;(#,##0.00)": 39,
    "#,##0.00;[Red](#,##0.00)": 40,
    "mm:ss": 45,
    "[h]:mm:ss": 46,
    "mmss.0": 47,
    "##0.0E+0": 48,
    "@": 49,
}
_EPOCHE = datetime(1899, 12, 30)
_MAX_TEXT = 32_767
"""Zeichen einer Excel-Zelle; längere Texte schneidet Excel beim Öffnen ab (mit Reparatur)."""
MAX_GEMEINSAM = 16_384
"""So viele verschiedene Texte kommen in die Tabelle der gemeinsamen Texte (sharedStrings)."""
MAX_GEMEINSAM_ZEICHEN = 2_000_000
"""… mit zusammen höchstens so vielen Zeichen: der Speicher bleibt begrenzt."""


def xml_text(text: str) -> str:
    """Text für den Inhalt eines XML-Elements oder ein Attribut in ``"``."""
    if _UNGUELTIG.search(text):
        text = _UNGUELTIG.sub("\ufffd", text)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:  # ein Parser machte aus einem rohen CR einen Zeilenumbruch
        text = text.replace("\r", "&#13;")
    return text


def datumszahl(wert: date | datetime) -> float | int:
    """Excels Zahl für ein Datum (Tage seit 30.12.1899, mit Excels Schaltjahr 1900 wie openpyxl)."""
    if not isinstance(wert, datetime):
        tage = (wert - _EPOCHE.date()).days
        return tage - 1 if 0 < tage <= 60 else tage
    tage = (wert.replace(tzinfo=None) - _EPOCHE).days
    if 0 < tage <= 60:
        tage -= 1
    bruchteil = _tagesbruchteil(wert.time())
    return tage + bruchteil if bruchteil else tage


def _tagesbruchteil(t: time) -> float:
    return (t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6) / 86400


class _Stile:
    """Die Zellformate der Mappe (``cellXfs``): jede Kombination einmal, als Nummer."""

    def __init__(self) -> None:
        self.formate: dict[str, int] = {}
        self.fuellungen: dict[str, int] = {}
        self.xfs: dict[tuple[Any, ...], int] = {(0, False, 0, False, False, False): 0}

    def nummer(
        self,
        format: str | None = None,
        *,
        fett: bool = False,
        fuellung: str | None = None,
        umbruch: bool = False,
        oben: bool = False,
        text: bool = False,
    ) -> int:
        """Die Nummer eines Zellformats: Zahlenformat, fett, Füllfarbe (``"C6EFCE"``),
        Zeilenumbruch, oben ausgerichtet, ``text``: als Text eingegeben (``'`` in Excel)."""
        if format is None:
            fmt = 0
        else:
            fmt = _EINGEBAUT.get(format)
            if fmt is None:
                fmt = self.formate.setdefault(format, 164 + len(self.formate))
        fill = 0
        if fuellung is not None:  # 0 und 1 sind in Excel fest vergeben
            fill = self.fuellungen.setdefault(fuellung, len(self.fuellungen)) + 2
        schluessel = (fmt, fett, fill, umbruch, oben, text)
        return self.xfs.setdefault(schluessel, len(self.xfs))

    def xml(self) -> str:
        teile = [_KOPF, f'<styleSheet xmlns="{_NS}">']
        if self.formate:
            teile.append(f'<numFmts count="{len(self.formate)}">')
            teile += [
                f'<numFmt numFmtId="{n}" formatCode="{xml_text(code)}"/>'
                for code, n in self.formate.items()
            ]
            teile.append("</numFmts>")
        teile.append(
            '<fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/>'
            '<family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/>'
            '<color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
            "</font></fonts>"
        )
        teile.append(
            f'<fills count="{len(self.fuellungen) + 2}"><fill><patternFill patternType="none"/>'
            '</fill><fill><patternFill patternType="gray125"/></fill>'
        )
        teile += [
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
            '<bgColor indexed="64"/></patternFill></fill>'
            for rgb in self.fuellungen
        ]
        teile.append("</fills>")
        teile.append(
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            f'borderId="0"/></cellStyleXfs><cellXfs count="{len(self.xfs)}">'
        )
        for fmt, fett, fill, umbruch, oben, text in self.xfs:
            attribute = (
                f'numFmtId="{fmt}" fontId="{int(fett)}" fillId="{fill}" borderId="0" xfId="0"'
            )
            if fmt:
                attribute += ' applyNumberFormat="1"'
            if fett:
                attribute += ' applyFont="1"'
            if fill:
                attribute += ' applyFill="1"'
            if text:
                attribute += ' quotePrefix="1"'
            if umbruch or oben:
                ausrichtung = ' vertical="top"' + (' wrapText="1"' if umbruch else "")
                teile.append(f'<xf {attribute} applyAlignment="1"><alignment{ausrichtung}/></xf>')
            else:
                teile.append(f"<xf {attribute}/>")
        teile.append(
            '</cellXfs><cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/>'
            '</cellStyles><dxfs count="0"/><tableStyles count="0" '
            'defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>'
            "</styleSheet>"
        )
        return "".join(teile)


class _Texte:
    """Die gemeinsamen Texte (``sharedStrings``): begrenzt; voll heißt „Text in die Zelle“."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.zeichen = 0

    def nummer(self, xml: str) -> int | None:
        """Die Nummer eines (schon maskierten) Textes; ``None``, wenn die Tabelle voll ist."""
        n = self.index.get(xml)
        if n is None:
            if len(self.index) >= MAX_GEMEINSAM or self.zeichen >= MAX_GEMEINSAM_ZEICHEN:
                return None
            n = self.index[xml] = len(self.index)
            self.zeichen += len(xml)
        return n

    def schreibe(self, strom: IO[bytes]) -> None:
        strom.write(f'{_KOPF}<sst xmlns="{_NS}" uniqueCount="{len(self.index)}">'.encode())
        puffer: list[str] = []
        for xml in self.index:
            puffer.append(_t(xml))
            if len(puffer) >= 2048:
                strom.write(("".join(puffer)).encode())
                puffer.clear()
        puffer.append("</sst>")
        strom.write("".join(puffer).encode())


def _t(xml: str) -> str:
    """``<t>``, mit ``xml:space="preserve"``, wo Leerraum am Rand sonst verloren ginge."""
    if xml[:1] in (" ", "\t", "\n") or xml[-1:] in (" ", "\t", "\n"):
        return f'<si><t xml:space="preserve">{xml}</t></si>'
    return f"<si><t>{xml}</t></si>"


class XlsxSchreiber:
    """Schreibt eine Arbeitsmappe nach ``datei`` (binär, beschreibbar, am besten seekbar).

    Nacheinander: :meth:`blatt` je Tabellenblatt (ein Blatt zur Zeit), dann :meth:`schliesse`.
    """

    def __init__(self, datei: IO[bytes], kompression: int = 1) -> None:
        # Stufe 1: das XML wiederholt sich stark; höhere Stufen kosten viel Zeit für wenig Platz
        self._zip = zipfile.ZipFile(
            datei, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=kompression
        )
        self._stufe = kompression
        self._stile = _Stile()
        self.stil = self._stile.nummer
        """Die Nummer eines Zellformats (:meth:`_Stile.nummer`)."""
        self._texte = _Texte()
        self.blaetter: list[str] = []
        self._namen: list[str] = []  # definierte Namen (Druckbereich, Filter) in workbook.xml
        self._offen: IO[bytes] | None = None  # der Eintrag des Blatts, das gerade entsteht

    def _eintrag(self, name: str) -> zipfile.ZipInfo:
        """Ein Eintrag zum Streamen, mit Datum (sonst stünde 1980 im Archiv)."""
        eintrag = zipfile.ZipInfo(name, date_time=_time.localtime()[:6])
        eintrag.compress_type = zipfile.ZIP_DEFLATED
        eintrag._compresslevel = self._stufe  # type: ignore[attr-defined]  # ab 3.13 mit Alias
        eintrag.external_attr = 0o600 << 16
        return eintrag

    # -- Zellen ---------------------------------------------------------------------------------

    def textzelle(self, text: str, stil: int = 0) -> str | None:
        """Das Ende einer Textzelle (alles nach ``<c r="A1``). Immer Text, nie eine Formel.

        Beginnt der Text wie eine Formel (``=``, ``+``, ``-``, ``@`` …), bekommt die Zelle
        zusätzlich das Textkennzeichen (``quotePrefix``): auch nach dem Bearbeiten in Excel
        bleibt sie Text. ``stil`` muss dann schon mit ``text=True`` gebaut sein – das macht
        :meth:`wert` selbst; wer Stile vorab baut, nutzt :meth:`textstil`.
        """
        if not text:
            return None
        if len(text) > _MAX_TEXT:
            text = text[: _MAX_TEXT - 1] + "…"
        xml = xml_text(text)
        n = self._texte.nummer(xml)
        s = f' s="{stil}"' if stil else ""
        if n is None:
            if xml[:1] in (" ", "\t", "\n") or xml[-1:] in (" ", "\t", "\n"):
                return f'"{s} t="inlineStr"><is><t xml:space="preserve">{xml}</t></is></c>'
            return f'"{s} t="inlineStr"><is><t>{xml}</t></is></c>'
        return f'"{s} t="s"><v>{n}</v></c>'

    @staticmethod
    def zahlzelle(zahl: int | float | Decimal, stil: int = 0) -> str:
        """Das Ende einer Zahlzelle. Excel kennt nur Gleitkommazahlen (Decimal → float)."""
        s = f' s="{stil}"' if stil else ""
        if zahl.__class__ is int:
            return f'"{s}><v>{zahl}</v></c>'
        x = float(zahl)
        if x.is_integer() and abs(x) < 1e15:
            return f'"{s}><v>{int(x)}</v></c>'
        return f'"{s}><v>{x!r}</v></c>'

    def wert(
        self,
        wert: Any,
        format: str | None = None,
        *,
        fett: bool = False,
        fuellung: str | None = None,
        umbruch: bool = False,
        oben: bool = False,
    ) -> str | None:
        """Das Ende der Zelle eines beliebigen Werts (``None``: keine Zelle).

        Text bleibt Text, Zahl bleibt Zahl (mit ``format``), ein Datum wird Excels Datumszahl
        mit Datumsformat (ohne ``format``: ``DD.MM.YYYY``, mit Uhrzeit ``DD.MM.YYYY HH:MM``).
        """
        art = dict(fett=fett, fuellung=fuellung, umbruch=umbruch, oben=oben)
        if wert is None:
            return None
        if isinstance(wert, str):
            return self.textzelle(wert, self.textstil(wert, **art))
        if isinstance(wert, bool):
            s = self.stil(**art)
            stil = f' s="{s}"' if s else ""
            return f'"{stil} t="b"><v>{int(wert)}</v></c>'
        if isinstance(wert, (int, float, Decimal)):
            if isinstance(wert, float) and not math.isfinite(wert):
                return self.wert(str(wert), **art)  # Excel kennt weder nan noch inf
            return self.zahlzelle(wert, self.stil(format, **art))
        if isinstance(wert, datetime):
            if format is None:
                format = "DD.MM.YYYY" if wert.time() == time(0) else "DD.MM.YYYY HH:MM"
            return self.zahlzelle(datumszahl(wert), self.stil(format, **art))
        if isinstance(wert, date):
            return self.zahlzelle(datumszahl(wert), self.stil(format or "DD.MM.YYYY", **art))
        if isinstance(wert, time):
            return self.zahlzelle(_tagesbruchteil(wert), self.stil(format or "h:mm:ss", **art))
        if isinstance(wert, timedelta):
            tage = wert.total_seconds() / 86400
            return self.zahlzelle(tage, self.stil(format or "[h]:mm:ss", **art))
        return self.textzelle(str(wert), self.textstil(str(wert), **art))

    def textstil(self, text: str, **art: Any) -> int:
        """Der Stil einer Textzelle: mit Textkennzeichen, wenn der Text wie eine Formel beginnt."""
        return self.stil(text=bool(text) and text[0] in FORMELZEICHEN, **art)

    # -- Blätter --------------------------------------------------------------------------------

    def blatt(
        self,
        name: str,
        *,
        breiten: Iterable[float] | None = (),
        fixiert: bool = False,
        ausgewaehlt: bool = False,
    ) -> Blatt:
        """Beginnt das nächste Tabellenblatt. ``breiten``: Spaltenbreiten ab Spalte A (Zeichen);
        ``None``: später mit :meth:`Blatt.beginne`; ``fixiert``: die erste Zeile bleibt beim
        Blättern stehen."""
        self.blaetter.append(name)
        nummer = len(self.blaetter)
        strom = self._zip.open(self._eintrag(f"xl/worksheets/sheet{nummer}.xml"), "w")
        self._offen = strom
        liste = None if breiten is None else list(breiten)
        return Blatt(self, strom, nummer - 1, liste, fixiert, ausgewaehlt)

    def name(self, name: str, blatt: int, bezug: str, *, versteckt: bool = False) -> None:
        """Ein definierter Name eines Blatts (``_xlnm.Print_Titles``, ``_xlnm._FilterDatabase``)."""
        zusatz = ' hidden="1"' if versteckt else ""
        self._namen.append(
            f'<definedName name="{name}" localSheetId="{blatt}"{zusatz}>{xml_text(bezug)}'
            "</definedName>"
        )

    def schliesse(self) -> None:
        """Schreibt Mappe, Beziehungen, Stile, gemeinsame Texte und Dokumenteigenschaften."""
        z = self._zip
        anzahl = len(self.blaetter)
        blaetter = "".join(
            f'<sheet name="{xml_text(n)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, n in enumerate(self.blaetter, start=1)
        )
        namen = f"<definedNames>{''.join(self._namen)}</definedNames>" if self._namen else ""
        z.writestr(
            "xl/workbook.xml",
            f'{_KOPF}<workbook xmlns="{_NS}" xmlns:r="{_NS_R}"><workbookPr/>'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{blaetter}</sheets>'
            f'{namen}<calcPr calcId="191029"/></workbook>',
        )
        beziehungen = [
            f'<Relationship Id="rId{i}" Type="{_NS_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, anzahl + 1)
        ]
        beziehungen.append(
            f'<Relationship Id="rId{anzahl + 1}" Type="{_NS_R}/styles" Target="styles.xml"/>'
        )
        beziehungen.append(
            f'<Relationship Id="rId{anzahl + 2}" Type="{_NS_R}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_KOPF}<Relationships xmlns="{_NS_PAKET}">{"".join(beziehungen)}</Relationships>',
        )
        z.writestr("xl/styles.xml", self._stile.xml())
        with z.open(self._eintrag("xl/sharedStrings.xml"), "w") as strom:
            self._texte.schreibe(strom)
        jetzt = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        z.writestr(
            "docProps/core.xml",
            f'{_KOPF}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:creator>ozg-foerder</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{jetzt}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{jetzt}</dcterms:modified>'
            "</cp:coreProperties>",
        )
        z.writestr(
            "docProps/app.xml",
            f'{_KOPF}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>ozg-foerder</Application></Properties>',
        )
        typen = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_TYP}worksheet+xml"/>'
            for i in range(1, anzahl + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            f'{_KOPF}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYP}sheet.main+xml"/>'
            f"{typen}"
            f'<Override PartName="/xl/styles.xml" ContentType="{_TYP}styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYP}sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'{_KOPF}<Relationships xmlns="{_NS_PAKET}">'
            f'<Relationship Id="rId1" Type="{_NS_R}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_NS_R}/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>',
        )
        z.close()

    def verwerfe(self) -> None:
        """Nach einem Abbruch: das Archiv schließen, ohne etwas zu vollenden (die Datei
        verwirft :func:`~ozg_foerder.batch.zieldatei.zieldatei`)."""
        for teil in (self._offen, self._zip):
            if teil is not None:
                with contextlib.suppress(Exception):  # halb geschrieben, wird ohnehin gelöscht
                    teil.close()


_PUFFER = 256
"""So viele Zeilen sammelt ein Blatt, bevor es sie komprimiert (weniger Aufrufe)."""


class Blatt:
    """Ein Tabellenblatt im Entstehen: Zeilen nacheinander, dann :meth:`schliesse`.

    Elemente in der Reihenfolge, die Excel verlangt (CT_Worksheet): ``sheetPr``, ``dimension``
    (entfällt: erst am Ende bekannt, und Excel braucht sie nicht), ``sheetViews``,
    ``sheetFormatPr``, ``cols``, ``sheetData``, ``autoFilter``, ``pageMargins``, ``pageSetup``.
    """

    def __init__(
        self,
        mappe: XlsxSchreiber,
        strom: IO[bytes],
        index: int,
        breiten: list[float] | None,
        fixiert: bool,
        ausgewaehlt: bool,
    ) -> None:
        self.mappe = mappe
        self.index = index
        self.zeilen = 0
        self._strom = strom
        self._puffer: list[str] = []
        self._spalten: list[str] = []
        self.filter: str | None = None
        self.quer = False
        self.breite = 0
        self._ansicht = (fixiert, ausgewaehlt)
        self._begonnen = False
        self._puffer.append("")  # Platz für den Kopf des Blatts (:meth:`beginne`)
        if breiten is not None:
            self.beginne(breiten)

    def beginne(self, breiten: Iterable[float]) -> None:
        """Schreibt den Kopf des Blatts mit den Spaltenbreiten (Zeichen, ab Spalte A).

        Bis dahin bleiben die Zeilen im Puffer: so kann ein Schreiber die Breiten aus seinen
        ersten Zeilen bestimmen, statt die Eingabe ein zweites Mal zu lesen.
        """
        fixiert, ausgewaehlt = self._ansicht
        auswahl = ' tabSelected="1"' if ausgewaehlt else ""
        if fixiert:
            ansicht = (
                f'<sheetView{auswahl} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
                'activeCell="A2" sqref="A2"/></sheetView>'
            )
        else:
            ansicht = f'<sheetView{auswahl} workbookViewId="0"/>'
        spalten = "".join(
            f'<col min="{i}" max="{i}" width="{b:g}" customWidth="1"/>'
            for i, b in enumerate(breiten, start=1)
        )
        self._puffer[0] = (
            f'{_KOPF}<worksheet xmlns="{_NS}" xmlns:r="{_NS_R}">'
            f'<sheetPr><pageSetUpPr fitToPage="0"/></sheetPr><sheetViews>{ansicht}</sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"{f'<cols>{spalten}</cols>' if spalten else ''}<sheetData>"
        )
        self._begonnen = True

    def bezug(self, spalte: int) -> str:
        """``<c r="B`` für Spalte 1 – davor kommt die Zeilennummer, danach das Zellende."""
        while len(self._spalten) <= spalte:
            self._spalten.append(f'<c r="{spaltenbuchstabe(len(self._spalten))}')
        return self._spalten[spalte]

    def zeile(self, zellen: Iterable[str | None], hoehe: float | None = None) -> None:
        """Hängt eine Zeile an: je Spalte das Ende einer Zelle (:meth:`XlsxSchreiber.wert`) oder
        ``None`` (leer). ``hoehe``: Zeilenhöhe in Punkt (sonst passt Excel sie an)."""
        self.zeilen += 1
        nr = str(self.zeilen)
        teile = [f'<row r="{nr}" ht="{hoehe:g}" customHeight="1">' if hoehe else f'<row r="{nr}">']
        for i, ende in enumerate(zellen):
            if ende is not None:
                teile.append(self.bezug(i))
                teile.append(nr)
                teile.append(ende)
                if i >= self.breite:
                    self.breite = i + 1
        teile.append("</row>")
        self.roh("".join(teile))

    def roh(self, xml: str) -> None:
        """Fertiges XML einer Zeile (für Schreiber, die ihre Zeilen selbst bauen)."""
        puffer = self._puffer
        puffer.append(xml)
        if len(puffer) >= _PUFFER and self._begonnen:
            self._leere()

    def _leere(self) -> None:
        with _hoechstens_2_gib():
            self._strom.write("".join(self._puffer).encode())
        self._puffer.clear()

    def schliesse(self) -> None:
        if not self._begonnen:
            self.beginne(())
        teile = ["</sheetData>"]
        if self.filter:
            teile.append(f'<autoFilter ref="{self.filter}"/>')
        teile.append(
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>'
        )
        if self.quer:
            teile.append('<pageSetup paperSize="9" orientation="landscape"/>')
        teile.append("</worksheet>")
        self._puffer.append("".join(teile))
        self._leere()
        with _hoechstens_2_gib():
            self._strom.close()


@contextlib.contextmanager
def _hoechstens_2_gib() -> Iterator[None]:
    """zipfile ohne Zip64 meldet einen Eintrag über 2 GiB als RuntimeError: auf Deutsch."""
    try:
        yield
    except RuntimeError as fehler:
        raise DateiUnbrauchbar(
            "Das Tabellenblatt würde größer als 2 GB; so große Arbeitsmappen öffnet Excel "
            "nicht zuverlässig. Es wurde nichts geschrieben.",
            "Als CSV ausgeben (--ausgabe ergebnis.csv) oder die Liste in Teile aufteilen.",
        ) from fehler
