# attack: the right derivative with e rounded to 2.718281828 (ex04)
# exercise: ex04_chain_rule
# score: q_dL_dw=0
# text~: compared exactly contains the decimal
# %%
def dL_dw():
    w, x, b, y = sp.symbols("w x b y", real=True)
    e = sp.Float("2.718281828")
    a = 1 / (1 + e ** (-(w * x + b)))
    return sp.diff((y - a) ** 2, w)
