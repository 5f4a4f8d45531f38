"""Stances: where each government or organisation stands on the focal event. statements.py finds who
speaks in a stretch of text (round-up sections, subjects of a stance); signals.py reads the stance words."""
