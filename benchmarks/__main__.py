"""``python -m benchmarks``: measure everything once on this machine (see benchmarks/run.py)."""

from benchmarks.run import main

raise SystemExit(main())
