# attack: relu_backward modifies the upstream gradient in place (right values otherwise)
# expect: q_relu=fail
# %% include _correct
# %%
def relu_backward(dout, cache):
    dout[cache <= 0] = 0.0
    return dout
