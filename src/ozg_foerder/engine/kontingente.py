"""Beratungskontingente: welche Module noch gefördert werden und wie viele Tage bleiben.

Ein Programm mit Modulen und Kontingenten (Digitalisierungsberatung) beschreibt, welches
Kontingent welche Module finanziert, bis wann, und ob es ein anderes Modul voraussetzt. Aus den
bereits genutzten Modulen und dem Stichtag berechnet :func:`verteile` die Zuordnung, bei der die
meisten Beratungstage übrig bleiben. Die Suche probiert alle Zuordnungen durch; bei wenigen
Modulen und Kontingenten ist das sofort fertig und sicher optimal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import permutations
from typing import NamedTuple

from ozg_foerder.eingaben.werte import EingabeFehler
from ozg_foerder.engine.datiert import UNBEKANNT

__all__ = ["Grund", "KontingentDef", "ModulDef", "ModulStatus", "Verteilung", "verteile"]


class ModulDef(NamedTuple):
    nr: int
    titel: str
    tage: Decimal
    vor_ort: Decimal
    ergebnisbesprechung: Decimal
    bereich: str
    voraussetzung: str | None
    inhalte: tuple[str, ...]
    ziel: str | None
    zielgruppe: tuple[str, ...]
    hinweis: str | None
    quellen: tuple


class KontingentDef(NamedTuple):
    id: str
    name: str
    module: tuple[int, ...]
    von: date | None
    bis: date | None
    finanzierung: str
    setzt_voraus_modul: int | None
    quellen: tuple

    def offen_am(self, stichtag: date) -> bool:
        if self.von is UNBEKANNT or self.bis is UNBEKANNT:  # am Stichtag unbekannt: nicht offen
            return False
        return (self.von is None or self.von <= stichtag) and (
            self.bis is None or stichtag <= self.bis
        )


class Grund(NamedTuple):
    """Warum ein Modul so steht – als Daten; die Worte stehen in ausgabe.worte.

    ``art``: "genutzt", "ueber" (förderbar über ``kontingent``; ``alternativ``: statt des im
    besten Plan gewählten Moduls), "belegt" (``kontingent`` durch Modul ``modul``),
    "unbekannt" (Zeitraum am Stichtag unbekannt), "endete", "beginnt", "voraussetzung"
    (``kontingent`` setzt Modul ``modul`` voraus), "kein_kontingent".
    """

    art: str
    kontingent: KontingentDef | None = None
    modul: int | None = None
    alternativ: bool = False


class ModulStatus(NamedTuple):
    modul: ModulDef
    status: str  # "genutzt" | "foerderfaehig" | "nicht_foerderfaehig"
    kontingent: KontingentDef | None
    gruende: tuple[Grund, ...]


class Verteilung(NamedTuple):
    tage_verfuegbar: Decimal
    belegt: dict[str, int]  # Kontingent → genutztes Modul
    plan: dict[str, int]  # Kontingent → noch förderbares Modul (beste Zuordnung)
    module: tuple[ModulStatus, ...]


def _zuordnungen(
    module: list[int], kontingente: tuple[KontingentDef, ...], erlaubt
) -> list[dict[str, int]]:
    """Alle Zuordnungen der Module zu verschiedenen Kontingenten, die ``erlaubt`` zulässt."""
    ergebnis = []
    for auswahl in permutations(kontingente, len(module)):
        if all(nr in k.module for nr, k in zip(module, auswahl, strict=True)):
            zuordnung = {k.id: nr for nr, k in zip(module, auswahl, strict=True)}
            if erlaubt(zuordnung):
                ergebnis.append(zuordnung)
    return ergebnis


def verteile(
    module: tuple[ModulDef, ...],
    kontingente: tuple[KontingentDef, ...],
    genutzt: tuple[int, ...],
    stichtag: date,
    feld: str = "genutzt",
) -> Verteilung:
    """Beste Zuordnung der genutzten und der noch möglichen Module zu den Kontingenten."""
    tage = {m.nr: m.tage for m in module}
    nach_id = {k.id: k for k in kontingente}
    genutzt_menge = set(genutzt)

    def voraussetzung_ok(zuordnung: dict[str, int], vorhanden: set[int]) -> bool:
        return all(
            nach_id[kid].setzt_voraus_modul is None or nach_id[kid].setzt_voraus_modul in vorhanden
            for kid in zuordnung
        )

    belegungen = _zuordnungen(
        list(genutzt), kontingente, lambda z: voraussetzung_ok(z, genutzt_menge)
    )
    if not belegungen:
        raise EingabeFehler(
            feld,
            ",".join(str(nr) for nr in genutzt),
            "eine Kombination, die in die Kontingente passt: je Kontingent ein Modul ("
            + "; ".join(f"{k.id}: Modul {' oder '.join(map(str, k.module))}" for k in kontingente)
            + ")",
            grund=f"Die Module {_aufzaehlung(genutzt)} können nicht alle gefördert "
            "worden sein: jedes Kontingent finanziert nur ein Modul.",
        )

    beste: tuple[Decimal, dict[str, int], dict[str, int]] | None = None
    moeglich: dict[int, tuple[Decimal, str]] = {}  # Modul → (bester Gesamtwert, Kontingent)
    offen = [m.nr for m in module if m.nr not in genutzt_menge]
    for belegt in belegungen:
        frei = tuple(k for k in kontingente if k.id not in belegt and k.offen_am(stichtag))
        for anzahl in range(min(len(frei), len(offen)), -1, -1):
            for auswahl in permutations(offen, anzahl):
                plaene = _zuordnungen(
                    list(auswahl),
                    frei,
                    lambda z: voraussetzung_ok(z, genutzt_menge | set(z.values())),
                )
                for plan in plaene:
                    summe = sum((tage[nr] for nr in plan.values()), Decimal(0))
                    if beste is None or summe > beste[0]:
                        beste = (summe, belegt, plan)
                    for kid, nr in plan.items():
                        if nr not in moeglich or summe > moeglich[nr][0]:
                            moeglich[nr] = (summe, kid)
    assert beste is not None  # der leere Plan ist immer zulässig
    summe, belegt, plan = beste

    status = []
    for m in module:
        if m.nr in genutzt_menge:
            kid = next(k for k, nr in belegt.items() if nr == m.nr)
            status.append(ModulStatus(m, "genutzt", nach_id[kid], (Grund("genutzt"),)))
        elif m.nr in moeglich:
            kid = next((k for k, nr in plan.items() if nr == m.nr), moeglich[m.nr][1])
            k = nach_id[kid]
            grund = Grund("ueber", k, alternativ=kid not in plan)
            status.append(ModulStatus(m, "foerderfaehig", k, (grund,)))
        else:
            status.append(
                ModulStatus(
                    m,
                    "nicht_foerderfaehig",
                    None,
                    _grund(m, kontingente, belegt, genutzt_menge, stichtag),
                )
            )
    return Verteilung(summe, dict(belegt), dict(plan), tuple(status))


verteile_gemerkt = lru_cache(maxsize=1024)(verteile)
""":func:`verteile`, gemerkt: die Antwort hängt nur von den genutzten Modulen und dem Stichtag
ab (Batch: 100.000 Zeilen, aber nur wenige verschiedene Angaben). Niemand verändert eine
Verteilung, sie darf geteilt werden."""


def _grund(
    modul: ModulDef,
    kontingente: tuple[KontingentDef, ...],
    belegt: dict[str, int],
    genutzt: set[int],
    stichtag: date,
) -> tuple[Grund, ...]:
    gruende = []
    for k in kontingente:
        if modul.nr not in k.module:
            continue
        if k.id in belegt:
            gruende.append(Grund("belegt", k, belegt[k.id]))
        elif k.von is UNBEKANNT or k.bis is UNBEKANNT:
            gruende.append(Grund("unbekannt", k))
        elif k.bis is not None and stichtag > k.bis:
            gruende.append(Grund("endete", k))
        elif k.von is not None and stichtag < k.von:
            gruende.append(Grund("beginnt", k))
        elif k.setzt_voraus_modul is not None and k.setzt_voraus_modul not in genutzt:
            gruende.append(Grund("voraussetzung", k, k.setzt_voraus_modul))
    return tuple(gruende) or (Grund("kein_kontingent"),)


def _aufzaehlung(nummern: tuple[int, ...]) -> str:
    """(1, 2, 3) → "1, 2 und 3"."""
    texte = [str(n) for n in nummern]
    return texte[0] if len(texte) == 1 else ", ".join(texte[:-1]) + " und " + texte[-1]
