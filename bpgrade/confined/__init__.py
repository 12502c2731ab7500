"""Code that runs inside the sandbox, or confines the process just before it becomes the child. Untrusted at run time: imports only the standard library, NumPy and its own modules."""

