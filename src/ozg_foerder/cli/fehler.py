"""Aufruffehler (unbekannte Option, fehlender Wert, unbekannter Befehl) auf Deutsch.

Typer bzw. Click melden solche Fehler auf Englisch; die Kommandozeile fängt sie ab und sagt
auf Deutsch, was falsch ist und wo die Hilfe steht.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Typer ab 0.20 bringt Click mit
    from typer._click import exceptions as _ausnahmen
except ImportError:  # pragma: no cover - ältere Typer-Versionen
    from click import exceptions as _ausnahmen  # type: ignore[no-redef]


def usage_fehler_klassen() -> tuple[type[Exception], ...]:
    return (_ausnahmen.ClickException,)


def ist_hilfe_ohne_befehl(fehler: Exception) -> bool:
    """Aufruf ohne Befehl (``ozg-foerder``, ``ozg-foerder check``): Typer hat die Hilfe gezeigt."""
    return isinstance(fehler, _ausnahmen.NoArgsIsHelpError)


def _hilfe(fehler: Any, befehlspfad: str) -> str:
    ctx = getattr(fehler, "ctx", None)
    if ctx is None:
        return f"{befehlspfad} --help"
    return f"{ctx.command_path} --help"


def _optionsname(param: Any) -> str:
    if param is None:
        return "?"
    namen = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return namen[0] if namen else getattr(param, "name", "?")


def uebersetze_usage_fehler(fehler: Exception, befehlspfad: str = "ozg-foerder") -> tuple[str, str]:
    """(deutsche Meldung, Hilfe-Aufruf) zu einem Click-Fehler."""
    hilfe = _hilfe(fehler, befehlspfad)
    if isinstance(fehler, _ausnahmen.NoSuchOption):
        text = f"Unbekannte Option {fehler.option_name}."
        if fehler.possibilities:
            text += " Meinten Sie " + " oder ".join(sorted(fehler.possibilities)) + "?"
        return text, hilfe
    if isinstance(fehler, _ausnahmen.MissingParameter):
        art = "Argument" if getattr(fehler.param, "param_type_name", "") == "argument" else "Angabe"
        name = _optionsname(fehler.param)
        if art == "Argument":
            name = (getattr(fehler.param, "name", "") or "").upper()
        return f"{art} {name} fehlt.", hilfe
    if isinstance(fehler, _ausnahmen.BadOptionUsage):
        treffer = re.search(r"(--?[\w-]+)'? (?:option )?requires an argument", fehler.message)
        if treffer:
            return f"Die Option {treffer.group(1)} braucht einen Wert.", hilfe
        treffer = re.search(r"(--?[\w-]+)'? does not take a value", fehler.message)
        if treffer:
            return (
                f"{treffer.group(1)} ist ein Schalter und nimmt keinen Wert: für ja nur "
                f"{treffer.group(1)} angeben, für nein den verneinenden Schalter (siehe Hilfe).",
                hilfe,
            )
        return f"Option falsch verwendet: {fehler.message}", hilfe
    if isinstance(fehler, _ausnahmen.BadParameter):
        return f"Ungültiger Wert für {_optionsname(fehler.param)}: {fehler.message}", hilfe
    if isinstance(fehler, _ausnahmen.UsageError):
        meldung = fehler.message
        treffer = re.match(r"No such command '([^']+)'", meldung)
        if treffer:
            text = f"Unbekannter Befehl „{treffer.group(1)}“."
            vorschlag = re.search(r"Did you mean '([^']+)'", meldung)
            if vorschlag:
                text += f" Meinten Sie „{vorschlag.group(1)}“?"
            return text, hilfe
        treffer = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", meldung)
        if treffer:
            return (
                f"Überzählige Angabe „{treffer.group(1)}“ (Optionen beginnen mit --).",
                hilfe,
            )
        if meldung.startswith("Missing command"):
            return "Es fehlt ein Befehl.", hilfe
        return f"Aufruf ungültig: {meldung}", hilfe
    if isinstance(fehler, _ausnahmen.FileError):
        return f"Datei {fehler.ui_filename} nicht lesbar.", hilfe
    return f"{fehler}", hilfe
