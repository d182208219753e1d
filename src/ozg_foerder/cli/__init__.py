"""Die Kommandozeile: dünne Typer-Befehle über der API (Einstieg:
:func:`ozg_foerder.cli.app.main`).
"""
