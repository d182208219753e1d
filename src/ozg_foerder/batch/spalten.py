"""Welche Spalte welche Eingabe ist – einmal je Datei aus der Kopfzeile bestimmt.

Spaltennamen sind ``kommune``, ``verbund`` und die Namen der Eingaben der Programme (die Schlüssel
von ``eingaben`` in den Regeldateien, GUIDE §2.1b). Groß-/Kleinschreibung, Leerzeichen am Rand
und ``-`` statt ``_`` spielen keine Rolle. Andere Spalten bleiben unverändert in der Ausgabe.

Ohne ``--programm`` wird ein Programm ausgewertet, wenn die Kopfzeile Spalten für alle Eingaben
seiner Batch-Regel (``batch.wenn``, sonst die erforderlichen Eingaben) hat; ob eine Zeile es
auswertet, entscheidet dann, ob diese Zellen gefüllt sind. Ein Programm ohne solche Eingaben
(z. B. ein reines Auskunftsprogramm) wird nur mit ``--programm`` ausgewertet.
Welche Ergebnisspalten entstehen, steht damit vor der ersten Datenzeile fest.
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.eingaben.definition import EingabeDef
from ozg_foerder.eingaben.werte import EingabeFehler
from ozg_foerder.engine.programm import Programm

__all__ = [
    "FEHLER_SPALTE",
    "KOMMUNE_SPALTE",
    "VERBUND_SPALTE",
    "Plan",
    "ProgrammSpalten",
    "plane",
    "spaltenbuchstabe",
    "spaltenname",
]

KOMMUNE_SPALTE = "kommune"
VERBUND_SPALTE = "verbund"
FEHLER_SPALTE = "fehler"


def spaltenname(name: str) -> str:
    """Vergleichsform eines Spaltennamens: ``" Laufzeit-Jahre "``, ``"Laufzeit Jahre"`` →
    ``"laufzeit_jahre"``."""
    return "_".join(name.replace("\ufeff", "").lower().replace("-", " ").replace("_", " ").split())


def spaltenbuchstabe(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (wie Excel die Spalten benennt)."""
    buchstaben = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        buchstaben = chr(65 + rest) + buchstaben
    return buchstaben


class Eingabespalte(NamedTuple):
    index: int
    name: str
    eingabe: EingabeDef


class ProgrammSpalten:
    """Ein auszuwertendes Programm: seine Eingabespalten und seine Ergebnisspalten."""

    __slots__ = (
        "anteil",
        "betrag",
        "eingaben",
        "erforderlich",
        "ergebnis",
        "explizit",
        "kommune_eingaben",
        "praefix",
        "programm",
        "tage",
        "verbund_zaehlt",
        "wenn",
    )

    def __init__(self, programm: Programm, explizit: bool) -> None:
        self.programm = programm
        self.explizit = explizit
        self.praefix = programm.id.replace("-", "_")
        self.eingaben: tuple[Eingabespalte, ...] = ()
        self.kommune_eingaben: tuple[tuple[str, int], ...] = ()
        self.verbund_zaehlt: str | None = None
        self.wenn: tuple[str, ...] = programm.batch_wenn
        self.erforderlich: tuple[str, ...] = programm.erforderlich
        self.ergebnis = f"{self.praefix}_ergebnis"
        self.betrag = f"{self.praefix}_betrag" if programm.formel is not None else None
        self.tage = f"{self.praefix}_tage_verfuegbar" if programm.kontingente else None
        self.anteil: str | None = None

    @property
    def id(self) -> str:
        return self.programm.id

    def ausgabe_spalten(self) -> list[str]:
        return [s for s in (self.ergebnis, self.betrag, self.tage, self.anteil) if s]


class Plan(NamedTuple):
    kopf: list[str]
    """Die Kopfzeile der Eingabe, wie sie in der Datei steht."""
    kommune: int | None
    verbund: int | None
    programme: list[ProgrammSpalten]
    ausgabe_kopf: list[str]
    """Kopfzeile der Ausgabe: Eingabespalten, dann Ergebnisspalten und ``fehler``."""
    ziel: dict[str, int]
    """Ergebnisspalte → Position in der Ausgabezeile."""
    hinweise: list[str]
    """Hinweise zur Kopfzeile (Tippfehler in Spaltennamen, fehlende Spalten)."""


def bekannte_spalten(programme: list[Programm] | list[dict]) -> set[str]:
    """Alle Spaltennamen, die etwas bedeuten: kommune, verbund und die Eingaben.

    ``programme``: Programme oder ihre Kompilate (das spart, Programme zu bauen).
    """
    namen = {KOMMUNE_SPALTE, VERBUND_SPALTE}
    for p in programme:
        namen.update(p.get("eingaben", {}) if isinstance(p, dict) else p.eingaben)
    return namen


def _verfuegbar(name: str, p: Programm, index: dict[str, int], verbund: bool) -> bool:
    if spaltenname(name) in index:
        return True
    if verbund and p.verbund_zaehlt == name:
        return True
    e = p.eingaben.get(name)
    return e is not None and e.typ == "kommune" and KOMMUNE_SPALTE in index


def _spalten_text(p: Programm, namen: tuple[str, ...]) -> str:
    teile = []
    for n in namen:
        text = n
        if p.verbund_zaehlt == n:
            text += f" (oder {VERBUND_SPALTE})"
        elif p.eingaben[n].typ == "kommune" and n != KOMMUNE_SPALTE:
            text += f" (oder {KOMMUNE_SPALTE})"
        teile.append(text)
    return ", ".join(teile)


def plane(
    kopf: list[str],
    programme: list[Programm],
    explizit: bool,
    katalog_spalten: set[str] | None = None,
) -> Plan:
    """Ordnet die Spalten den Eingaben zu.

    ``programme``: mit ``explizit`` genau die mit ``--programm`` gewählten, sonst alle des
    Katalogs (ausgewertet werden die, deren Batch-Spalten vorhanden sind).
    ``katalog_spalten``: die Spaltennamen aller Programme – sie gelten nicht als Tippfehler
    (Standard: die von ``programme``).
    Wirft :class:`DateiUnbrauchbar`, wenn keine verwendbare Spalte da ist.
    """
    index: dict[str, int] = {}
    bekannt = bekannte_spalten(programme)
    for i, name in enumerate(kopf):
        norm = spaltenname(name)
        if not norm:
            continue
        if norm in index and norm in bekannt:
            raise DateiUnbrauchbar(
                f"Die Spalte „{norm}“ steht zweimal in der Kopfzeile (Spalten "
                f"{spaltenbuchstabe(index[norm])} und {spaltenbuchstabe(i)}).",
                "Eine der beiden Spalten umbenennen oder löschen.",
            )
        index.setdefault(norm, i)
    kommune = index.get(KOMMUNE_SPALTE)
    verbund = index.get(VERBUND_SPALTE)

    gewaehlt: list[ProgrammSpalten] = []
    for p in programme:
        if explizit:
            fehlend = tuple(
                n for n in p.erforderlich if not _verfuegbar(n, p, index, verbund is not None)
            )
            if fehlend:
                raise DateiUnbrauchbar(
                    f"Für {p.id} fehlt in der Kopfzeile die Spalte {_spalten_text(p, fehlend)}.",
                    f"Eine Spalte „{fehlend[0]}“ ergänzen; alle Spalten zeigt: "
                    f"ozg-foerder vorlage --programm {p.id}",
                )
        elif not p.batch_wenn or not all(
            _verfuegbar(n, p, index, verbund is not None) for n in p.batch_wenn
        ):
            continue
        gewaehlt.append(_programm_spalten(p, explizit, index, kommune, verbund))

    if not gewaehlt:
        raise DateiUnbrauchbar(_keine_spalte(kopf, programme), _HILFE_VORLAGE)

    hinweise = _hinweise(kopf, index, katalog_spalten or bekannt, gewaehlt, verbund)
    ausgabe_kopf = list(kopf)
    eingabe_spalten = {s.index for ps in gewaehlt for s in ps.eingaben}
    ziel: dict[str, int] = {}
    for name in [s for ps in gewaehlt for s in ps.ausgabe_spalten()] + [FEHLER_SPALTE]:
        vorhanden = index.get(name)
        if vorhanden is not None and vorhanden not in eingabe_spalten and vorhanden != kommune:
            ziel[name] = vorhanden  # z. B. die Ausgabe eines früheren Laufs: Werte erneuern
        else:
            ziel[name] = len(ausgabe_kopf)
            ausgabe_kopf.append(name)
    return Plan(list(kopf), kommune, verbund, gewaehlt, ausgabe_kopf, ziel, hinweise)


_HILFE_VORLAGE = (
    "Die erste Zeile braucht Spaltennamen wie in der Vorlage: ozg-foerder vorlage "
    "(oder ozg-foerder vorlage --programm ikz)."
)


def _programm_spalten(
    p: Programm, explizit: bool, index: dict[str, int], kommune: int | None, verbund: int | None
) -> ProgrammSpalten:
    ps = ProgrammSpalten(p, explizit)
    eingaben = []
    kommune_eingaben = []
    for name, e in p.eingaben.items():
        i = index.get(spaltenname(name))
        if e.typ == "kommune":
            i = i if i is not None else kommune
            if i is not None:
                kommune_eingaben.append((name, i))
        elif i is not None:
            eingaben.append(Eingabespalte(i, name, e))
    ps.eingaben = tuple(eingaben)
    ps.kommune_eingaben = tuple(kommune_eingaben)
    if p.verbund_zaehlt and verbund is not None:
        ps.verbund_zaehlt = p.verbund_zaehlt
        ps.anteil = f"{ps.praefix}_anteil"
    return ps


def _keine_spalte(kopf: list[str], programme: list[Programm]) -> str:
    gefunden = ", ".join(f"„{k}“" for k in kopf if k) or "keine"
    brauchen = "; ".join(
        f"{p.id}: {_spalten_text(p, p.batch_wenn)}" for p in programme if p.batch_wenn
    )
    return (
        "Die Kopfzeile hat keine Spalte, mit der sich ein Programm auswerten lässt. "
        f"Gefunden: {gefunden}. Gebraucht wird je Programm: {brauchen}."
    )


def _hinweise(
    kopf: list[str],
    index: dict[str, int],
    bekannt: set[str],
    gewaehlt: list[ProgrammSpalten],
    verbund: int | None,
) -> list[str]:
    hinweise = []
    erzeugt = {s for ps in gewaehlt for s in ps.ausgabe_spalten()} | {FEHLER_SPALTE}
    for name in kopf:
        norm = spaltenname(name)
        if not norm or norm in bekannt or norm in erzeugt:
            continue
        aehnlich = difflib.get_close_matches(norm, sorted(bekannt), n=1, cutoff=0.8)
        if aehnlich:
            hinweise.append(
                f"Spalte „{name}“ wird nicht ausgewertet – meinten Sie „{aehnlich[0]}“?"
            )
    for ps in gewaehlt:
        p = ps.programm
        fehlend = [
            n
            for n, e in p.eingaben.items()
            if not _verfuegbar(n, p, index, verbund is not None) and e.typ != "kommune"
        ]
        if fehlend:
            hinweise.append(
                f"{p.id}: keine Spalte für {', '.join(fehlend)} – in jeder Zeile „nicht angegeben“."
            )
    return hinweise


def pruefe_programme(ids: list[str], bekannt: list[str]) -> list[str]:
    """``--programm``-Werte (auch mit Komma getrennt) → Programm-IDs; unbekannte → Fehler."""
    from ozg_foerder.api import UnbekanntesProgramm

    ergebnis: list[str] = []
    for roh in ids:
        for teil in roh.split(","):
            pid = teil.strip().lower().replace("_", "-")
            if not pid:
                continue
            if pid not in bekannt:
                raise UnbekanntesProgramm(teil.strip(), bekannt)
            if pid not in ergebnis:
                ergebnis.append(pid)
    if ids and not ergebnis:
        raise EingabeFehler("--programm", ",".join(ids), ", ".join(bekannt))
    return ergebnis
