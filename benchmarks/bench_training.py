"""Training speed of bplib against PyTorch and against NumPy's own matrix-multiply throughput.

    python benchmarks/bench_training.py            # full run (about a minute)
    python benchmarks/bench_training.py --quick    # fewer repetitions
    BENCH_THREADS=1 python benchmarks/bench_training.py   # both libraries on one thread

Both libraries use the same number of threads (BENCH_THREADS, default: all cores): NumPy's BLAS
through its environment variables (set here, before NumPy is imported), PyTorch through
torch.set_num_threads. Run it on an otherwise idle machine.

Everything is measured in one run on this machine, so the ratios are meaningful even when the
absolute times are not. PyTorch is optional: without it the PyTorch columns are skipped.
Targets of the course design:
  digits 64-128-10, batch 32, float64:          bplib time ≤ 0.5 × PyTorch's
  784-512-512-10, batch 256, float32:           bplib time ≤ 1.1 × PyTorch's, and
                                                 ≥ 50 % of NumPy's matmul throughput
  digits accuracy:                              mean test accuracy ≥ 98.0 % over 5 seeds, < 5 s each
"""

import argparse
import os
import time

THREADS = int(os.environ.get("BENCH_THREADS") or os.cpu_count())
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = str(THREADS)

import numpy as np  # noqa: E402  (after the thread settings)

import bplib as bp  # noqa: E402
import digits_recipe  # noqa: E402
from bplib.datasets import load_digits  # noqa: E402

try:
    import torch

    torch.set_num_threads(THREADS)
except ImportError:  # optional reference
    torch = None


def best_of(fn, repeats):
    """Smallest wall time of ``repeats`` calls (the least disturbed measurement)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def mlp_flops(sizes, batch):
    """Multiply-add FLOPs of one training step: forward + dW for every layer, dx for all but the first."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    forward = sum(2 * batch * a * b for a, b in pairs)
    return forward * 2 + sum(2 * batch * a * b for a, b in pairs[1:])


def gemm_shapes(sizes, batch):
    """The (m, k, n) shapes of every matrix product in one training step."""
    shapes = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        shapes.append((batch, a, b))        # forward  x @ W
        shapes.append((a, batch, b))        # dW = xᵀ @ dout
        if i > 0:
            shapes.append((batch, b, a))    # dx = dout @ Wᵀ
    return shapes


def numpy_matmul_seconds(shapes, dtype, repeats):
    """Time NumPy needs for exactly these products, back to back (the BLAS limit for a step)."""
    rng = np.random.default_rng(0)
    operands = [(rng.normal(size=(m, k)).astype(dtype), rng.normal(size=(k, n)).astype(dtype)) for m, k, n in shapes]
    return best_of(lambda: [a @ b for a, b in operands], repeats)


def make_models(sizes, dtype, seed=0):
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(bp.Dense(a, b, rng=seed + i, dtype=dtype))
        if i < len(sizes) - 2:
            layers.append(bp.ReLU())
    ours = bp.Sequential(*layers)
    theirs = None
    if torch is not None:
        mods = []
        for layer in layers:
            if isinstance(layer, bp.Dense):
                lin = torch.nn.Linear(layer.n_in, layer.n_out, dtype=getattr(torch, np.dtype(dtype).name))
                with torch.no_grad():
                    lin.weight.copy_(torch.from_numpy(layer.W.data.T.copy()))
                    lin.bias.copy_(torch.from_numpy(layer.b.data.copy()))
                mods.append(lin)
            else:
                mods.append(torch.nn.ReLU())
        theirs = torch.nn.Sequential(*mods)
    return ours, theirs


def time_bplib_epochs(model, X, y, batch, epochs, seed):
    opt = bp.Adam(model.parameters(), lr=1e-3)
    start = time.perf_counter()
    bp.fit(model, X, y, loss=bp.SoftmaxCrossEntropyLoss(), optimizer=opt, epochs=epochs, batch_size=batch,
           rng=seed, progress=False)
    return time.perf_counter() - start


def time_torch_epochs(model, X, y, batch, epochs, seed):
    """The idiomatic PyTorch loop over the very same batches (same permutations as bplib.fit)."""
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(seed)
    n = len(X)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(n))
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(Xt[idx]), yt[idx]).backward()
            opt.step()
    return time.perf_counter() - start


def compare(name, sizes, X, y, batch, epochs, dtype, repeats):
    steps = epochs * -(-len(X) // batch)
    ours = min(time_bplib_epochs(make_models(sizes, dtype)[0], X, y, batch, epochs, 0) for _ in range(repeats))
    row = {"case": name, "bplib s": ours, "steps": steps}
    if torch is not None:
        row["torch s"] = min(time_torch_epochs(make_models(sizes, dtype)[1], X, y, batch, epochs, 0) for _ in range(repeats))
        row["ratio"] = ours / row["torch s"]
    blas = numpy_matmul_seconds(gemm_shapes(sizes, batch), dtype, repeats=20) * steps
    row["matmul share"] = blas / ours
    row["GFLOP/s"] = mlp_flops(sizes, batch) * steps / ours / 1e9
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    if torch is not None:
        torch.manual_seed(0)
    print(f"numpy {np.__version__}, torch {torch.__version__ if torch else 'not installed'}, "
          f"threads: {THREADS} for both")

    X, y, Xt, yt = load_digits()
    rows = [compare("digits 64-128-10, batch 32, float64, 5 epochs", (64, 128, 10), X, y, 32, 5, np.float64, repeats)]
    rng = np.random.default_rng(0)
    Xb = rng.random((256 * 40, 784), dtype=np.float32)
    yb = rng.integers(0, 10, size=len(Xb))
    rows.append(compare("784-512-512-10, batch 256, float32, 40 steps", (784, 512, 512, 10), Xb, yb, 256, 1, np.float32, repeats))

    print("\n| case | bplib (s) | PyTorch (s) | bplib / PyTorch | share of NumPy matmul | bplib GFLOP/s |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        torch_cols = f"{r['torch s']:.3f} | {r['ratio']:.2f}×" if "torch s" in r else "– | –"
        print(f"| {r['case']} | {r['bplib s']:.3f} | {torch_cols} | {100 * r['matmul share']:.0f} % | {r['GFLOP/s']:.1f} |")

    accs, secs = digits_recipe.five_seeds()
    print("\n| digits seed | test accuracy | training time (s) |\n|---|---|---|")
    for seed, (acc, sec) in enumerate(zip(accs, secs)):
        print(f"| {seed} | {100 * acc:.2f} % | {sec:.2f} |")
    print(f"| mean | {100 * np.mean(accs):.2f} % | max {max(secs):.2f} |")


if __name__ == "__main__":
    main()
