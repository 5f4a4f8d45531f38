from newsgraph.views.cli import main

main()
