# attack: seed_network_gradient by sp.diff of bplib.symbolic.seed_network_loss() (the library writes the network) (ex04)
# exercise: ex04_chain_rule
# score: q_seed_gradient=0
# text~: write
# %%
from bplib import symbolic as _sym
def seed_network_gradient(theta, x1, x2, y):
    if "f" not in _compiled:
        S = _sym.seed_network_symbols(); L = _sym.seed_network_loss()
        _compiled["f"] = sp.lambdify([S[n] for n in PARAM_NAMES + ("x1", "x2", "y")],
                                     [sp.diff(L, S[n]) for n in PARAM_NAMES], modules="numpy", cse=True)
    return np.array(_compiled["f"](*(float(t) for t in theta), float(x1), float(x2), float(y)), dtype=float)
