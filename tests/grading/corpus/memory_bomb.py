# attack: 8 GB allocations at the top level and inside relu_forward, exponential list growth
# expect: q_relu=error
# %% include _correct
# %%
big = bytearray(8 << 30)
# %%
x = [0]
while True:
    x = x + x
# %%
def relu_forward(x):
    junk = np.ones((1 << 30,), dtype=np.float64)
    return np.maximum(x, 0.0), x
