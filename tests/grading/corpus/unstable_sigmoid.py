# attack: not an attack but a mistake: the textbook sigmoid 1/(1+exp(-z)): right values at z = -800 (exp overflows to inf, 1/inf = 0) but an "overflow encountered in exp" RuntimeWarning, which the numerically stable sigmoid of q_sigmoid (no_warnings=True) must not raise, and 0 instead of exp(z) ≈ 2e-313 at z = -720 (public 3 and one hidden case); q_neuron calls it too but allows warnings
# expect: q_sigmoid=fail
# score: q_sigmoid=1.3333
# text~: overflow encountered in exp
# %% include _correct
# %%
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))
