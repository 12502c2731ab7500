"""Verdicts for gradient checks: turn relative errors into pass / fail / suspect with a reason."""

import html

import numpy as np

from .gradcheck import FAIL_ABOVE, PASS_BELOW, TINY, rel_error

SEVERITY = {"pass": 0, "suspect": 1, "fail": 2}


def judge(name, param, analytic, numeric, kinked):
    """One row of a gradient check for parameter ``name``: errors, verdict and its reason."""
    err = rel_error(analytic, numeric)
    abs_err = float(np.max(np.abs(analytic - numeric), initial=0.0))
    magnitude = float(max(np.max(np.abs(analytic), initial=0.0), np.max(np.abs(numeric), initial=0.0)))
    if param.dtype != np.float64:
        limit = 1e-2
        verdict, reason = (
            ("suspect", f"float32: finite differences are unreliable; check a float64 copy (model.astype(np.float64))")
            if err < limit else ("fail", f"float32, but relative error {err:.1e} is too large for rounding alone")
        )
    elif magnitude < TINY:
        verdict = "pass" if abs_err < TINY else "suspect"
        reason = f"tiny magnitudes (max |grad| {magnitude:.1e}): relative error is meaningless; absolute error {abs_err:.1e}"
    elif err < PASS_BELOW:
        verdict, reason = "pass", f"relative error {err:.1e} < {PASS_BELOW:g}"
    elif kinked:
        verdict, reason = "suspect", f"kink crossed: a ReLU input changed sign within ±h (relative error {err:.1e})"
    elif err > FAIL_ABOVE:
        verdict, reason = "fail", f"relative error {err:.1e} > {FAIL_ABOVE:g}: the backward pass is wrong"
    else:
        verdict, reason = "suspect", f"relative error {err:.1e} between {PASS_BELOW:g} and {FAIL_ABOVE:g}"
    return {"name": name, "shape": param.shape, "checked": len(numeric), "rel_error": err,
            "abs_error": abs_err, "verdict": verdict, "reason": reason}


class GradCheckResult:
    """Per-parameter rows plus the overall verdict (the worst row) and its reason."""

    def __init__(self, rows):
        self.rows = rows
        worst = max(rows, key=lambda r: (SEVERITY[r["verdict"]], r["rel_error"]))
        self.verdict = worst["verdict"]
        self.reason = "all parameters agree with finite differences" if self.verdict == "pass" else f"{worst['name']}: {worst['reason']}"
        self.max_rel_error = {r["name"]: r["rel_error"] for r in rows}

    @property
    def passed(self):
        return self.verdict == "pass"

    def __str__(self):
        lines = [f"gradient check: {self.verdict.upper()} — {self.reason}"]
        for r in self.rows:
            lines.append(f"  {r['name']:<8} {str(r['shape']):<12} rel error {r['rel_error']:.1e}  {r['verdict']:<7} {r['reason']}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        cells = "".join(
            f"<tr><td>{html.escape(r['name'])}</td><td>{r['shape']}</td><td>{r['rel_error']:.1e}</td>"
            f"<td>{r['verdict']}</td><td>{html.escape(r['reason'])}</td></tr>" for r in self.rows)
        return (f"<p><b>gradient check: {self.verdict.upper()}</b> — {html.escape(self.reason)}</p>"
                f"<table><tr><th>parameter</th><th>shape</th><th>rel. error</th><th>verdict</th><th>reason</th></tr>{cells}</table>")
