# attack: infinite loop that ignores SIGINT and swallows KeyboardInterrupt/BaseException, in relu's cell
# expect: q_relu=timeout
# %% include _imports
# %% include _sigmoid
# %% include _neuron
# %% include _and
# %%
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)


def relu_forward(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)


while True:
    try:
        while True:
            pass
    except BaseException:
        pass
