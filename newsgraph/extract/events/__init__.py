"""Events: who did what to whom, and when. rules.py holds the verb patterns (accusations.py the words
of accusation, intent.py announced acts), model.py the classifier of a marked pair, candidates.py the
pairs a parse links, learnt.py the decision on them (linear.py its sums, tree.py the parse as arrays),
merge.py joins tellings of one event, dates.py resolves when."""
