"""Nichts verlieren: Ausgabe in eine temporäre Datei daneben, fertig umbenennen.

Ein abgebrochener Lauf (Strg-C, Fehler) hinterlässt keine halbe Datei: die temporäre Datei wird
gelöscht, eine vorhandene Zieldatei bleibt unberührt. Eine vorhandene Datei wird nur mit
``ueberschreiben`` ersetzt; die Eingabedatei ist als Ziel nie erlaubt.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ozg_foerder.batch.fehler import DateiUnbrauchbar

__all__ = ["pruefe_ziel", "zieldatei"]


def _gleich(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def pruefe_ziel(ziel: Path, eingabe: Path | None, ueberschreiben: bool) -> None:
    """Vor der Auswertung: Ist ``ziel`` als Ausgabedatei erlaubt?"""
    if eingabe is not None and _gleich(ziel, eingabe):
        raise DateiUnbrauchbar(
            f"--ausgabe {ziel} ist die Eingabedatei; sie wird nie überschrieben.",
            "Einen anderen Dateinamen angeben, z. B. --ausgabe ergebnis.csv",
        )
    if ziel.is_dir():
        raise DateiUnbrauchbar(
            f"--ausgabe {ziel} ist ein Verzeichnis.", "Einen Dateinamen angeben."
        )
    if not ziel.parent.is_dir():
        raise DateiUnbrauchbar(
            f"Das Verzeichnis {ziel.parent} für --ausgabe gibt es nicht.",
            "Das Verzeichnis anlegen oder einen anderen Pfad angeben.",
        )
    if ziel.exists() and not ueberschreiben:
        raise DateiUnbrauchbar(
            f"{ziel} gibt es schon.",
            "Mit --ueberschreiben ersetzen oder einen anderen Namen angeben.",
        )


def _rechte(pfad: str) -> None:
    """Übliche Dateirechte statt der 0600 von mkstemp (umask beachten)."""
    maske = os.umask(0)
    os.umask(maske)
    with contextlib.suppress(OSError):
        os.chmod(pfad, 0o666 & ~maske)


@contextlib.contextmanager
def zieldatei(ziel: Path, ueberschreiben: bool) -> Iterator[IO[bytes]]:
    """Schreibt über eine temporäre Datei im Zielverzeichnis; benennt erst am Ende um."""
    try:
        fd, tmp = tempfile.mkstemp(dir=ziel.parent, prefix=f".{ziel.name}.", suffix=".tmp")
    except OSError as fehler:
        raise DateiUnbrauchbar(
            f"In {ziel.parent} lässt sich nicht schreiben ({fehler.strerror or fehler}).",
            "Ein anderes Verzeichnis für --ausgabe angeben.",
        ) from None
    try:
        with os.fdopen(fd, "wb") as datei:
            yield datei
            datei.flush()
            os.fsync(datei.fileno())
        _rechte(tmp)
        if ueberschreiben:
            os.replace(tmp, ziel)
        else:
            try:
                os.link(tmp, ziel)  # ersetzt nie eine Datei, die inzwischen entstanden ist
            except FileExistsError:
                raise DateiUnbrauchbar(
                    f"{ziel} ist während der Auswertung entstanden und bleibt unverändert.",
                    "Mit --ueberschreiben ersetzen oder einen anderen Namen angeben.",
                ) from None
            except OSError:  # Dateisystem ohne harte Links
                if ziel.exists():
                    raise DateiUnbrauchbar(
                        f"{ziel} gibt es schon.", "Mit --ueberschreiben ersetzen."
                    ) from None
                os.replace(tmp, ziel)
            else:
                os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
