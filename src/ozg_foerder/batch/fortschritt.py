"""Fortschrittsbalken auf stderr – nur im interaktiven Terminal und nur bei großen Dateien."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from ozg_foerder.batch.quelle import Fortschritt

__all__ = ["GROSS", "fortschrittsanzeige"]

GROSS = 2 * 1024 * 1024
"""Ab dieser Dateigröße (Bytes) lohnt ein Balken: etwa 40.000 Zeilen."""


@contextlib.contextmanager
def fortschrittsanzeige(
    groesse: int, aktiv: bool | None = None
) -> Iterator[Callable[[str], Fortschritt | None] | None]:
    """Liefert ``phase(name) -> rueckruf(erledigt, gesamt)`` oder ``None`` (kein Balken)."""
    if aktiv is None:
        aktiv = sys.stderr.isatty() and groesse >= GROSS
    if not aktiv:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    ) as anzeige:

        def phase(name: str) -> Fortschritt:
            aufgabe = anzeige.add_task(name, total=None)

            def melde(erledigt: int, gesamt: int | None) -> None:
                anzeige.update(aufgabe, completed=erledigt, total=gesamt)

            return melde

        yield phase
