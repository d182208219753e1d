"""Excels Zahlenformate und Datumszahlen – wie openpyxl sie deutet, ohne openpyxl zu laden.

Der schnelle XLSX-Leser (:mod:`.xlsx_blatt`) muss dieselben Zellwerte liefern wie openpyxl
(Datum als ``datetime``, Uhrzeit als ``time``, Dauer als ``timedelta``). Dafür braucht er nur
diese wenigen Regeln; openpyxl selbst zu importieren kostete jeden Lauf rund 0,25 s. Die
Regeln sind openpyxl 3.1 nachgebildet; ``tests/test_batch_xlsx_lesen.py`` vergleicht sie mit
dem Original.
"""

from __future__ import annotations

import datetime
import re

__all__ = [
    "EINGEBAUT",
    "EINGEBAUT_GRENZE",
    "aus_excel",
    "ist_datumsformat",
    "ist_dauerformat",
    "spaltenbuchstabe",
]

EINGEBAUT = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
"""Die eingebauten Formate (Nummer → Code), die eine Arbeitsmappe nicht selbst aufführt."""

EINGEBAUT_GRENZE = 164
"""Ab dieser Nummer sind Formate die der Arbeitsmappe (``<numFmts>``)."""

EINGEBAUT_UMGEKEHRT = {code: nr for nr, code in EINGEBAUT.items()}

# Text in Anführungszeichen und [Gebietsschema]/[Farbe] zählen nicht – [h], [mm], [ss] schon.
_OHNE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATUM = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DAUER = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)

WINDOWS_EPOCHE = datetime.datetime(1899, 12, 30)
MAC_EPOCHE = datetime.datetime(1904, 1, 1)


def ist_datumsformat(code: str | None) -> bool:
    """Zeigt das Format eine Zahl als Datum oder Uhrzeit (nur der erste Abschnitt zählt)?"""
    if code is None:
        return False
    return _DATUM.search(_OHNE.sub("", code.split(";")[0])) is not None


def ist_dauerformat(code: str | None) -> bool:
    """``[h]:mm:ss`` und Verwandte: eine Dauer, keine Uhrzeit."""
    if code is None:
        return False
    return _DAUER.search(code.split(";")[0]) is not None


def aus_excel(
    wert: float, epoche: datetime.datetime, dauer: bool
) -> datetime.datetime | datetime.time | datetime.timedelta:
    """Excels Tageszahl als Datum (wie ``openpyxl.utils.datetime.from_excel``).

    Unter 1 ist es eine Uhrzeit; zwischen 0 und 60 zählt Excel den 29.02.1900 mit, den es
    nicht gab (daher ein Tag mehr). Wirft ``OverflowError``/``ValueError`` außerhalb."""
    if dauer:
        td = datetime.timedelta(days=wert)
        if td.microseconds:
            td = datetime.timedelta(
                seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3)
            )
        return td
    tag, bruch = divmod(wert, 1)
    rest = datetime.timedelta(milliseconds=round(bruch * 86400 * 1000))
    if 0 <= wert < 1 and rest.days == 0:
        minuten, sekunden = divmod(rest.seconds, 60)
        stunden, minuten = divmod(minuten, 60)
        return datetime.time(stunden, minuten, sekunden, rest.microseconds)
    if 0 < wert < 60 and epoche == WINDOWS_EPOCHE:
        tag += 1
    return epoche + datetime.timedelta(days=tag) + rest


def spaltenbuchstabe(nummer: int) -> str:
    """1 → A, 27 → AA (Spalten ab 1, wie in Zellbezügen)."""
    buchstaben = ""
    while nummer:
        nummer, rest = divmod(nummer - 1, 26)
        buchstaben = chr(65 + rest) + buchstaben
    return buchstaben
