# attack: a formula far beyond the reader's limits (a chain of 3,000 additions): its own status, no internal error (ex04)
# exercise: ex04_chain_rule
# score: q_dL_dw=0
# text~: too_large formula too large
# %%
def dL_dw():
    return " + ".join(["w"] * 3000)
