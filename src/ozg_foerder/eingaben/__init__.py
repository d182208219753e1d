"""Eingaben lesen: deutsche Zahlen, Anteile, Daten, Ja/Nein; das Kommunenverzeichnis. Unterste
Schicht.
"""
