# attack: answers with the course library's own versions (`from bplib import ...`, submodules, getattr, reload)
# expect: q_sigmoid=error q_relu=error
# score: q_sigmoid=0 q_relu=0 total=3
# text~: bplib's
# %% include _imports
# %%
from bplib import sigmoid
# %%
import importlib
import bplib.activations
relu_forward = getattr(importlib.reload(bplib.activations), "relu_forward")
from bplib.activations import relu_backward
# %% include _neuron
# %% include _and
