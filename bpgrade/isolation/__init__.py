"""The parent's side of confinement: start, limit, probe and reap sandboxed children."""

