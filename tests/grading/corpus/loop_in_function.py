# attack: infinite loop inside the graded function
# expect: q_sigmoid=timeout
# %% include _correct
# %%
def sigmoid(z):
    while True:
        pass
