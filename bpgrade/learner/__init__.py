"""What learners run: the in-notebook self-check (``from bpgrade.learner import Checker``) and ``bpgrade check``."""


from bpgrade.learner.selfcheck import Checker, check  # noqa: F401
