"""Quelldokumente neben den Regeln: jedes Zitat steht wörtlich im Dokument, das es nennt.

Ein Regelverzeichnis kann seine Quellen mitbringen: ``quellen/index.yaml`` nennt je Dokument
(mit dem Kurznamen, den die Regeln unter ``dokument`` zitieren) die Textdatei, den Titel, den
Stand und die Adresse::

    Handreichung:
      datei: Handreichung.txt
      titel: Fördermöglichkeiten für Kommunen durch das Land Hessen …
      datum: 2022-03-14
      adresse: https://…

:func:`pruefe_zitate` prüft jedes ``zitat`` jeder Regeldatei gegen den Text seines Dokuments
(Leerraum, Zeilenumbrüche und Hervorhebungen ``**``/``<u>`` zählen nicht).
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

from ozg_foerder.regeln.fehler import RegelFehler
from ozg_foerder.regeln.schema import Quelle, Regeldatei

__all__ = ["INDEX", "Dokument", "lade_dokumente", "normal", "pruefe_zitate"]

INDEX = Path("quellen") / "index.yaml"
MAX_DOKUMENT_BYTES = 20 * 1024 * 1024  # Textauszüge; größer ist kein Textauszug mehr


class Dokument(NamedTuple):
    kurzname: str
    datei: Path
    titel: str
    datum: date | None
    adresse: str | None
    text: str  # normalisiert


def normal(text: str) -> str:
    """Ohne Hervorhebungen, Leerraum zusammengefasst: so wird verglichen."""
    text = re.sub(r"\*\*|</?u>", "", text)
    return re.sub(r"\s+", " ", text).strip()


def lade_dokumente(verzeichnis: Path) -> tuple[dict[str, Dokument] | None, list[RegelFehler]]:
    """Die Dokumente aus ``quellen/index.yaml`` (None: kein Verzeichnis der Quellen)."""
    index = verzeichnis / INDEX
    if not index.is_file():
        return None, []
    name = str(index)
    try:
        if index.stat().st_size > 2 * 1024 * 1024:
            return {}, [RegelFehler(name, None, "", "zu groß (höchstens 2 MB).")]
        from ozg_foerder.regeln.laden import lies_yaml_sicher  # Tiefe und Zahl begrenzt

        daten = lies_yaml_sicher(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as f:
        return {}, [RegelFehler(name, None, "", f"nicht lesbar ({type(f).__name__}).")]
    except ValueError as f:  # die Meldung des sicheren Lesers, mit Zeile
        zeile, meldung = f.args if len(f.args) == 2 else (None, str(f))
        return {}, [RegelFehler(name, zeile, "", meldung)]
    if not isinstance(daten, dict):
        return {}, [RegelFehler(name, 1, "", "Zuordnung Kurzname → {datei, titel, …} erwartet.")]
    dokumente: dict[str, Dokument] = {}
    fehler: list[RegelFehler] = []
    for kurz, eintrag in daten.items():
        if not isinstance(eintrag, dict) or not eintrag.get("datei") or not eintrag.get("titel"):
            fehler.append(RegelFehler(name, None, str(kurz), "'datei' und 'titel' angeben."))
            continue
        pfad = index.parent / str(eintrag["datei"])
        if index.parent.resolve() not in pfad.resolve().parents:
            fehler.append(
                RegelFehler(
                    name, None, f"{kurz}.datei", "Die Datei muss im Ordner quellen/ liegen."
                )
            )
            continue
        try:
            info = pfad.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DOKUMENT_BYTES:
                raise OSError("zu groß oder keine gewöhnliche Datei (Pipe)")
            text = pfad.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            fehler.append(
                RegelFehler(name, None, f"{kurz}.datei", f"{pfad} fehlt oder ist kein UTF-8-Text.")
            )
            continue
        datum = eintrag.get("datum")
        dokumente[str(kurz)] = Dokument(
            str(kurz),
            pfad,
            str(eintrag["titel"]),
            datum if isinstance(datum, date) else None,
            eintrag.get("adresse"),
            normal(text),
        )
    return dokumente, fehler


def _quellen(knoten: Any, pfad: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Quelle]]:
    """Jede Quelle einer Regeldatei mit ihrem Pfad (benannte und an Ort und Stelle)."""
    if isinstance(knoten, Quelle):
        yield pfad, knoten
    elif isinstance(knoten, BaseModel):
        for name in type(knoten).model_fields:
            yield from _quellen(getattr(knoten, name), (*pfad, name))
    elif isinstance(knoten, dict):
        for k, v in knoten.items():
            yield from _quellen(v, (*pfad, k))
    elif isinstance(knoten, list | tuple):
        for i, v in enumerate(knoten):
            yield from _quellen(v, (*pfad, i))


def pruefe_zitate(
    regeln: Regeldatei,
    datei: Path,
    dokumente: dict[str, Dokument],
    zeile_von: Any,
) -> list[RegelFehler]:
    """Befunde: Dokumente, die das Verzeichnis nicht kennt, und Zitate, die nicht wörtlich
    im Dokument stehen. ``zeile_von(pfad)`` gibt (Zeile, Feld) zu einem Pfad der Datei."""
    fehler = []
    for pfad, q in _quellen(regeln, ()):
        dokument = dokumente.get(q.dokument)
        if dokument is None:
            bekannt = ", ".join(sorted(dokumente)) or "keine"
            zeile, feld = zeile_von((*pfad, "dokument"))
            meldung = f"Dokument „{q.dokument}“ steht nicht in {INDEX} (bekannt: {bekannt})."
            fehler.append(RegelFehler(str(datei), zeile, feld, meldung))
        elif q.zitat and normal(q.zitat) not in dokument.text:
            zeile, feld = zeile_von((*pfad, "zitat"))
            kurz = q.zitat if len(q.zitat) <= 80 else q.zitat[:79] + "…"
            meldung = (
                f"Zitat steht nicht wörtlich in „{q.dokument}“ ({dokument.datei.name}): „{kurz}“"
            )
            bis = _uebereinstimmend_bis(normal(q.zitat), dokument.text)
            if len(bis) >= 10:
                meldung += f" – übereinstimmend bis „…{bis[-40:]}“, danach weicht es ab."
            fehler.append(RegelFehler(str(datei), zeile, feld, meldung))
    return fehler


def _uebereinstimmend_bis(zitat: str, text: str) -> str:
    """Der längste Anfang des Zitats, der im Dokument steht (zeigt, wo es abweicht)."""
    unten, oben = 0, len(zitat)
    while unten < oben:  # binäre Suche: "steht drin" ist monoton in der Länge des Anfangs
        mitte = (unten + oben + 1) // 2
        if zitat[:mitte] in text:
            unten = mitte
        else:
            oben = mitte - 1
    return zitat[:unten]
