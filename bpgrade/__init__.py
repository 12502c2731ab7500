"""bpgrade: the course's exercise builder, learner self-check and instructor grader.

Learner code is treated as hostile: it runs in a fresh, resource-limited, confined child process
per question, which sends back numbers only; the trusted parent computes every verdict against
values produced by the solution. ``bplib`` never imports this package. The folders are the
trust boundary:

- ``confined/``  runs inside the sandbox (child, steps, protocol) or sets it up just before the
  child starts (launcher, seccomp, landlock). Imports the standard library, NumPy and its own
  modules only (``tests/grading/test_grading_layout.py`` enforces it). Nothing in it is trusted.
- ``isolation/`` the parent's side of confinement: starting, limiting, probing and reaping children.
- ``judging/``   verdicts: comparing values, properties, formulas, scores (trusted, parent only).
- ``authoring/`` check files, building ``exercises/`` from ``solutions/``, reference values,
  ``check-course``.
- ``classroom/`` collecting submissions, grading a class, result files and reports.
- ``learner/``   what learners run: the in-notebook self-check and ``bpgrade check``.
- ``selftest/``  the adversarial corpus and its runner.
"""

__version__ = "1.0.0"
