"""bplib against an independent autodiff implementation (PyTorch, float64), when it is installed.

PyTorch is optional (never a requirement of the course); CI installs it so these checks run.
The scalar engine of notebook 05 gives a second, always-available independent check
(tests/test_scalar.py).
"""

import numpy as np
import pytest

import bplib as bp

torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional independent reference)")

RNG = np.random.default_rng(2024)
ACTIVATIONS = {"tanh": (bp.Tanh, torch.tanh), "sigmoid": (bp.Sigmoid, torch.sigmoid), "relu": (bp.ReLU, torch.relu)}


def make_pair(activation, sizes=(5, 7, 6, 3)):
    layer_cls, torch_fn = ACTIVATIONS[activation]
    layers, params = [], []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        dense = bp.Dense(n_in, n_out, rng=i)
        dense.b.data = RNG.normal(size=n_out)
        layers.append(dense)
        params += [torch.tensor(dense.W.data, requires_grad=True), torch.tensor(dense.b.data, requires_grad=True)]
        if i < len(sizes) - 2:
            layers.append(layer_cls())

    def torch_forward(x):
        h = x if isinstance(x, torch.Tensor) else torch.tensor(x)
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i < len(params) - 2:
                h = torch_fn(h)
        return h

    return bp.Sequential(*layers), params, torch_forward


LOSSES = {
    "softmax_ce": (bp.SoftmaxCrossEntropyLoss, lambda out, y: torch.nn.functional.cross_entropy(out, torch.tensor(y)),
                   lambda n: RNG.integers(0, 3, size=n)),
    "mse": (bp.MSELoss, lambda out, y: torch.nn.functional.mse_loss(out, torch.tensor(y)), lambda n: RNG.normal(size=(n, 3))),
    "bce_logits": (bp.BCEWithLogitsLoss, lambda out, y: torch.nn.functional.binary_cross_entropy_with_logits(out, torch.tensor(y)),
                   lambda n: RNG.integers(0, 2, size=(n, 3)).astype(float)),
}


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss_name", sorted(LOSSES))
def test_loss_and_every_gradient_match_pytorch(activation, loss_name):
    model, params, torch_forward = make_pair(activation)
    loss_cls, torch_loss, make_y = LOSSES[loss_name]
    X, y = RNG.normal(size=(8, 5)), make_y(8)
    loss = loss_cls()
    value = loss(model(X), y)
    dx = model.backward(loss.backward())
    x_t = torch.tensor(X, requires_grad=True)
    torch_value = torch_loss(torch_forward(x_t), y)
    torch_value.backward()
    assert value == pytest.approx(torch_value.item(), rel=1e-13)
    for p, t in zip(model.parameters(), params):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(dx, x_t.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("name,kwargs", [
    ("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}),
    ("RMSProp", {"lr": 0.01}), ("Adam", {"lr": 0.01}), ("Adam", {"lr": 0.003, "weight_decay": 0.1}),
])
def test_optimizer_trajectories_match_pytorch(name, kwargs):
    model, params, torch_forward = make_pair("tanh")
    X, y = RNG.normal(size=(16, 5)), RNG.integers(0, 3, size=16)
    ours = getattr(bp, name)(model.parameters(), **kwargs)
    torch_kwargs = dict(kwargs)
    if name == "RMSProp":
        theirs = torch.optim.RMSprop(params, alpha=0.9, eps=1e-8, **torch_kwargs)
    elif name == "Adam":
        theirs = torch.optim.Adam(params, betas=(0.9, 0.999), eps=1e-8, **torch_kwargs)
    else:
        theirs = torch.optim.SGD(params, **torch_kwargs)
    loss = bp.SoftmaxCrossEntropyLoss()
    for _ in range(5):
        ours.zero_grad()
        loss(model(X), y)
        model.backward(loss.backward())
        ours.step()
        theirs.zero_grad()
        torch.nn.functional.cross_entropy(torch_forward(X), torch.tensor(y)).backward()
        theirs.step()
    for p, t in zip(model.parameters(), params):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-10, atol=1e-13)
