"""Das JSON von ``ozg-foerder plan --format json`` als pydantic-Modelle: Vertrag und JSON-Schema.

``ozg-foerder plan --schema`` gibt das Schema aus; die Tests prüfen jede Ausgabe dagegen.
Geld ist ein Dezimaltext mit zwei Stellen (``"75000.00"``), Tage mit einer (``"5.5"``), Daten
ISO (``"2024-12-31"``); ``null`` heißt: gibt es nicht oder nennen die Unterlagen nicht.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PlanJson", "plan_json_schema"]

Geld = str
Datum = str


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KommuneJson(_Streng):
    ags: str
    name: str
    name_amtlich: str
    art: str
    kreis: str
    regierungsbezirk: str


class FundJson(_Streng):
    text: str
    quelle: str


class ProgrammJson(_Streng):
    programm: str = Field(description="id der Regeldatei")
    name: str
    kommunen: list[str] = Field(description="für wen diese Auswertung gilt")
    status: Literal["moeglich", "geschlossen", "nicht_moeglich"]
    ergebnis: Literal["foerderfaehig", "offen", "nicht_foerderfaehig"]
    bis_zu: Geld | None = Field(description="höchste Zuwendung am Stichtag, je Programm")
    bis_zu_quelle: str | None
    tage_verfuegbar: str | None = Field(description="noch förderbare Beratungstage")
    tage_quelle: str | None
    frist: Datum | None
    frist_quelle: str | None
    frist_weich: bool = Field(
        False, description="Die Frist ist ein weiches Ende: erschlossen, danach offen (GUIDE §1.1)."
    )
    noch_offen: list[FundJson] = Field(description="Voraussetzungen, die noch offen sind")
    fehlende_angaben: list[str]
    gruende: list[FundJson] = Field(description="warum nicht möglich oder geschlossen")


class SchrittJson(_Streng):
    bis: Datum | None = Field(description="Frist; null: die Unterlagen nennen keine")
    programm: str
    text: str
    quelle: str
    kommunen: list[str] = Field(description="leer: für alle Kommunen des Plans")
    wahl: str | None = Field(description="Schritte derselben Wahl schließen sich aus")
    rang: int | None = Field(description="1 = beste Wahl")
    betrag: Geld | None = Field(description="Zuwendung bei dieser Wahl")
    modul: int | None
    tage: str | None


class GruppeJson(_Streng):
    programm: str
    text: str
    quelle: str


class RegelnJson(_Streng):
    stand: Datum
    fingerabdruck: str


class PlanJson(_Streng):
    """Ein Förderplan. Keine Summe über Programme: die Unterlagen regeln die Kombination nicht."""

    kommune: KommuneJson
    partner: list[KommuneJson]
    stichtag: Datum
    regeln: RegelnJson
    programme: list[ProgrammJson]
    offen: list[str] = Field(description="Förderprogramme, die am Stichtag möglich sind")
    gruppe: list[GruppeJson] = Field(description="was die Regeln über Gruppen sagen")
    schritte: list[SchrittJson] = Field(description="nach Datum, ohne Frist zuletzt")
    hinweise: list[str]


def plan_json_schema() -> dict[str, Any]:
    from ozg_foerder.regeln.schema import DRAFT_07, als_draft07

    schema = als_draft07(PlanJson.model_json_schema())
    schema["$schema"] = DRAFT_07
    schema["title"] = "ozg-foerder plan"
    return schema
