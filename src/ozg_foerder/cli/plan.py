"""``ozg-foerder plan`` (Förderplan, Kalender) und ``ozg-foerder beschlussvorlage PROGRAMM``.

Die Befehle der Beschlussvorlage entstehen wie die check-Befehle aus den Regeldateien: je
Programm mit ``beschluss:`` einer, mit denselben Optionen wie ``check`` und dazu ``--kommune``,
``--partner``, ``--ausgabe`` und ``--vorlage``. Gebaut wird nur der aufgerufene Befehl
(:class:`BeschlussGruppe`, wie ``check``); die übrigen Befehle laden dafür keine Regeln.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Any

import typer

from ozg_foerder.cli.basis import (
    EXIT_NICHT_FOERDERFAEHIG,
    FormatOption,
    RegelnOption,
    StichtagOption,
    abbruch,
    befehl,
    eingabefehler,
    klick_befehl,
    meldung,
    neue_gruppe,
    pruefe_format,
    schreibe,
    schreibe_json,
)
from ozg_foerder.cli.check import ProgrammGruppe
from ozg_foerder.eingaben.werte import EingabeFehler

__all__ = ["BeschlussGruppe", "beschluss_gruppe", "registriere", "schreibe_datei"]

PartnerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--partner",
        help="Partnerkommune (Name oder AGS); mehrfach angeben für eine Gruppe.",
        metavar="KOMMUNE",
        show_default=False,
    ),
]
IcsOption = Annotated[
    str | None,
    typer.Option(
        "--ics",
        help="Die Fristen zusätzlich als Kalenderdatei (iCalendar) schreiben: ganztägige "
        "Termine mit Erinnerung vier Wochen vorher; ein neuerer Import aktualisiert die Termine.",
        metavar="DATEI.ics",
        show_default=False,
    ),
]

_OPTIONEN = {"kommune": "KOMMUNE", "partner": "--partner", "stichtag": "--stichtag"}


def schreibe_datei(pfad: str, inhalt: bytes, option: str, hilfe: str) -> None:
    """Schreibt ``inhalt`` nach ``pfad`` (ganz oder gar nicht); Fehler als deutsche Meldung."""
    import contextlib
    import os
    import tempfile

    if pfad.strip() == "-":  # stdout hat schon die Ausgabe des Befehls: nicht mischen
        abbruch(
            f"{option} -: Diese Datei kann nicht ins Terminal gehen (dort steht schon die "
            "Ausgabe des Befehls).",
            f"Einen Dateinamen angeben, z. B. {option} "
            + ("fristen.ics" if option == "--ics" else "datei")
            + f" ({hilfe}).",
        )
    ziel = Path(pfad)
    if not pfad.strip():
        abbruch(f"{option} ist leer.", hilfe)
    if ziel.is_dir():
        abbruch(f"{option} {ziel} ist ein Verzeichnis.", hilfe)
    if not ziel.parent.is_dir():
        abbruch(f"Das Verzeichnis {ziel.parent} für {option} gibt es nicht.", hilfe)
    from ozg_foerder.batch.zieldatei import raeume_reste_auf

    raeume_reste_auf(ziel)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(
            dir=ziel.parent, prefix=f".{ziel.name}.{os.getpid()}.", suffix=".tmp"
        )
        with os.fdopen(fd, "wb") as datei:
            datei.write(inhalt)
        os.chmod(tmp, 0o644)
        os.replace(tmp, ziel)
    except BaseException as fehler:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if not isinstance(fehler, OSError):
            raise
        abbruch(f"{ziel} lässt sich nicht schreiben ({fehler.strerror or fehler}).", hilfe)


def registriere(app: typer.Typer) -> None:
    @befehl(app, "plan")
    def plan(
        kommune: Annotated[
            str | None,
            typer.Argument(
                help="Die Kommune (Name oder AGS), z. B. Wanfried oder 'Landkreis Gießen'.",
                metavar="KOMMUNE",
                show_default=False,
            ),
        ] = None,
        partner: PartnerOption = None,
        stichtag: StichtagOption = None,
        genutzt: Annotated[
            str | None,
            typer.Option(
                "--genutzt",
                help="Schon genutzte Beratungsmodule der Kommune, z. B. 1 oder 1,3.",
                metavar="MODULE",
                show_default=False,
            ),
        ] = None,
        kosten: Annotated[
            str | None,
            typer.Option(
                "--kosten",
                help="Förderfähige Gesamtkosten eines Vorhabens, z. B. 1.000.000.",
                metavar="BETRAG",
                show_default=False,
            ),
        ] = None,
        ics: IcsOption = None,
        format: FormatOption = "text",
        regeln: RegelnOption = None,
        schema: Annotated[
            bool,
            typer.Option("--schema", help="Das JSON-Schema von --format json zeigen.", metavar=""),
        ] = False,
    ) -> None:
        """Förderplan: welche Programme am Stichtag noch offen sind, was sie höchstens bringen,
        was noch zu klären ist, und die Schritte nach Datum – Wahlen mit der besten zuerst.

        Beispiel: ozg-foerder plan Wanfried --stichtag 01.06.2022
        """
        from ozg_foerder.ausgabe.plan_text import plan_als_dict, plan_als_text
        from ozg_foerder.plan import erstelle_plan

        befehl_name = "ozg-foerder plan"
        if schema:
            from ozg_foerder.ausgabe.plan_schema import plan_json_schema

            schreibe_json(plan_json_schema())
            return
        if kommune is None:
            abbruch(
                "KOMMUNE fehlt: für welche Kommune ist der Plan?",
                "Beispiel: ozg-foerder plan Wanfried --stichtag 01.06.2022",
            )
        fmt = pruefe_format(format, ("text", "json"), befehl_name)
        angaben = {n: w for n, w in (("genutzt", genutzt), ("kosten", kosten)) if w is not None}
        try:
            ergebnis = erstelle_plan(
                kommune, partner or [], stichtag=stichtag, eingaben=angaben, regeln=regeln
            )
        except EingabeFehler as fehler:
            eingabefehler(
                fehler,
                f"{befehl_name} --help",
                _OPTIONEN.get(fehler.feld, f"--{fehler.feld.replace('_', '-')}"),
            )
        if ics is not None:
            from ozg_foerder.ausgabe.kalender import als_ics, ereignisse_aus_plan

            ereignisse = ereignisse_aus_plan(ergebnis)
            name = f"Förderfristen {ergebnis.kommune.name}"
            schreibe_datei(ics, als_ics(ereignisse, name), "--ics", f"{befehl_name} --help")
            meldung(f"{len(ereignisse)} Termine nach {ics} geschrieben.")
        if fmt == "json":
            schreibe_json(plan_als_dict(ergebnis))
        else:
            schreibe(plan_als_text(ergebnis))


_HILFE = (
    "Entwurf einer Beschlussvorlage für die Gemeindevertretung, Stadtverordnetenversammlung oder "
    "den Kreistag als Word-Datei: Betreff, Sachverhalt mit den Voraussetzungen und ihren Quellen, "
    "Beschlussvorschlag, finanzielle Auswirkungen, Fristen. Nur für Programme, deren Regeldatei "
    "einen Beschlussvorschlag enthält. Exit 1, wenn das Programm nicht förderfähig ist (dann ohne "
    "Entwurf).\n\nBeispiel: ozg-foerder beschlussvorlage ikz --kommune Mücke --partner Grünberg "
    "--partner Laubach --ausgabe vorlage.docx"
)


class BeschlussGruppe(ProgrammGruppe):
    """``beschlussvorlage``: je Programm mit ``beschluss:`` ein Befehl, gebaut erst bei Bedarf
    (wie ``check``, mit dem Regelverzeichnis aus dem Aufruf)."""

    def _ids(self, regeln: str | None) -> list[str]:
        from ozg_foerder.plan import programme_mit_beschluss

        return list(programme_mit_beschluss(self._katalog(regeln)))

    def _baue(self, programm_id: str, regeln: str | None) -> Any:
        if programm_id not in self._ids(regeln):
            return None
        kompilat = self._katalog(regeln).kompilat(programm_id)
        funktion, paare = _befehl_fuer(programm_id, kompilat)
        hilfe = (
            f"Beschlussvorlage: {kompilat['name']}.\n\nBeispiel: ozg-foerder beschlussvorlage "
            f"{programm_id} --kommune NAME --partner NAME … --ausgabe vorlage.docx"
        )
        app = neue_gruppe("")
        befehl(app, programm_id, help=hilfe, short_help=kompilat["name"])(funktion)
        klick = klick_befehl(app, programm_id)
        klick.ausschliessend = tuple(paare)
        return klick


def beschluss_gruppe() -> BeschlussGruppe:
    return BeschlussGruppe(
        name="beschlussvorlage",
        help=_HILFE,
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


def _befehl_fuer(programm_id: str, kompilat: dict[str, Any]):
    from ozg_foerder.cli.check import _parameter, _rohwert, _schalterpaare

    eingaben: dict[str, Any] = kompilat.get("eingaben", {})
    eigene_kommune = any(e["typ"] == "kommune" for e in eingaben.values())
    paare = _schalterpaare(eingaben)
    befehl_name = f"ozg-foerder beschlussvorlage {programm_id}"

    def vorlage_befehl(**kwargs: Any) -> None:
        from ozg_foerder.api import katalog
        from ozg_foerder.api import programm as hole_programm
        from ozg_foerder.ausgabe.beschlussvorlage import VorlageFehler, als_docx, kontext
        from ozg_foerder.ausgabe.text import als_text
        from ozg_foerder.plan import beschlussvorlage_daten

        stichtag = kwargs.pop("stichtag")
        regeln = kwargs.pop("regeln")
        partner = kwargs.pop("partner") or []
        ausgabe = kwargs.pop("ausgabe")
        vorlage = kwargs.pop("vorlage")
        kommune = kwargs.pop("kommune", None)
        if eigene_kommune:
            kommune = next(kwargs[n] for n, e in eingaben.items() if e["typ"] == "kommune")
            if kommune is None:
                name = next(n for n, e in eingaben.items() if e["typ"] == "kommune")
                option = eingaben[name].get("option") or f"--{name.replace('_', '-')}"
                abbruch(f"{option} fehlt: für wen ist die Vorlage?", f"{befehl_name} --help")
        if not ausgabe.lower().endswith(".docx"):
            abbruch(
                f"--ausgabe {ausgabe}: die Beschlussvorlage ist eine Word-Datei (.docx).",
                f"Beispiel: --ausgabe vorlage.docx ({befehl_name} --help)",
            )
        if vorlage is not None and not Path(vorlage).is_file():
            abbruch(f"--vorlage {vorlage}: die Datei gibt es nicht.", f"{befehl_name} --help")
        roh = {n: _rohwert(eingaben[n], w) for n, w in kwargs.items() if w is not None}
        try:
            daten = beschlussvorlage_daten(
                programm_id,
                roh,
                kommune=kommune,
                partner=partner,
                stichtag=stichtag,
                regeln=regeln,
            )
        except EingabeFehler as fehler:
            p = hole_programm(programm_id, katalog(regeln))
            e = p.eingaben.get(fehler.feld)
            option = (
                e.option
                if e is not None
                else _OPTIONEN.get(fehler.feld, f"--{fehler.feld.replace('_', '-')}")
            )
            hilfe = f"{befehl_name} --help"
            if p.verbund_zaehlt and fehler.feld == p.verbund_zaehlt and not partner:
                hilfe = f"Die Partner mit --partner NAME nennen ({befehl_name} --help)"
            eingabefehler(fehler, hilfe, option)
        e = daten.ergebnis
        if e.ergebnis == "nicht_foerderfaehig":
            schreibe(als_text(e))
            meldung(
                "Keine Beschlussvorlage: das Programm ist am Stichtag nach diesen Angaben nicht "
                "förderfähig (Gründe oben)."
            )
            raise typer.Exit(EXIT_NICHT_FOERDERFAEHIG)
        werte = kontext(
            e,
            daten.beschluss,
            daten.kommune,
            daten.partner,
            daten.fristen,
            daten.beschluss_quellen,
            daten.stand,
            daten.fingerabdruck,
        )
        try:
            inhalt = als_docx(werte, Path(vorlage) if vorlage else None)
        except VorlageFehler as fehler:
            abbruch(str(fehler), "Eine Word-Datei (.docx) mit den Platzhaltern aus der README.")
        schreibe_datei(ausgabe, inhalt, "--ausgabe", f"{befehl_name} --help")
        offen = len(e.offen)
        zusatz = f", {offen} Voraussetzung(en) offen" if offen else ""
        schreibe(f"Beschlussvorlage nach {ausgabe} geschrieben ({e.programm.name}{zusatz}).")

    zaehlt = (kompilat.get("verbund") or {}).get("zaehlt")
    if zaehlt in eingaben:  # mit --partner ergibt sich die Zahl aus den Partnern
        eingaben = {**eingaben, zaehlt: {**eingaben[zaehlt], "erforderlich": False}}
        eingaben[zaehlt]["hilfe"] += " Ohne Angabe: die Kommune und ihre Partner (--partner)."
    parameter = [_parameter(e, n) for n, e in eingaben.items()]
    if not eigene_kommune:
        parameter.append(
            inspect.Parameter(
                "kommune",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[
                    str,
                    typer.Option(
                        "--kommune",
                        help="Die Kommune, für deren Gremium die Vorlage ist (Name oder AGS).",
                        metavar="NAME|AGS",
                        show_default=False,
                    ),
                ],
            )
        )
    parameter += [
        inspect.Parameter(
            "partner", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=PartnerOption
        ),
        inspect.Parameter(
            "ausgabe",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[
                str,
                typer.Option(
                    "--ausgabe",
                    help="Die Word-Datei, in die der Entwurf geschrieben wird.",
                    metavar="DATEI.docx",
                    show_default=False,
                ),
            ],
        ),
        inspect.Parameter(
            "vorlage",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    "--vorlage",
                    help="Eigene Word-Vorlage mit Platzhaltern (siehe README) statt der "
                    "mitgelieferten.",
                    metavar="EIGENE.docx",
                    show_default=False,
                ),
            ],
        ),
        inspect.Parameter(
            "stichtag", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=StichtagOption
        ),
        inspect.Parameter(
            "regeln", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=RegelnOption
        ),
    ]
    vorlage_befehl.__signature__ = inspect.Signature(parameter)  # type: ignore[attr-defined]
    vorlage_befehl.__name__ = programm_id.replace("-", "_")
    return vorlage_befehl, paare
