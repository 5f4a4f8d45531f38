"""Quotes: who said what. attribution.py reads English (cues learnt from PolNeAR, cues.py; marks,
marks.py); tables.py reads Spanish quotations and reported speech from the cue table of lang/es/."""
