"""Reine Auswertung: Programm, Bedingungen, Beträge, Kontingente (kein Ein-/Ausgabe, keine Sätze)."""
