# attack: rnn_sequence_grads by centred finite differences of the sequence loss (bplib.numerical_gradient_array with dout = 1), no BPTT (ex12)
# exercise: ex12_backprop_through_time
# score: q_bptt<4
# %%
def _seq_loss(x, h0, Wx, Wh, b, Wy, by, Y):
    h, hs = h0, []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    H = np.stack(hs, axis=1)
    return np.array(np.mean((H @ Wy + by - Y) ** 2))

def rnn_sequence_grads(x, h0, Wx, Wh, b, Wy, by, Y):
    args = [np.asarray(a, np.float64) for a in (x, h0, Wx, Wh, b, Wy, by, Y)]
    def f(i):
        def g(z):
            a = list(args); a[i] = z
            return _seq_loss(*a)
        return g
    grads = [numerical_gradient_array(f(i), args[i], np.array(1.0)) for i in range(7)]
    return (float(_seq_loss(*args)), *grads)
