"""The digits recipe measured in the README: standardised pixels, input noise, one hidden layer.

64 → 256 ReLU → 10, GaussianNoise(0.3) on the (standardised) input as a regulariser, Adam with
lr 1e-3 for 30 epochs then 1e-4 for 10 more, batch 32. Used by benchmarks/bench_training.py.
"""

import time

import numpy as np

import bplib as bp
from bplib.datasets import load_digits


def standardise(X_train, *others, floor=0.1):
    """Per-pixel z-scores with the training set's statistics (the floor tames constant pixels)."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + floor
    return [(X - mean) / std for X in (X_train, *others)]


def train(seed, X, y, epochs=30, fine_tune=10):
    model = bp.Sequential(bp.GaussianNoise(0.3, rng=seed), bp.Dense(64, 256, rng=seed), bp.ReLU(),
                          bp.Dense(256, 10, init="xavier", rng=100 + seed))
    opt = bp.Adam(model.parameters(), lr=1e-3)
    loss = bp.SoftmaxCrossEntropyLoss()
    bp.fit(model, X, y, loss=loss, optimizer=opt, epochs=epochs, rng=seed, progress=False)
    opt.lr = 1e-4
    bp.fit(model, X, y, loss=loss, optimizer=opt, epochs=fine_tune, rng=1000 + seed, progress=False)
    return model


def five_seeds():
    """Test accuracy and training seconds for seeds 0..4."""
    X, y, X_test, y_test = load_digits()
    X, X_test = standardise(X, X_test)
    accs, secs = [], []
    for seed in range(5):
        start = time.perf_counter()
        model = train(seed, X, y)
        secs.append(time.perf_counter() - start)
        accs.append(float(np.mean(model.predict(X_test).argmax(axis=1) == y_test)))
    return accs, secs
