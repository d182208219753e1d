"""Die Quelldokumente eines Regelverzeichnisses und die Prüfung der Zitate gegen sie.

Ein Regelverzeichnis kann neben seinen Regeldateien die Texte seiner Quellen mitbringen:
``dokumente/index.yaml`` nennt je Kurzname (so zitieren die Regeldateien: ``dokument:
Handreichung``) die Textdatei, den Titel, den Stand und die Adresse. :func:`pruefe_zitate` prüft
dann jedes ``zitat`` einer Regeldatei wörtlich gegen den Text seines Dokuments – so kann eine
Betreuerin eine neue Förderrichtlinie beilegen und ihre Zitate wie die der mitgelieferten
Dokumente prüfen lassen (``ozg-foerder regeln pruefen``).

Wörtlich heißt: Leerraum und Zeilenumbrüche zählen nicht (Textauszüge aus Folien brechen Zeilen
anders), ebenso Hervorhebungen (``**``, ``<u>``). Sonst zählt jedes Zeichen.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ozg_foerder.regeln.fehler import RegelFehler

__all__ = ["INDEX", "Dokument", "lade_dokumente", "normal", "pruefe_zitate"]

ORDNER = "dokumente"
INDEX = "index.yaml"
MAX_DOKUMENT_BYTES = 20 * 1024 * 1024  # Textauszüge; größer ist kein Textauszug mehr


class Dokument(NamedTuple):
    name: str
    datei: Path
    titel: str
    stand: date | None
    adresse: str | None
    text: str  # normalisiert (siehe normal)


def normal(text: str) -> str:
    """Ohne Hervorhebungen, Leerraum zu einem Leerzeichen zusammengefasst."""
    text = re.sub(r"\*\*|</?u>", "", text)
    return " ".join(text.split())


def lade_dokumente(verzeichnis: Path) -> tuple[dict[str, Dokument], list[RegelFehler]]:
    """Die Dokumente aus ``<verzeichnis>/dokumente/index.yaml``; dazu Fehler im Index.

    Ohne Index: keine Dokumente und keine Fehler (dann prüft :func:`pruefe_zitate` nichts).
    """
    index = verzeichnis / ORDNER / INDEX
    if not index.is_file():
        return {}, []
    name = str(index)
    try:
        daten = yaml.safe_load(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as fehler:
        zeile = getattr(getattr(fehler, "problem_mark", None), "line", None)
        return {}, [RegelFehler(name, zeile + 1 if zeile is not None else None, "", _kurz(fehler))]
    if not isinstance(daten, dict):
        return {}, [RegelFehler(name, 1, "", "Zuordnung Kurzname → Angaben erwartet.")]
    dokumente: dict[str, Dokument] = {}
    fehler: list[RegelFehler] = []
    for kurz, angaben in daten.items():
        feld = str(kurz)
        if not isinstance(angaben, dict) or not isinstance(angaben.get("datei"), str):
            fehler.append(RegelFehler(name, None, feld, "Angabe 'datei' (Textdatei) fehlt."))
            continue
        unbekannt = set(angaben) - {"datei", "titel", "stand", "adresse"}
        if unbekannt:
            felder = ", ".join(sorted(map(str, unbekannt)))
            fehler.append(
                RegelFehler(
                    name,
                    None,
                    feld,
                    f"unbekannte Angabe {felder} (erlaubt: datei, titel, stand, adresse).",
                )
            )
        datei = (index.parent / angaben["datei"]).resolve()
        if index.parent.resolve() not in datei.parents:
            fehler.append(
                RegelFehler(name, None, feld, "Die Datei muss im Ordner dokumente/ liegen.")
            )
            continue
        try:
            if datei.stat().st_size > MAX_DOKUMENT_BYTES:
                raise ValueError(f"größer als {MAX_DOKUMENT_BYTES // (1024 * 1024)} MB")
            text = datei.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError) as f:
            fehler.append(
                RegelFehler(name, None, feld, f"{angaben['datei']}: nicht lesbar ({_kurz(f)}).")
            )
            continue
        stand = angaben.get("stand")
        if stand is not None and not isinstance(stand, date):
            fehler.append(RegelFehler(name, None, f"{feld}.stand", "Datum JJJJ-MM-TT erwartet."))
            stand = None
        dokumente[feld] = Dokument(
            feld,
            datei,
            str(angaben.get("titel") or feld),
            stand,
            angaben.get("adresse"),
            normal(text),
        )
    return dokumente, fehler


def _kurz(fehler: object) -> str:
    return " ".join(str(fehler).split())[:200]


def _zitate(knoten: Any, pfad: tuple) -> list[tuple[tuple, dict[str, Any]]]:
    """Jede Quelle (Zuordnung mit dokument und zitat) mit ihrem Pfad in der Datei."""
    gefunden = []
    if isinstance(knoten, dict):
        if "dokument" in knoten and isinstance(knoten.get("zitat"), str):
            gefunden.append((pfad, knoten))
        for name, wert in knoten.items():
            gefunden.extend(_zitate(wert, (*pfad, name)))
    elif isinstance(knoten, list):
        for i, wert in enumerate(knoten):
            gefunden.extend(_zitate(wert, (*pfad, i)))
    return gefunden


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


def pruefe_zitate(
    regeldatei: Path,
    daten: dict[str, Any],
    zeilen: dict[tuple, int],
    dokumente: dict[str, Dokument],
) -> list[RegelFehler]:
    """Fehler für jedes Zitat, das nicht wörtlich in seinem Dokument steht, oder dessen
    Dokument das Verzeichnis nicht kennt. ``zeilen``: Pfad → Zeile (aus dem Laden)."""
    fehler = []
    bekannt = ", ".join(sorted(dokumente)) or "keine"
    for pfad, quelle in _zitate(daten, ()):
        feld = "".join(f"[{t}]" if isinstance(t, int) else f".{t}" for t in pfad).lstrip(".")
        zeile = zeilen.get(pfad)
        dokument = dokumente.get(str(quelle["dokument"]))
        if dokument is None:
            fehler.append(
                RegelFehler(
                    str(regeldatei),
                    zeilen.get((*pfad, "dokument"), zeile),
                    f"{feld}.dokument",
                    f"Dokument „{quelle['dokument']}“ steht nicht in dokumente/{INDEX} "
                    f"(bekannt: {bekannt}).",
                )
            )
            continue
        zitat = normal(quelle["zitat"])
        if zitat not in dokument.text:
            bis = _uebereinstimmend_bis(zitat, dokument.text)
            hinweis = (
                f" Übereinstimmend bis: „{bis[-60:]}“ – danach weicht es ab."
                if len(bis) >= 10
                else " Schon der Anfang steht nicht im Dokument."
            )
            fehler.append(
                RegelFehler(
                    str(regeldatei),
                    zeilen.get((*pfad, "zitat"), zeile),
                    f"{feld}.zitat",
                    f"Das Zitat steht nicht wörtlich in „{dokument.name}“.{hinweis}",
                )
            )
    return fehler
