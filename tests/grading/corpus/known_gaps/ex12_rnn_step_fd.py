# attack: rnn_step_backward by bplib.numerical_gradient_array on the forward pass kept in the cache (ex12)
# exercise: ex12_backprop_through_time
# score: q_rnn_step<3
# %%
_rnn_fwd = rnn_step_forward

def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h, _ = _rnn_fwd(x, h_prev, Wx, Wh, b)
    return h, (x, h_prev, Wx, Wh, b)

def rnn_step_backward(dh_next, cache):
    args = [np.asarray(a, np.float64) for a in cache]
    d = np.asarray(dh_next, np.float64)
    def f(i):
        def g(z):
            a = list(args); a[i] = z
            return _rnn_fwd(*a)[0]
        return g
    return tuple(numerical_gradient_array(f(i), args[i], d).astype(cache[0].dtype) for i in range(5))
