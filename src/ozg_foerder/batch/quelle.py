"""Eine Eingabedatei öffnen: Art am Inhalt erkennen (CSV oder XLSX), Kopfzeile finden.

Die Art entscheidet der Inhalt, nicht die Endung: Eine Excel-Arbeitsmappe ist ein ZIP-Archiv,
alles andere, was nach Text aussieht, wird als CSV gelesen. Was weder das eine noch das andere
ist (leer, Binärdaten, altes .xls, OpenDocument), ist ein :class:`DateiUnbrauchbar` mit Ausweg.
Die gemeinsamen Teile (:class:`Quelle`, Kopfzeilensuche) stehen in :mod:`.quelle_basis`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.batch.quelle_basis import (
    KOPF_SUCHE,
    Fortschritt,
    Quelle,
    Unlesbar,
    ist_leer_zelle,
    kopf_text,
    zelltext,
)
from ozg_foerder.batch.quelle_csv import CsvQuelle

__all__ = [
    "KOPF_SUCHE",
    "Fortschritt",
    "Quelle",
    "Unlesbar",
    "ist_leer_zelle",
    "kopf_text",
    "oeffne",
    "zelltext",
]

_PROBE = 64 * 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SPEICHERN = (
    "In Excel „Speichern unter“ wählen und als „Excel-Arbeitsmappe (*.xlsx)“ oder "
    "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern."
)


def oeffne(
    pfad: str | os.PathLike[str],
    blatt: str | None = None,
    ist_kopf: Callable[[list[str]], bool] | None = None,
) -> Quelle:
    """Öffnet eine CSV- oder XLSX-Datei und liest ihre Kopfzeile.

    ``ist_kopf(zellen)`` erkennt die Kopfzeile (sonst: die erste nicht leere Zeile).

    Wirft :class:`DateiUnbrauchbar`, wenn die Datei fehlt, leer ist oder weder CSV noch XLSX.
    """
    p = Path(pfad)
    try:
        if p.is_dir():
            raise DateiUnbrauchbar(
                f"{p} ist ein Verzeichnis, keine Datei.",
                "Den Pfad einer CSV- oder XLSX-Datei angeben.",
            )
        art = p.stat().st_mode
        if not stat.S_ISREG(art):
            was = "eine Pipe (FIFO)" if stat.S_ISFIFO(art) else "keine gewöhnliche Datei"
            if stat.S_ISCHR(art) or stat.S_ISBLK(art):
                was = "ein Gerät"
            raise DateiUnbrauchbar(
                f"{p} ist {was}; eine Liste wird mehrmals gelesen (Kopfzeile, Verbünde, "
                "Auswertung) und muss deshalb eine gewöhnliche Datei sein. Auch /dev/stdin "
                "und <(…) gehen nur, wenn dahinter eine Datei steht.",
                "Die Liste zuerst in eine Datei schreiben, z. B. … > liste.csv, und dann "
                "ozg-foerder batch liste.csv aufrufen.",
            )
        with p.open("rb") as datei:
            probe = datei.read(_PROBE)
        groesse = p.stat().st_size
    except FileNotFoundError:
        raise DateiUnbrauchbar(
            f"Die Datei {p} gibt es nicht.",
            "Pfad und Dateinamen prüfen; eine leere Vorlage erzeugt: ozg-foerder vorlage",
        ) from None
    except PermissionError:
        raise DateiUnbrauchbar(
            f"Keine Leseberechtigung für {p}.", "Die Datei freigeben oder eine Kopie verwenden."
        ) from None
    except OSError as fehler:
        raise DateiUnbrauchbar(
            f"{p} lässt sich nicht lesen ({fehler.strerror or fehler}).",
            "Ist die Datei noch in einem anderen Programm geöffnet? Eine Kopie verwenden.",
        ) from None
    if not probe.strip():
        raise DateiUnbrauchbar(
            f"Die Datei {p} ist leer.",
            "Die erste Zeile braucht Spaltennamen wie kommune, kommunen, einsparung; "
            "eine Vorlage erzeugt: ozg-foerder vorlage",
        )
    if probe.startswith(_ZIP):
        # erst hier: ein Lauf aus CSV lädt den XLSX-Leser (Ausdrücke, expat) nicht mit
        from ozg_foerder.batch.quelle_xlsx import XlsxQuelle

        return XlsxQuelle(p, groesse, blatt, ist_kopf)
    if probe.startswith(_OLE):
        raise DateiUnbrauchbar(
            f"{p} ist eine Datei im alten Excel-Format (.xls) oder eine verschlüsselte "
            "Arbeitsmappe; beides kann ozg-foerder nicht lesen.",
            _SPEICHERN + " Einen Kennwortschutz vorher entfernen.",
        )
    if blatt is not None:
        raise DateiUnbrauchbar(
            f"--blatt gilt nur für Excel-Arbeitsmappen; {p} ist eine Textdatei (CSV).",
            "--blatt weglassen.",
        )
    return CsvQuelle(p, groesse, probe, ist_kopf)
