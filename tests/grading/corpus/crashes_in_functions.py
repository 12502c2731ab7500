# attack: abort() inside sigmoid, a segfault inside relu_forward, RecursionError inside neuron_forward
# expect: q_sigmoid=crash q_relu=crash q_neuron=error
# %% include _correct
# %%
import ctypes, os


def sigmoid(z):
    os.abort()


def relu_forward(x):
    ctypes.string_at(0)


def neuron_forward(X, w, b, activation="sigmoid"):
    return neuron_forward(X, w, b, activation)
# %%
import sys
sys.setrecursionlimit(10**7)
def deep(n):
    return deep(n + 1) + 1
deep(0)
