"""Erzeugt die mitgelieferte Word-Vorlage der Beschlussvorlage: data/vorlagen/beschlussvorlage.docx.

Aufruf (aus dem Repository):  uv run python scripts/beschlussvorlage_vorlage.py

Die Vorlage enthält die Platzhalter, die ``ozg-foerder beschlussvorlage`` füllt (Jinja2 im
Format von docxtpl: ``{{ betreff }}``, Zeilen-Schleifen ``{%tr for … %}``, Absatz-Schleifen
``{%p for … %}``); dieselben Platzhalter gelten für eine eigene Vorlage (``--vorlage``), siehe
README. Die Datei wird mit dem Paket ausgeliefert; nach einer Änderung dieses Skripts neu erzeugen
und einchecken.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

FUSS = "Regeln Stand {{ stand }} · Fingerabdruck {{ fingerabdruck }} · {{ hinweis_schaetzung }}"
ZIEL = Path(__file__).resolve().parent.parent / "data" / "vorlagen" / "beschlussvorlage.docx"


def _tabelle(doc, kopf: list[str], zeile: list[str], schleife: str, breiten: list[float]):
    t = doc.add_table(rows=4, cols=len(kopf))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(kopf):
        zelle = t.rows[0].cells[i]
        zelle.text = ""
        lauf = zelle.paragraphs[0].add_run(text)
        lauf.bold = True
    t.rows[1].cells[0].text = "{%tr for z in " + schleife + " %}"
    for i, text in enumerate(zeile):
        t.rows[2].cells[i].text = text
    t.rows[3].cells[0].text = "{%tr endfor %}"
    _breiten(t, breiten)
    return t


def _breiten(t, breiten: list[float]) -> None:
    """Spaltenbreiten für Word und LibreOffice (Raster und jede Zelle)."""
    t.autofit = False
    for i, b in enumerate(breiten):
        t.columns[i].width = Cm(b)
        for zelle in t.columns[i].cells:
            zelle.width = Cm(b)


def erzeuge(ziel: Path = ZIEL) -> Path:
    doc = Document()
    stil = doc.styles["Normal"]
    stil.font.name = "Arial"
    stil.font.size = Pt(10.5)
    for abschnitt in doc.sections:
        abschnitt.left_margin = abschnitt.right_margin = Cm(2.2)
        abschnitt.top_margin = Cm(2.0)
        abschnitt.bottom_margin = Cm(2.0)
        fuss = abschnitt.footer.paragraphs[0]
        fuss.text = FUSS
        fuss.runs[0].font.size = Pt(8)
        fuss.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        kopf = abschnitt.header.paragraphs[0]
        kopf.text = "{{ kommune }} · Entwurf einer Beschlussvorlage"
        kopf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        kopf.runs[0].font.size = Pt(8)

    doc.add_heading("Beschlussvorlage", level=0)
    meta = doc.add_table(rows=5, cols=2)
    meta.style = "Table Grid"
    for reihe, (feld, wert) in zip(
        meta.rows,
        [
            ("Gremium", "{{ gremium_name }}"),
            ("Vorlage von", "{{ vorstand_name }}"),
            ("Drucksache-Nr.", "{{ drucksache }}"),
            ("Sitzung am", "{{ sitzung }}"),
            ("Geprüft am (Stichtag)", "{{ stichtag }}"),
        ],
        strict=True,
    ):
        reihe.cells[0].text = feld
        reihe.cells[0].paragraphs[0].runs[0].bold = True
        reihe.cells[1].text = wert
    _breiten(meta, [5.0, 11.6])

    doc.add_heading("Betreff", level=1)
    doc.add_paragraph("{{ betreff }}")

    doc.add_heading("Sachverhalt", level=1)
    p = doc.add_paragraph()
    p.add_run("Programm: ").bold = True
    p.add_run("{{ programm }}. Fördergeber: {{ traeger }}.")
    p = doc.add_paragraph()
    p.add_run("Zweck: ").bold = True
    p.add_run("{{ zweck }}")
    doc.add_paragraph("{%p if partner_liste %}")
    p = doc.add_paragraph()
    p.add_run("Beteiligte Kommunen ({{ anzahl_kommunen }}): ").bold = True
    p.add_run("{{ kommunen_alle }}")
    doc.add_paragraph("{%p endif %}")
    p = doc.add_paragraph()
    p.add_run("Ergebnis der Prüfung am {{ stichtag }}: ").bold = True
    p.add_run("{{ ergebnis }}")
    doc.add_paragraph("Voraussetzungen der Förderung und ihr Stand:")
    _tabelle(
        doc,
        ["Voraussetzung", "Stand", "Angabe", "Quelle"],
        ["{{ z.text }}", "{{ z.status }}", "{{ z.angabe }}", "{{ z.quelle }}"],
        "bedingungen",
        [6.0, 2.6, 4.0, 4.0],
    )
    doc.add_paragraph("{%p if offen %}")
    p = doc.add_paragraph()
    p.add_run("Noch offen – vor der Antragstellung zu klären:").bold = True
    doc.add_paragraph("{%p for o in offen %}")
    doc.add_paragraph("{{ o.text }} ({{ o.quelle }})", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for h in hinweise %}")
    doc.add_paragraph("Hinweis: {{ h }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Beschlussvorschlag", level=1)
    doc.add_paragraph("{{ beschlussvorschlag }}")

    doc.add_heading("Finanzielle Auswirkungen", level=1)
    _tabelle(
        doc, ["Position", "Betrag"], ["{{ z.text }}", "{{ z.betrag }}"], "finanzen", [11.6, 5.0]
    )
    doc.add_paragraph("")
    fuellen = doc.add_table(rows=2, cols=2)
    fuellen.style = "Table Grid"
    for reihe, (feld, wert) in zip(
        fuellen.rows,
        [
            ("Haushaltsjahr", "{{ haushaltsjahr }}"),
            ("Kostenstelle / Produkt", "{{ kostenstelle }}"),
        ],
        strict=True,
    ):
        reihe.cells[0].text = feld
        reihe.cells[0].paragraphs[0].runs[0].bold = True
        reihe.cells[1].text = wert
    _breiten(fuellen, [5.0, 11.6])

    doc.add_heading("Fristen", level=1)
    doc.add_paragraph("{%p for f in fristen %}")
    doc.add_paragraph("{{ f.bis }}: {{ f.text }} ({{ f.quelle }})", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not fristen %}")
    doc.add_paragraph("Die Unterlagen nennen keine Frist.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Quellen", level=1)
    doc.add_paragraph("{%p for q in quellen %}")
    doc.add_paragraph("{{ q.text }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    ziel.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = "Beschlussvorlage (ozg-foerder)"
    doc.core_properties.author = "ozg-foerder"
    doc.save(ziel)
    return ziel


if __name__ == "__main__":
    print(erzeuge())
