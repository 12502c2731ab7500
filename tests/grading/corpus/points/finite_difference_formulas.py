# attack: the SymPy formula questions answered by finite-difference quotients (ex04)
# exercise: ex04_chain_rule
# score: q_dL_dw=0 q_dL_dw1=0
# text~: compared exactly
# %%
def dL_dw():
    w, x, b, y = sp.symbols("w x b y", real=True)
    h = sp.Float("1e-7")
    loss = lambda w_: (y - sigmoid(w_ * x + b)) ** 2
    return (loss(w + h) - loss(w - h)) / (2 * h)


def dL_dw1():
    w1, w2, b, x, y = sp.symbols("w1 w2 b x y", real=True)
    h = sp.Float("1e-7")
    loss = lambda v: (y - sigmoid(w2 * sp.tanh(v * x) + b)) ** 2
    return (loss(w1 + h) - loss(w1 - h)) / (2 * h)
