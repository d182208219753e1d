"""Erzeugt data/kommunen.csv und data/modellkommunen.csv aus den amtlichen Referenzdaten.

Aufruf (aus dem Repository):  uv run python scripts/erzeuge_daten.py [tests/quellen]

Quelle der Gemeinden: Anlage zu § 1 MietNEinV, BGBl. I 2021 S. 3739 ff., Abschnitt Hessen,
Gebietsstand 25.01.2021 (421 Städte und Gemeinden). Kreise: amtliche Kreisschlüssel. Die 15
OZG-Modellkommunen: HMdIS-Folien TOP 3 (Liste "Städte & Gemeinden" / "Landkreise").
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ZIEL = Path(__file__).resolve().parent.parent / "data"

MODELLKOMMUNEN = [
    # (AGS, Name wie in den Folien) – HMdIS-Folien TOP 3
    ("06411000", "Darmstadt"),
    ("06531000", "LK Gießen"),
    ("06636004", "Großalmerode"),
    ("06433000", "LK Groß-Gerau"),
    ("06631013", "Hofbieber"),
    ("06534014", "Marburg"),
    ("06534000", "LK Marburg-Biedenkopf"),
    ("06438009", "Neu-Isenburg"),
    ("06439015", "Taunusstein"),
    ("06434011", "Usingen"),
    ("06431020", "Viernheim"),
    ("06635020", "Volkmarsen"),
    ("06636013", "Wanfried"),
    ("06532023", "Wetzlar"),
    ("06414000", "Wiesbaden"),
]


def art_der_gemeinde(ags: str, name_amtlich: str) -> str:
    if ags.endswith("000"):
        return "kreisfreie Stadt"
    titel = name_amtlich.split(", ", 1)[1] if ", " in name_amtlich else ""
    return "Stadt" if "stadt" in titel.lower() else "Gemeinde"


def main(referenz: Path) -> None:
    with (referenz / "hessen_kreise.csv").open(encoding="utf-8", newline="") as f:
        kreise = {z["kreisschluessel"]: z for z in csv.DictReader(f)}
    with (referenz / "hessen_gemeinden.csv").open(encoding="utf-8", newline="") as f:
        gemeinden = list(csv.DictReader(f))

    zeilen = []
    for g in gemeinden:
        ags = g["ags"].strip()
        name_amtlich = g["name_amtlich"].strip()
        kreis = kreise[ags[:5]]
        art = art_der_gemeinde(ags, name_amtlich)
        zeilen.append(
            {
                "ags": ags,
                "name": name_amtlich.split(", ", 1)[0],
                "name_amtlich": name_amtlich,
                "art": art,
                "kreis": "" if art == "kreisfreie Stadt" else kreis["name"],
                "regierungsbezirk": kreis["regierungsbezirk"],
            }
        )
    for schluessel, kreis in kreise.items():
        if kreis["art"] == "Landkreis":
            zeilen.append(
                {
                    "ags": schluessel + "000",
                    "name": kreis["name"],
                    "name_amtlich": kreis["name"],
                    "art": "Landkreis",
                    "kreis": "",
                    "regierungsbezirk": kreis["regierungsbezirk"],
                }
            )
    zeilen.sort(key=lambda z: (z["ags"][:5], z["art"] != "Landkreis", z["ags"]))
    assert len(zeilen) == 442, len(zeilen)
    felder = ["ags", "name", "name_amtlich", "art", "kreis", "regierungsbezirk"]
    with (ZIEL / "kommunen.csv").open("w", encoding="utf-8", newline="") as f:
        schreiber = csv.DictWriter(f, felder, lineterminator="\n")
        schreiber.writeheader()
        schreiber.writerows(zeilen)

    nach_ags = {z["ags"]: z for z in zeilen}
    with (ZIEL / "modellkommunen.csv").open("w", encoding="utf-8", newline="") as f:
        schreiber = csv.writer(f, lineterminator="\n")
        schreiber.writerow(["ags", "name", "art", "name_in_quelle", "quelle"])
        for ags, name_quelle in MODELLKOMMUNEN:
            z = nach_ags[ags]
            assert z["name"].replace("Landkreis ", "LK ") == name_quelle, (z["name"], name_quelle)
            schreiber.writerow([ags, z["name"], z["art"], name_quelle, "HMdIS-Folien, TOP 3"])
    print(f"{len(zeilen)} Kommunen und {len(MODELLKOMMUNEN)} Modellkommunen geschrieben.")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/quellen"))
