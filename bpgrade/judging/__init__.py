"""Verdicts on what a child returned: comparisons, properties, formulas and scores (trusted side)."""

