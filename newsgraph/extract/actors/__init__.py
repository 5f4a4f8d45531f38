"""Actors: who each mention stands for (a country, organisation, body or person, with sector and role).

mentions.py finds and resolves them in English, with coref.py (titles, nominals, pronouns) and
affiliation.py (whose office an unplaced title is) over a discourse.py record of what was said so far;
tables.py finds them from lang/<language>/ tables alone, for Spanish. Knowledge is in lang/."""
