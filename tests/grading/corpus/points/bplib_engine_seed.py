# attack: seed_network_gradient from bplib's own graph (seednet.forward_values) and scalar engine .backward() (ex04)
# exercise: ex04_chain_rule
# score: q_seed_gradient=0
# text~: write
# %%
from bplib import seednet as _sn
def seed_network_gradient(theta, x1, x2, y):
    p = dict(zip(PARAM_NAMES, (float(t) for t in theta)))
    nodes = _sn.forward_values(p, float(x1), float(x2), float(y))
    nodes["L"].backward()
    return np.array([nodes[n].grad for n in PARAM_NAMES])
