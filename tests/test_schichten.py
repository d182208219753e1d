"""Die Schichten des Pakets: Abhängigkeiten zeigen nur in eine Richtung, ohne Kreise (GUIDE §3).

Gelesen wird jeder Import jeder Datei, auch die in Funktionen und unter ``TYPE_CHECKING``:
ein versteckter Import nach oben ist genauso eine Abhängigkeit wie einer am Dateianfang.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import syntaxbaum

PAKET = Path(__file__).resolve().parent.parent / "src" / "ozg_foerder"

# Von unten nach oben. Ein Modul darf nur Module seiner eigenen oder tieferer Schichten importieren.
SCHICHTEN = [
    ("version",),
    ("eingaben",),
    ("engine",),
    ("regeln",),
    ("ausgabe",),
    ("api",),
    ("uebersicht", "testfaelle", "plan"),
    ("batch",),
    ("cli",),
    ("__init__", "__main__"),
]
RANG = {name: i for i, namen in enumerate(SCHICHTEN) for name in namen}


def _modulname(pfad: Path) -> str:
    teile = list(pfad.relative_to(PAKET.parent).with_suffix("").parts)
    if teile[-1] == "__init__" and len(teile) > 1:
        teile.pop()
    return ".".join(teile)


def _schicht(modul: str) -> str:
    teile = modul.split(".")
    return teile[1] if len(teile) > 1 else "__init__"


def _importe(pfad: Path) -> list[tuple[int, str]]:
    """(Zeile, importiertes Modul des Pakets) für jeden Import der Datei, wo er auch steht."""
    modul = _modulname(pfad)
    ist_paket = pfad.name == "__init__.py"
    baum = syntaxbaum(pfad)
    gefunden = []
    for knoten in ast.walk(baum):
        if isinstance(knoten, ast.Import):
            for n in knoten.names:
                if n.name.split(".")[0] == "ozg_foerder":
                    gefunden.append((knoten.lineno, n.name))
        elif isinstance(knoten, ast.ImportFrom):
            if knoten.level:
                basis = modul.split(".") if ist_paket else modul.split(".")[:-1]
                basis = basis[: len(basis) - (knoten.level - 1)]
                ziel = ".".join([*basis, *([knoten.module] if knoten.module else [])])
            else:
                ziel = knoten.module or ""
            if ziel.split(".")[0] != "ozg_foerder":
                continue
            for n in knoten.names:  # "from ozg_foerder.cli import app" importiert ein Modul
                unter = f"{ziel}.{n.name}"
                gefunden.append((knoten.lineno, unter if _ist_modul(unter) else ziel))
    return gefunden


def _ist_modul(name: str) -> bool:
    teile = name.split(".")[1:]
    pfad = PAKET.joinpath(*teile) if teile else PAKET
    return pfad.with_suffix(".py").is_file() or (pfad / "__init__.py").is_file()


def _alle() -> dict[str, list[tuple[int, str]]]:
    return {_modulname(p): _importe(p) for p in sorted(PAKET.rglob("*.py"))}


def test_jedes_modul_hat_eine_schicht():
    ohne = sorted({_schicht(m) for m in _alle()} - set(RANG))
    assert not ohne, f"Module ohne Schicht (in SCHICHTEN eintragen): {ohne}"


def verstoesse(alle: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Importe, die in eine höhere Schicht zeigen."""
    falsch = []
    for modul, importe in alle.items():
        for zeile, ziel in importe:
            if ziel != "ozg_foerder" and RANG[_schicht(ziel)] > RANG[_schicht(modul)]:
                falsch.append(f"{modul}:{zeile} importiert {ziel}")
    return falsch


def kreise(alle: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Importkreise zwischen Modulen (Tiefensuche; jeder Kreis einmal, ab seinem ersten Modul)."""
    graph = {m: {z for _, z in importe if z != m} for m, importe in alle.items()}
    gefunden: list[str] = []
    farbe: dict[str, int] = {}
    stapel: list[str] = []

    def besuche(m: str) -> None:
        farbe[m] = 1
        stapel.append(m)
        for z in sorted(graph.get(m, ())):
            if farbe.get(z) == 1:
                gefunden.append(" → ".join([*stapel[stapel.index(z) :], z]))
            elif z in graph and not farbe.get(z):
                besuche(z)
        stapel.pop()
        farbe[m] = 2

    for m in sorted(graph):
        if not farbe.get(m):
            besuche(m)
    return gefunden


# Keine Kreise mehr; ein Eintrag hier wäre eine bewusste, begründete Ausnahme.
BEKANNTE_KREISE: set[str] = set()


def test_abhaengigkeiten_zeigen_nach_unten():
    falsch = verstoesse(_alle())
    assert not falsch, "Importe nach oben:\n" + "\n".join(falsch)


def test_keine_neuen_importkreise():
    neu = [k for k in kreise(_alle()) if k not in BEKANNTE_KREISE]
    assert not neu, "Importkreise:\n" + "\n".join(neu)


def test_importe_in_funktionen_werden_gelesen(tmp_path):
    """Auch ein Import in einer Funktion zählt – und der Test erkennt ihn als Verstoß."""
    datei = tmp_path / "ozg_foerder" / "engine" / "x.py"
    datei.parent.mkdir(parents=True)
    datei.write_text(
        "def f():\n    from ozg_foerder.api import pruefe\n    from ..cli import app\n"
    )
    global PAKET
    alt, PAKET = PAKET, tmp_path / "ozg_foerder"
    try:
        importe = _importe(datei)
    finally:
        PAKET = alt
    assert importe == [(2, "ozg_foerder.api"), (3, "ozg_foerder.cli")]
    assert verstoesse({"ozg_foerder.engine.x": importe}) == [
        "ozg_foerder.engine.x:2 importiert ozg_foerder.api",
        "ozg_foerder.engine.x:3 importiert ozg_foerder.cli",
    ]


def test_kreise_werden_erkannt():
    alle = {"ozg_foerder.a": [(1, "ozg_foerder.b")], "ozg_foerder.b": [(1, "ozg_foerder.a")]}
    assert kreise(alle) == ["ozg_foerder.a → ozg_foerder.b → ozg_foerder.a"]
