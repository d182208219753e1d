"""Der OpenFisca-Vergleich für ``bench_batch.py`` (Issue 11): die IKZ-Regel als OpenFisca-System.

Aufruf:  uv run --group bench python benchmarks/openfisca_ikz.py EINGABE.csv AUSGABE.csv

Wie man die Regel in OpenFisca schreiben würde: ein ``TaxBenefitSystem`` mit einer Entität
(``vorhaben``, eine Zeile der Liste), den Eingabevariablen ``kommunen`` und ``einsparung``, den
Formelvariablen ``ikz_foerderfaehig`` (mindestens 2 Kommunen, Einsparung ≥ 15 %) und
``ikz_betrag`` (min(25.000 € × n, 100.000 €)); die vier Zahlen sind OpenFisca-Parameter mit
Gültigkeitsdatum (Stand der Regeldatei ``rules/ikz.yaml``: 14.03.2022). Gerechnet wird
vektorisiert über alle Zeilen auf einmal, zum Stichtag 14.03.2022.

Gelesen wird dieselbe CSV wie von ``ozg-foerder batch`` (Semikolon, UTF-8, deutsche Dezimalzahlen:
``18,5 %`` → 0.185, ``0,185`` → 0.185); geschrieben werden die Eingabespalten und dieselben
Ergebnisspalten wie ``ozg-foerder batch --spalten technisch`` (``ikz_ergebnis``, ``ikz_betrag``).

Was OpenFisca hier *nicht* rechnet – und warum der Vergleich trotzdem fair ist: Das System kennt
nur die beiden Voraussetzungen des Issues. Laufzeit, Beschluss, Vereinbarung und den
Ausschlussgrund „reine IT-Investition“ prüft es nicht, und eine leere Zelle ist hier 0 (der
OpenFisca-Standardwert), nicht „offen“. ``ozg-foerder`` tut in beidem mehr; ``bench_batch.py``
vergleicht deshalb nur die Beträge der Zeilen, in denen beide rechnen, und legt die übrigen offen.
OpenFisca rechnet mit ``float32`` (so legt es Variablen vom Typ ``float`` an); die Beträge sind
Vielfache von 25.000 € bis 100.000 € und damit genau darstellbar.
"""

from __future__ import annotations

import csv
import sys

import numpy
from openfisca_core.entities import build_entity
from openfisca_core.model_api import min_, where
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

STAND = "2022-03-14"  # Stand der Regeldatei: ab da gelten die Parameter
STICHTAG = "2022-03-14"
SPALTE_KOMMUNEN = "kommunen"
SPALTE_EINSPARUNG = "einsparung"

Vorhaben = build_entity(
    key="vorhaben",
    plural="vorhaben_liste",
    label="Ein Vorhaben der interkommunalen Zusammenarbeit (eine Zeile der Liste)",
    is_person=True,
)


def _parameter(beschreibung: str, einheit: str, wert: float) -> dict:
    """Ein Parameter, wie OpenFisca ihn aus YAML liest: Werte je Gültigkeitsbeginn."""
    return {
        "description": beschreibung,
        "metadata": {"unit": einheit, "reference": "HMdIS-Folien TOP 4; Handreichung Ziff. 4"},
        "values": {STAND: {"value": wert}},
    }


PARAMETER = {
    "ikz": {
        "description": "IKZ-OZG – Förderung der Interkommunalen Zusammenarbeit",
        "je_kommune": _parameter("Regelzuwendung je Kommune", "currency-EUR", 25000),
        "hoechstbetrag": _parameter("Höchstbetrag je Vorhaben", "currency-EUR", 100000),
        "mindestzahl_kommunen": _parameter("Mindestzahl beteiligter Kommunen", "/1", 2),
        "mindesteinsparung": _parameter("Mindesteinsparung bei Personalkosten", "/1", 0.15),
    }
}


class kommunen(Variable):
    value_type = int
    entity = Vorhaben
    definition_period = DateUnit.DAY
    label = "Zahl der beteiligten Kommunen"


class einsparung(Variable):
    value_type = float
    entity = Vorhaben
    definition_period = DateUnit.DAY
    label = "Einsparung bei den Personalkosten (Anteil, 0.185 = 18,5 %)"


class ikz_foerderfaehig(Variable):
    value_type = bool
    entity = Vorhaben
    definition_period = DateUnit.DAY
    label = "Mindestens zwei Kommunen und mindestens 15 % Einsparung"

    def formula(vorhaben, period, parameters):
        p = parameters(period).ikz
        return (vorhaben("kommunen", period) >= p.mindestzahl_kommunen) * (
            vorhaben("einsparung", period) >= p.mindesteinsparung
        )


class ikz_betrag(Variable):
    value_type = float
    entity = Vorhaben
    definition_period = DateUnit.DAY
    label = "Regelzuwendung: 25.000 € je Kommune, höchstens 100.000 €"

    def formula(vorhaben, period, parameters):
        p = parameters(period).ikz
        betrag = min_(vorhaben("kommunen", period) * p.je_kommune, p.hoechstbetrag)
        return where(vorhaben("ikz_foerderfaehig", period), betrag, 0)


class IkzSystem(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__([Vorhaben])
        self.parameters = ParameterNode("", data=PARAMETER)
        for variable in (kommunen, einsparung, ikz_foerderfaehig, ikz_betrag):
            self.add_variable(variable)


def anteil(text: str) -> float:
    """``18,5 %`` → 0.185, ``0,185`` → 0.185; leer → 0 (der Standardwert von OpenFisca)."""
    text = text.strip()
    if not text:
        return 0.0
    if text.endswith("%"):
        return float(text[:-1].strip().replace(",", ".")) / 100
    return float(text.replace(",", "."))


def rechne(kommunen_n: numpy.ndarray, einsparungen: numpy.ndarray):
    """(förderfähig, Betrag) je Zeile, vektorisiert in einer Simulation."""
    system = IkzSystem()
    simulation = SimulationBuilder().build_default_simulation(system, count=len(kommunen_n))
    simulation.set_input("kommunen", STICHTAG, kommunen_n)
    simulation.set_input("einsparung", STICHTAG, einsparungen)
    return (
        simulation.calculate("ikz_foerderfaehig", STICHTAG),
        simulation.calculate("ikz_betrag", STICHTAG),
    )


def main(eingabe: str, ausgabe: str) -> None:
    with open(eingabe, encoding="utf-8-sig", newline="") as ein:
        leser = csv.reader(ein, delimiter=";")
        kopf = next(leser)
        zeilen = list(leser)
    i_n, i_e = kopf.index(SPALTE_KOMMUNEN), kopf.index(SPALTE_EINSPARUNG)
    kommunen_n = numpy.array([int(z[i_n]) for z in zeilen], dtype=numpy.int32)
    einsparungen = numpy.array([anteil(z[i_e]) for z in zeilen], dtype=numpy.float32)
    foerderfaehig, betrag = rechne(kommunen_n, einsparungen)
    ergebnis = numpy.where(foerderfaehig, "foerderfaehig", "nicht_foerderfaehig").tolist()
    betraege = [f"{b:.2f}".replace(".", ",") if b else "" for b in betrag.tolist()]
    with open(ausgabe, "w", encoding="utf-8-sig", newline="") as aus:
        schreiber = csv.writer(aus, delimiter=";", lineterminator="\r\n")
        schreiber.writerow([*kopf, "ikz_ergebnis", "ikz_betrag"])
        schreiber.writerows([*z, e, b] for z, e, b in zip(zeilen, ergebnis, betraege, strict=True))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("Aufruf: python benchmarks/openfisca_ikz.py EINGABE.csv AUSGABE.csv")
    main(sys.argv[1], sys.argv[2])
