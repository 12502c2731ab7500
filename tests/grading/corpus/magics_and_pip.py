# attack: none: magics (%matplotlib, %%time, %timeit) and shell escapes (!pip install) in a notebook
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
%matplotlib inline
!pip install requests
!curl http://example.com
# %%
%%time
def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))
# %%
%timeit sigmoid(np.zeros(3))
files = !ls
