# attack: objects whose __eq__ is always true; an ndarray subclass overriding __eq__ and __array_ufunc__
# expect: q_sigmoid=fail q_relu=fail
# %% include _correct
# %%
class AlwaysEqual:
    shape = (3,)
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __array__(self, *a, **k): return np.zeros(3)
    def __float__(self): return 0.0


class Liar(np.ndarray):
    def __eq__(self, other): return np.ones(self.shape, bool)
    def __array_ufunc__(self, *a, **k): return np.ones(self.shape, bool)
    def __array_finalize__(self, obj): pass


def sigmoid(z):
    return AlwaysEqual()


def relu_forward(x):
    return np.zeros_like(x).view(Liar), x
