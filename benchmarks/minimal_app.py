"""Die Vergleichsbasis für bench_check.py: die kleinste Typer-App mit derselben Form.

Eine Untergruppe ``check`` mit einem Befehl ``ikz`` und denselben zwei Optionen, die nur
ausgibt, was sie bekommen hat. Was ozg-foerder darüber hinaus braucht, ist unser Anteil.
"""

from typing import Annotated

import typer

app = typer.Typer(add_completion=False)
check = typer.Typer()
app.add_typer(check, name="check")


@check.command()
def ikz(
    kommunen: Annotated[str, typer.Option()],
    einsparung: Annotated[str, typer.Option()] = "",
) -> None:
    print(kommunen, einsparung)


if __name__ == "__main__":
    app()
