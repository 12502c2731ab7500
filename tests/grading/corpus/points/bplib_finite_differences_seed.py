# attack: seed_network_gradient by bplib.seednet.finite_difference_gradients (centred differences, not the chain rule) (ex04)
# exercise: ex04_chain_rule
# score: q_seed_gradient=0
# text~: write
# %%
from bplib import seednet as _sn
def seed_network_gradient(theta, x1, x2, y):
    p = dict(zip(PARAM_NAMES, (float(t) for t in theta)))
    g = _sn.finite_difference_gradients(p, float(x1), float(x2), float(y), h=1e-5)
    return np.array([g[n] for n in PARAM_NAMES])
