"""`python -m game` does what the `steppe` command does."""

from game.cli import main

raise SystemExit(main())
