"""The digits recipe of notebook 10, measured by benchmarks/bench_training.py.

64 → 256 ReLU → 10 on standardised pixels, the training set augmented with its four one-pixel
shifts (6735 images); Adam at 3e-3 for 6 epochs, then 3e-4 for 1 epoch; batch 32.
"""

import time

import numpy as np

import bplib as bp
from bplib.datasets import load_digits

SHIFTS = [(0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)]


def shift(X, dr, dc):
    """Images (rows of 64 pixels) moved dr pixels down and dc right; vacated pixels are 0."""
    images = X.reshape(-1, 8, 8)
    out = np.zeros_like(images)
    out[:, max(dr, 0):8 + min(dr, 0), max(dc, 0):8 + min(dc, 0)] = \
        images[:, max(-dr, 0):8 + min(-dr, 0), max(-dc, 0):8 + min(-dc, 0)]
    return out.reshape(-1, 64)


def train(seed, X_aug, y_aug):
    rng = np.random.default_rng(seed)
    model = bp.Sequential(bp.Dense(64, 256, rng=rng), bp.ReLU(), bp.Dense(256, 10, rng=rng))
    opt = bp.Adam(model.parameters(), lr=3e-3)
    loss = bp.SoftmaxCrossEntropyLoss()
    bp.fit(model, X_aug, y_aug, loss=loss, optimizer=opt, epochs=6, batch_size=32, rng=rng, progress=False)
    opt.lr = 3e-4
    bp.fit(model, X_aug, y_aug, loss=loss, optimizer=opt, epochs=1, batch_size=32, rng=rng, progress=False)
    return model


def five_seeds():
    """Test accuracy and training seconds (augmentation included) for seeds 0..4."""
    X, y, X_test, y_test = load_digits()
    mu, sigma = X.mean(axis=0), X.std(axis=0) + 0.1
    accs, secs = [], []
    for seed in range(5):
        start = time.perf_counter()
        X_aug = np.concatenate([shift(X, dr, dc) for dr, dc in SHIFTS])
        y_aug = np.tile(y, len(SHIFTS))
        model = train(seed, (X_aug - mu) / sigma, y_aug)
        secs.append(time.perf_counter() - start)
        accs.append(float(np.mean(model.predict((X_test - mu) / sigma).argmax(axis=1) == y_test)))
    return accs, secs
