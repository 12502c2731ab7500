# attack: lstm_step_backward by bplib.numerical_gradient_array (imported by the notebook) on the forward pass kept in the cache: no derivation (ex12)
# exercise: ex12_backprop_through_time
# score: q_lstm_step<5
# %%
_lstm_fwd = lstm_step_forward

def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    h, c, _ = _lstm_fwd(x, h_prev, c_prev, Wx, Wh, b)
    return h, c, (x, h_prev, c_prev, Wx, Wh, b)

def lstm_step_backward(dh_next, dc_next, cache):
    args = [np.asarray(a, np.float64) for a in cache]
    d = np.concatenate([np.asarray(dh_next, np.float64), np.asarray(dc_next, np.float64)], axis=1)
    def f(i):
        def g(z):
            a = list(args); a[i] = z
            h, c, _ = _lstm_fwd(*a)
            return np.concatenate([h, c], axis=1)
        return g
    grads = [numerical_gradient_array(f(i), args[i], d).astype(cache[0].dtype) for i in (0, 1, 2, 3, 4, 5)]
    return tuple(grads)
