"""``python -m bpgrade`` is ``bpgrade``."""

from bpgrade.cli import main

raise SystemExit(main())
