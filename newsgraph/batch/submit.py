"""The batch job as a spark-submit application:

    spark-submit --master yarn --archives env.tar.gz#environment \\
        "$(python -c 'import newsgraph.batch.submit as s; print(s.__file__)')" INPUT… OUTPUT

takes the arguments of `newsgraph batch` and runs it with ``--engine spark`` on the master
spark-submit was given (docs/SCALING.md).
"""

from __future__ import annotations

import sys

from newsgraph.views.cli import main

if __name__ == "__main__":
    sys.argv = ["newsgraph", "batch", *sys.argv[1:], "--engine", "spark"]
    main()
