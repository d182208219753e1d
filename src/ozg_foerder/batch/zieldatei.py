"""Nichts verlieren: Ausgabe in eine temporäre Datei daneben, fertig umbenennen.

Ein abgebrochener Lauf (Strg-C, SIGTERM, SIGHUP, Fehler) hinterlässt keine halbe Datei: die
temporäre Datei wird gelöscht, eine vorhandene Zieldatei bleibt unberührt. Die temporäre Datei
trägt die Prozessnummer (``.ergebnis.csv.<pid>.<zufall>.tmp``): Ein hart beendeter Lauf
(SIGKILL, Stromausfall) lässt sie liegen, und der nächste Lauf zum selben Ziel löscht sie, wenn
dieser Prozess nicht mehr lebt – die eines laufenden Laufs nie. Eine vorhandene Datei wird nur mit
``ueberschreiben`` ersetzt; die Eingabedatei ist als Ziel nie erlaubt.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ozg_foerder.batch.fehler import DateiUnbrauchbar

__all__ = ["pruefe_ziel", "raeume_reste_auf", "zieldatei"]


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


def _lebt(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # z. B. PermissionError: ein Prozess eines anderen Benutzers lebt
        return True
    return True


def raeume_reste_auf(ziel: Path) -> list[Path]:
    """Löscht temporäre Dateien abgebrochener Läufe zu ``ziel`` (deren Prozess nicht mehr lebt).

    Gibt die gelöschten Pfade zurück. Dateien laufender Prozesse und fremd benannte bleiben.
    """
    vorne = f".{ziel.name}."
    geloescht: list[Path] = []
    try:
        kandidaten = [p for p in ziel.parent.iterdir() if p.name.startswith(vorne)]
    except OSError:
        return geloescht
    for pfad in kandidaten:
        if not pfad.name.endswith(".tmp"):
            continue
        teile = pfad.name[len(vorne) : -len(".tmp")].split(".")
        if len(teile) != 2 or not teile[0].isdigit() or len(teile[0]) > 10:
            continue
        if _lebt(int(teile[0])):
            continue
        with contextlib.suppress(OSError):
            if pfad.is_file() and not pfad.is_symlink():
                pfad.unlink()
                geloescht.append(pfad)
    return geloescht


_ABBRUCH_SIGNALE = ("SIGINT", "SIGTERM", "SIGHUP")


def _signale_aufschieben() -> Any:
    """Blockiert die Abbruch-Signale und gibt die alte Maske zurück (``None`` ohne POSIX)."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        return None
    signale = {getattr(signal, n) for n in _ABBRUCH_SIGNALE if hasattr(signal, n)}
    return signal.pthread_sigmask(signal.SIG_BLOCK, signale)


def _signale_zulassen(vorher: Any) -> None:
    """Stellt die Maske wieder her; ein wartendes Signal kommt jetzt an."""
    if vorher is not None:
        import signal

        signal.pthread_sigmask(signal.SIG_SETMASK, vorher)


@contextlib.contextmanager
def zieldatei(ziel: Path, ueberschreiben: bool) -> Iterator[IO[bytes]]:
    """Schreibt über eine temporäre Datei im Zielverzeichnis; benennt erst am Ende um.

    Reste abgebrochener Läufe zum selben Ziel werden vorher gelöscht (:func:`raeume_reste_auf`).
    """
    raeume_reste_auf(ziel)
    # Ein Signal (Strg-C, SIGTERM, SIGHUP) zwischen dem Anlegen der temporären Datei und dem
    # try darunter ließe sie liegen: so lange wartet es (POSIX), danach räumt das except auf.
    vorher = _signale_aufschieben()
    try:
        fd, tmp = tempfile.mkstemp(
            dir=ziel.parent, prefix=f".{ziel.name}.{os.getpid()}.", suffix=".tmp"
        )
    except OSError as fehler:
        _signale_zulassen(vorher)
        raise DateiUnbrauchbar(
            f"In {ziel.parent} lässt sich nicht schreiben ({fehler.strerror or fehler}).",
            "Ein anderes Verzeichnis für --ausgabe angeben.",
        ) from None
    try:
        _signale_zulassen(vorher)
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
