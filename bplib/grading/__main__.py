"""``python -m bplib.grading`` is ``bpgrade``."""

from .cli import main

raise SystemExit(main())
