"""Resource limits for sandboxed children, with the defaults the course is graded with."""

import dataclasses
import re

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text):
    """'2G' -> 2147483648; plain integers are bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*", str(text).upper())
    if not match:
        raise ValueError(f"not a size: {text!r} (use e.g. 512M or 2G)")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


@dataclasses.dataclass(frozen=True)
class Limits:
    """Per-child limits. Times in seconds, sizes in bytes.

    ``cell_timeout`` bounds one notebook cell (wall clock), ``call_timeout`` one check case
    (each question may raise it with its own ``timeout``), ``question_timeout`` everything a
    question does including replays after kills.
    """

    memory: int = 2 << 30
    cpu: int = 120
    file_size: int = 16 << 20
    open_files: int = 64
    processes: int = 64
    cell_timeout: float = 10.0
    call_timeout: float = 5.0
    question_timeout: float = 120.0
    output_bytes: int = 64 << 10
    result_bytes: int = 16 << 20
    result_elements: int = 2_000_000
    disk_bytes: int = 64 << 20
    disk_files: int = 2000
    max_restarts: int = 2
    max_bad_cells: int = 10

    def rlimits(self):
        """The launcher's view: name -> value."""
        return {"as": self.memory, "cpu": self.cpu, "fsize": self.file_size,
                "nofile": self.open_files, "nproc": self.processes, "core": 0}

    def to_json(self):
        return dataclasses.asdict(self)
