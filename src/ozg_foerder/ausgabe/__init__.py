"""Darstellung der Ergebnisse: Text, JSON-Wörterbücher, Fristen und Regeln als Text."""
