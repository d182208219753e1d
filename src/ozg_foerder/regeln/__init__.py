"""Das Regelformat: Schema, sicheres Laden mit Datei:Zeile:Feld, Katalog und sein
Zwischenspeicher.
"""
