"""The adversarial corpus and ``bpgrade selftest``."""

