"""Check files, building exercises/ from solutions/, reference values and check-course."""

