"""Test-session settings shared by every tier (unit tests, nbval kernels, grader, browser).

One BLAS thread per process: the suite runs on two cores with parallel workers and notebook
kernels, and BLAS threads competing for the same cores make small matrix products many times
slower (and timings erratic). Results do not depend on it. Kernels started by nbval inherit it.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
