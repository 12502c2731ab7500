"""A dependency-free text progress bar for notebooks and terminals.

It redraws one line with a carriage return, so Jupyter and terminals both show a single updating
bar. It prints no times, so a notebook's stored output is the same on every run.
"""

import sys


class ProgressBar:
    """``bar = ProgressBar(total); bar.update(i, loss=0.3); bar.close()``."""

    def __init__(self, total, width=24, stream=None, label="epoch"):
        self.total = int(total)
        self.width = width
        self.stream = stream if stream is not None else sys.stdout
        self.label = label
        self.digits = len(str(self.total))
        self._last = ""

    def render(self, done, **metrics):
        """The text of the bar after ``done`` of ``total`` steps, with metrics like loss=0.123."""
        filled = int(self.width * done / self.total) if self.total else self.width
        bar = "█" * filled + "·" * (self.width - filled)
        text = " ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in metrics.items())
        return f"{self.label} {done:>{self.digits}}/{self.total} {bar} {text}".rstrip()

    def update(self, done, **metrics):
        line = self.render(done, **metrics)
        pad = " " * max(0, len(self._last) - len(line))
        self.stream.write("\r" + line + pad)
        self.stream.flush()
        self._last = line

    def close(self):
        self.stream.write("\n")
        self.stream.flush()
