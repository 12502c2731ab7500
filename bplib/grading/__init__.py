"""bplib.grading: the course's exercise builder and instructor grader (``bpgrade``).

Learner code is treated as hostile: it runs in a fresh, resource-limited, sandboxed child process
per question, which sends back numbers only; this trusted process computes every verdict against
values produced by the solution. Nothing in bplib's core imports this package.

Modules: ``cli`` (commands), ``build``/``leaks`` (solutions -> exercises), ``spec``/``publicspec``
(check definitions), ``grade``/``results``/``report`` (batch grading), ``runner``/``sandbox``/
``launcher``/``landlock``/``seccomp``/``reaper``/``child``/``protocol`` (isolation),
``compare``/``judge``/``properties``/``symbolic`` (verdicts), ``selfcheck`` (in-notebook checks),
``course`` (check-course), ``selftest`` (adversarial corpus).
"""

__version__ = "1.0.0"
