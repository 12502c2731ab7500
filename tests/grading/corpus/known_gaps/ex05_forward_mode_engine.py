# attack: Scalar as forward-mode dual numbers: every node carries d(node)/d(leaf) for all leaves; backward() only copies them to the leaves -- no topological order, no reverse pass (ex05)
# exercise: ex05_scalar_autodiff
# score: q_engine<4
# %%
class Scalar:
    def __init__(self, data, _children=(), _local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_children)
        self._local_grads = tuple(_local_grads)
        if not _children:
            self._tan = {id(self): 1.0}; self._leaves = {id(self): self}
        else:
            self._tan, self._leaves = {}, {}
            for c, l in zip(_children, _local_grads):
                self._leaves.update(c._leaves)
                for k, v in c._tan.items():
                    self._tan[k] = self._tan.get(k, 0.0) + l * v
    def __add__(self, other):
        return Scalar(self.data + other.data, (self, other), (1.0, 1.0))
    def __mul__(self, other):
        return Scalar(self.data * other.data, (self, other), (other.data, self.data))
    def tanh(self):
        t = math.tanh(self.data)
        return Scalar(t, (self,), (1.0 - t * t,))
    def backward(self):
        self.grad = 1.0
        for k, leaf in self._leaves.items():
            leaf.grad = self._tan[k]
