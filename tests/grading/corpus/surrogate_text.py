# attack: raises and prints text that is not valid Unicode (lone surrogates), which cannot be written as UTF-8 as it is
# expect: q_sigmoid=error
# text~: not-unicode
# %% include _correct
# %%
print("not-unicode \udcff \ud800")
# %%
def sigmoid(z):
    raise ValueError("not-unicode \udcff \ud800 text")
