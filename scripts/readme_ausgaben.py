"""Schreibt die echten Ausgaben der Beispielbefehle in die README.

Aufruf (aus dem Repository):  uv run python scripts/readme_ausgaben.py [--pruefen]

Jeder Block der README der Form

    <!-- befehl: ozg-foerder check ikz --kommunen 4 --einsparung 0.18 -->
    ```text
    …
    ```

bekommt als Inhalt ``$ uv run <befehl>`` und die Ausgabe (stdout und stderr) dieses Befehls,
ausgeführt im Repository. Mit ``--pruefen`` wird nur verglichen (Exit 1 bei Abweichung); das
nutzt ``tests/test_readme.py``. Befehle ohne ``--stichtag`` rechnen mit dem heutigen Tag; beim
Vergleich wird das heutige Datum daher durch das Datum im README ersetzt.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import sys
from contextlib import redirect_stderr, redirect_stdout, suppress
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BLOCK = re.compile(r"(<!-- befehl: (?P<befehl>.+?) -->\n```text\n)(?P<inhalt>.*?)(```)", re.S)


def ausgabe(befehl: str) -> str:
    from ozg_foerder.cli.app import main

    argumente = shlex.split(befehl)
    assert argumente[0] == "ozg-foerder", befehl
    out, err = io.StringIO(), io.StringIO()
    alt = Path.cwd(), dict(os.environ)
    os.chdir(REPO)
    os.environ.update({"COLUMNS": "100", "NO_COLOR": "1"})  # gleiche Tabellen überall
    os.environ.pop("FORCE_COLOR", None)
    try:
        with redirect_stdout(out), redirect_stderr(err), suppress(SystemExit):
            main(argumente[1:])
    finally:
        os.chdir(alt[0])
        os.environ.clear()
        os.environ.update(alt[1])
    text = out.getvalue() + err.getvalue()
    zeilen = "\n".join(zeile.rstrip() for zeile in text.rstrip().splitlines())
    return f"$ uv run {befehl}\n{zeilen}\n"


def bloecke(text: str) -> list[re.Match[str]]:
    return list(BLOCK.finditer(text))


def main() -> int:
    pruefen = "--pruefen" in sys.argv
    text = README.read_text(encoding="utf-8")
    neu = BLOCK.sub(lambda m: m.group(1) + ausgabe(m.group("befehl")) + m.group(4), text)
    if pruefen:
        if neu != text:
            print("README.md weicht von den echten Ausgaben ab: scripts/readme_ausgaben.py")
            return 1
        return 0
    README.write_text(neu, encoding="utf-8")
    print(f"{len(bloecke(neu))} Ausgaben in README.md geschrieben.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
