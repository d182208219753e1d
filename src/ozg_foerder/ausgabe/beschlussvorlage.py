"""Der Entwurf einer Beschlussvorlage als Word-Datei (``ozg-foerder beschlussvorlage``).

:func:`kontext` macht aus einem Ergebnis die Werte der Vorlage (alles Text, fertig formatiert);
:func:`als_docx` füllt damit eine Word-Vorlage – die mitgelieferte
(``data/vorlagen/beschlussvorlage.docx``) oder eine eigene. Die Platzhalter sind Jinja2 im Format
von ``docxtpl``; gerendert wird in einer abgeschotteten Umgebung (``SandboxedEnvironment``):
eine fremde Vorlage kann keine Python-Attribute erreichen. ``docxtpl``, ``python-docx`` und
``jinja2`` werden erst hier geladen.

Offene Voraussetzungen stehen als offen im Entwurf, nie als erfüllt.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from ozg_foerder.ausgabe.text import angabe, hinweise
from ozg_foerder.eingaben.pfade import mitgeliefert
from ozg_foerder.eingaben.werte import formatiere_betrag, formatiere_datum
from ozg_foerder.engine.bedingungen import ERFUELLT, NICHT_ERFUELLT
from ozg_foerder.engine.quellen import Quelle, quellen_text

__all__ = [
    "FUELLEN",
    "PLATZHALTER",
    "VorlageFehler",
    "als_docx",
    "beschlusstext",
    "gremium",
    "kontext",
    "standard_vorlage",
]

FUELLEN = "[bitte eintragen]"
HINWEIS_SCHAETZUNG = (
    "Entwurf aus einer unverbindlichen Schätzung nach den veröffentlichten Unterlagen, kein "
    "Förderbescheid; verbindlich entscheidet die Bewilligungsstelle."
)
STATUS = {ERFUELLT: "erfüllt", NICHT_ERFUELLT: "nicht erfüllt", "offen": "offen – zu klären"}

# Die Platzhalter der Vorlage (README: „Beschlussvorlage“). Listen enthalten Einträge mit Feldern.
PLATZHALTER = {
    "betreff": "Betreff aus der Regeldatei",
    "kommune": "Name der Kommune",
    "kommune_art": "Stadt, Gemeinde, kreisfreie Stadt oder Landkreis",
    "gremium": "Satzanfang, z. B. „Die Gemeindevertretung der Gemeinde Mücke“",
    "gremium_name": "Gemeindevertretung, Stadtverordnetenversammlung oder Kreistag",
    "vorstand_name": "Gemeindevorstand, Magistrat oder Kreisausschuss",
    "partner": "die Partner, „Grünberg und Laubach“",
    "partner_liste": "Liste der Namen der Partner",
    "kommunen_alle": "Kommune und Partner, „Mücke, Grünberg und Laubach“",
    "anzahl_kommunen": "Zahl der Kommunen (Kommune und Partner)",
    "programm": "Name des Programms",
    "programm_id": "Kurzname in der Kommandozeile, z. B. ikz",
    "traeger": "Fördergeber",
    "zweck": "Zweck des Programms",
    "stichtag": "Datum der Prüfung (TT.MM.JJJJ)",
    "ergebnis": "förderfähig, offen oder nicht förderfähig, mit Erläuterung",
    "bedingungen": "Liste: text, status (erfüllt | offen – zu klären), angabe, quelle",
    "offen": "Liste der offenen Voraussetzungen: text, quelle",
    "hinweise": "Liste der Hinweise (Text)",
    "beschlussvorschlag": "Text des Beschlussvorschlags aus der Regeldatei, Werte eingesetzt",
    "finanzen": "Liste: text, betrag (Zuwendung, Kosten, Eigenanteil …)",
    "zuwendung": "Zuwendung, z. B. „75.000,00 €“",
    "haushaltsjahr": f"zum Ausfüllen: {FUELLEN}",
    "kostenstelle": f"zum Ausfüllen: {FUELLEN}",
    "drucksache": f"zum Ausfüllen: {FUELLEN}",
    "sitzung": f"zum Ausfüllen: {FUELLEN}",
    "fristen": "Liste: bis (TT.MM.JJJJ), text, quelle",
    "quellen": "Liste: kurz, zitat, text (Kurzzitat mit Zitat)",
    "stand": "Stand der Regeln (TT.MM.JJJJ)",
    "fingerabdruck": "Fingerabdruck der Regeldateien (12 Hex-Ziffern)",
    "hinweis_schaetzung": "der Hinweis: Schätzung, kein Förderbescheid",
}


class VorlageFehler(Exception):
    """Eine eigene Vorlage lässt sich nicht lesen oder füllen."""


def standard_vorlage() -> Path:
    return mitgeliefert("data") / "vorlagen" / "beschlussvorlage.docx"


def gremium(kommune: Any) -> tuple[str, str, str]:
    """(Satzanfang, Gremium, Vorstand) nach HGO/HKO für Gemeinde, Stadt oder Landkreis."""
    if kommune.art == "Landkreis":
        name = kommune.name
        if name.startswith("Landkreis "):
            genitiv = "des Landkreises " + name.removeprefix("Landkreis ")
        elif name.endswith("kreis"):
            genitiv = f"des {name}es"
        else:
            genitiv = f"des Landkreises {name}"
        return f"Der Kreistag {genitiv}", "Kreistag", "Kreisausschuss"
    if kommune.art in ("Stadt", "kreisfreie Stadt"):
        return (
            f"Die Stadtverordnetenversammlung der Stadt {kommune.name}",
            "Stadtverordnetenversammlung",
            "Magistrat",
        )
    return (
        f"Die Gemeindevertretung der Gemeinde {kommune.name}",
        "Gemeindevertretung",
        "Gemeindevorstand",
    )


def _namen(namen: list[str]) -> str:
    if len(namen) <= 1:
        return "".join(namen)
    return ", ".join(namen[:-1]) + " und " + namen[-1]


def beschlusstext(text: str, ergebnis: Any, werte: dict[str, str]) -> str:
    """Setzt Werte des Ergebnisses und der Vorlage in einen Text der Regeldatei ein."""
    p = ergebnis.programm

    class _Werte(dict):
        def __missing__(self, name: str) -> str:
            wert = ergebnis.ns.get(name)
            return p.formatiere(name, wert) if wert is not None else FUELLEN

    return text.format_map(_Werte(werte))


def _ergebnis_text(e: Any) -> str:
    if e.ergebnis == "foerderfaehig":
        return "förderfähig – alle Voraussetzungen sind erfüllt."
    if e.ergebnis == "offen":
        return (
            "offen – keine Voraussetzung ist verfehlt, einige sind noch nicht belegt (siehe "
            "„Noch offen“)."
        )
    return "nicht förderfähig."


def kontext(
    ergebnis: Any,
    beschluss: dict[str, Any],
    kommune: Any,
    partner: list[Any],
    fristen: list[Any],
    beschluss_quellen: tuple[Quelle, ...],
    stand: date,
    fingerabdruck: str,
) -> dict[str, Any]:
    """Die Werte der Vorlage (:data:`PLATZHALTER`) für ein förderfähiges oder offenes Ergebnis."""
    e = ergebnis
    p = e.programm
    satz, gremium_name, vorstand = gremium(kommune)
    partner_namen = [k.name for k in partner]
    alle = [kommune.name, *partner_namen]
    werte = {
        "kommune": kommune.name,
        "partner": _namen(partner_namen) if partner_namen else FUELLEN,
        "partner_satz": f" gemeinsam mit {_namen(partner_namen)}" if partner_namen else "",
        "anzahl_kommunen": str(len(alle)),
        "gremium": satz,
        "vorstand": f"Der {vorstand}",
    }
    bedingungen = [
        {
            "text": k.kriterium.text,
            "status": STATUS[k.status],
            "angabe": angabe(k, e),
            "quelle": quellen_text(k.kriterium.quellen),
        }
        for k in e.kriterien
    ]
    finanzen = []
    if e.betrag is not None:
        finanzen.append({"text": "Zuwendung (geschätzt)", "betrag": formatiere_betrag(e.betrag)})
    for name in list(p.eingaben) + [w.name for w in p.werte]:
        if p.typ(name) == "betrag" and e.ns.get(name) is not None:
            finanzen.append({"text": p.bezeichnung(name), "betrag": p.formatiere(name, e.ns[name])})
    quellen: dict[str, Quelle] = {}
    alle_quellen = [
        *(q for k in e.kriterien for q in k.kriterium.quellen),
        *(p.formel.quellen if p.formel is not None else ()),
        *beschluss_quellen,
        *(q for f in fristen for q in f.quellen),
    ]
    for q in alle_quellen:
        quellen.setdefault(f"{q.kurz()}|{q.zitat or ''}", q)
    return {
        "betreff": beschlusstext(beschluss["betreff"], e, werte),
        "kommune": kommune.name,
        "kommune_art": kommune.art,
        "gremium": satz,
        "gremium_name": gremium_name,
        "vorstand_name": vorstand,
        "partner": werte["partner"] if partner_namen else "",
        "partner_liste": partner_namen,
        "kommunen_alle": _namen(alle),
        "anzahl_kommunen": len(alle),
        "programm": p.name,
        "programm_id": p.id,
        "traeger": p.traeger,
        "zweck": p.zweck,
        "stichtag": formatiere_datum(e.stichtag),
        "ergebnis": _ergebnis_text(e),
        "bedingungen": bedingungen,
        "offen": [
            {"text": k.kriterium.text, "quelle": quellen_text(k.kriterium.quellen)} for k in e.offen
        ],
        "hinweise": hinweise(e),
        "beschlussvorschlag": beschlusstext(beschluss["text"], e, werte),
        "finanzen": finanzen,
        "zuwendung": formatiere_betrag(e.betrag) if e.betrag is not None else FUELLEN,
        "haushaltsjahr": FUELLEN,
        "kostenstelle": FUELLEN,
        "drucksache": FUELLEN,
        "sitzung": FUELLEN,
        "fristen": [
            {
                "bis": formatiere_datum(f.bis),
                "text": f.text,
                "quelle": quellen_text(f.quellen),
            }
            for f in fristen
        ],
        "quellen": [
            {
                "kurz": q.kurz(),
                "zitat": q.zitat or "",
                "text": f"{q.kurz()}: „{q.zitat}“" if q.zitat else q.kurz(),
            }
            for q in quellen.values()
        ],
        "stand": formatiere_datum(stand),
        "fingerabdruck": fingerabdruck,
        "hinweis_schaetzung": HINWEIS_SCHAETZUNG,
    }


def als_docx(werte: dict[str, Any], vorlage: Path | None = None) -> bytes:
    """Füllt die Vorlage (Standard: die mitgelieferte) und gibt die DOCX-Datei als Bytes."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    pfad = vorlage or standard_vorlage()
    try:
        dokument = DocxTemplate(str(pfad))
        dokument.render(werte, jinja_env=SandboxedEnvironment(), autoescape=True)
    except TemplateError as fehler:
        raise VorlageFehler(
            f"Die Vorlage {pfad} enthält einen fehlerhaften Platzhalter ({fehler})."
        ) from None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as fehler:
        # python-docx: keine Word-Datei (kein ZIP, fehlende Teile)
        raise VorlageFehler(
            f"{pfad} lässt sich nicht als Word-Vorlage (.docx) lesen ({type(fehler).__name__})."
        ) from None
    puffer = io.BytesIO()
    dokument.save(puffer)
    return puffer.getvalue()
