"""Reine Auswertung: Programm, Bedingungen, Beträge, Kontingente – ohne Ein-/Ausgabe."""
