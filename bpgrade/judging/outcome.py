"""The raw outcome of one check case, as the sandbox (or the in-notebook self-check) reports it."""

import dataclasses


@dataclasses.dataclass
class CaseRun:
    """Raw outcome of one case: status ok|missing|error|timeout|crash|protocol|skipped."""

    status: str
    outputs: tuple = ()
    args_after: list = dataclasses.field(default_factory=list)    # per step, after all steps
    message: str = ""
    seconds: float = 0.0
    args_before: list = dataclasses.field(default_factory=list)   # per step: its Ref arguments before it
    args_step: list = dataclasses.field(default_factory=list)     # per step: its arguments right after it
    warnings: list = dataclasses.field(default_factory=list)      # (step, category, message) raised by the calls
