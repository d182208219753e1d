"""Reine Auswertung: Programm, Bedingungen, Beträge, Kontingente.

Keine Ein-/Ausgabe, keine Sätze: Texte entstehen in ozg_foerder.ausgabe.
"""
