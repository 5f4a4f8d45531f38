"""Events: who did what to whom, and when. rules.py holds the verb patterns, model.py the classifier of a
marked pair, candidates.py the pairs a parse links and their decision, merge.py joins tellings of one event,
dates.py resolves when."""
