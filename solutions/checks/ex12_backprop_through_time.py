"""Checks for ex12_backprop_through_time: an RNN step, BPTT with a loss at every step, clipping by
global norm, a batched multi-channel 1-D convolution forward and backward, and an LSTM step."""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Question, call, output, ref

EXERCISE = "ex12_backprop_through_time"
TITLE = "Backprop through time"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
            "rnn_sequence_grads", "conv1d_forward", "conv1d_backward", "lstm_step_forward",
            "lstm_step_backward", "clip_by_global_norm"]

# Difficulty of each question, 1 (translate a formula of the lecture) to 5 (derive what no lecture
# page writes down); listed in solutions/README.md.
DIFFICULTY = {"q_rnn_step": 3, "q_bptt": 4, "q_clip": 2, "q_conv1d": 5, "q_lstm_step": 5}


def _rnn_step_steps(x, h_prev, Wx, Wh, b, dh_next):
    return [call("rnn_step_forward", x, h_prev, Wx, Wh, b), call("rnn_step_backward", dh_next, ref(0, 1))]


def _rnn_step_hidden(gen):
    n, d, h = (int(v) for v in gen.integers(1, 6, size=3))
    return (gen.normal(size=(n, d)), gen.normal(size=(n, h)), gen.normal(size=(d, h)),
            gen.normal(size=(h, h)), gen.normal(size=h), gen.normal(size=(n, h)))


def _sequence(gen, n, t, d, h, k):
    return (gen.normal(size=(n, t, d)), gen.normal(size=(n, h)), gen.normal(size=(d, h)),
            0.8 * gen.normal(size=(h, h)), gen.normal(size=h), gen.normal(size=(h, k)),
            gen.normal(size=k), gen.normal(size=(n, t, k)))


def _bptt_hidden(gen):
    n, d, h, k = (int(v) for v in gen.integers(1, 5, size=4))
    return _sequence(gen, n, int(gen.integers(2, 7)), d, h, k)


def _clip_hidden(gen):
    grads = tuple(gen.normal(size=tuple(int(s) for s in gen.integers(1, 5, size=int(gen.integers(1, 3)))))
                  for _ in range(int(gen.integers(1, 5))))
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    return (float(norm * gen.uniform(0.2, 1.5)),) + grads


def _conv_steps(x, w, b, dout):
    return [call("conv1d_forward", x, w, b), call("conv1d_backward", dout, ref(0, 1))]


def _conv_case(gen, n, c_in, c_out, length, k, dtype=np.float64):
    arrays = (gen.normal(size=(n, c_in, length)), gen.normal(size=(c_out, c_in, k)), gen.normal(size=c_out),
              gen.normal(size=(n, c_out, length - k + 1)))
    return tuple(np.round(a, 2).astype(dtype) for a in arrays)


def _conv_hidden(gen):
    n, c_in, c_out, k = (int(v) for v in gen.integers(1, 4, size=4))
    return _conv_case(gen, n, c_in, c_out, k + int(gen.integers(0, 6)), k)


def _lstm_steps(x, h_prev, c_prev, Wx, Wh, b, dh_next, dc_next):
    return [call("lstm_step_forward", x, h_prev, c_prev, Wx, Wh, b),
            call("lstm_step_backward", dh_next, dc_next, ref(0, 2))]


def _lstm_case(gen, n, d, h, dtype=np.float64):
    arrays = (gen.normal(size=(n, d)), gen.normal(size=(n, h)), gen.normal(size=(n, h)),
              gen.normal(size=(d, 4 * h)), gen.normal(size=(h, 4 * h)), gen.normal(size=4 * h),
              gen.normal(size=(n, h)), gen.normal(size=(n, h)))
    return tuple(np.round(a, 2).astype(dtype) for a in arrays)


def _lstm_hidden(gen):
    n, d, h = (int(v) for v in gen.integers(1, 5, size=3))
    return _lstm_case(gen, n, d, h)


_r = np.random.default_rng(12)
STEP0 = tuple(np.round(a, 2) for a in (_r.normal(size=(2, 3)), _r.normal(size=(2, 4)), _r.normal(size=(3, 4)),
                                       _r.normal(size=(4, 4)), _r.normal(size=4), _r.normal(size=(2, 4))))
SEQ1 = tuple(np.round(a, 2) for a in _sequence(_r, 2, 1, 3, 4, 2))
SEQ4 = tuple(np.round(a, 2) for a in _sequence(_r, 2, 4, 3, 4, 2))
SEQ4_ZERO_H0 = SEQ4[:1] + (np.zeros((2, 4)),) + SEQ4[2:]
LSTM0 = _lstm_case(_r, 2, 3, 2)

QUESTIONS = [
    Question(
        id="q_rnn_step", title="one RNN step, forward and backward", points=3, steps=_rnn_step_steps,
        outputs=[output(0, 0, "h_next"), output(1, 0, "dx"), output(1, 1, "dh_prev"), output(1, 2, "dWx"),
                 output(1, 3, "dWh"), output(1, 4, "db")],
        names=("rnn_step_forward", "rnn_step_backward"), exact_dtype=True, rtol=2e-5,
        public=[
            Args(STEP0, name="public 1 (W_h not symmetric: dh_prev needs W_h transposed; tanh' from the "
                             "cached output, 1 - h_next**2)"),
            Args((STEP0[0][:1], STEP0[1][:1]) + STEP0[2:5] + (STEP0[5][:1],),
                 name="public 2 (one row, N = 1: db has shape (H,))"),
            Args(tuple(a.astype(np.float32) for a in STEP0), name="public 3 (float32 in, float32 out)"),
        ],
        hidden=Hidden(_rnn_step_hidden, n=5),
    ),
    Question(
        id="q_bptt", title="backprop through time, a loss at every step", points=4,
        function="rnn_sequence_grads",
        names=("rnn_sequence_grads", "rnn_step_forward", "rnn_step_backward"),
        public=[
            Args(SEQ1, name="public 1 (T = 1: nothing to carry yet; the loss is a mean over N*T*K entries)"),
            Args(SEQ4_ZERO_H0, name="public 2 (T = 4, h0 = 0: the gradient given to step t is the readout's "
                                    "plus what step t+1 sent back - is the carry missing?)"),
            Args(SEQ4, name="public 3 (T = 4, h0 nonzero: dh0 is what leaves step 1)"),
        ],
        hidden=Hidden(_bptt_hidden, n=5),
    ),
    Question(
        id="q_clip", title="clipping by global norm", points=2, function="clip_by_global_norm",
        exact_dtype=True,
        public=[
            Args((5.0, np.array([3.0, 4.0]), np.array([[12.0]])),
                 name="public 1 (arrays of norms 5 and 12: the global norm is sqrt(5**2 + 12**2) = 13, not "
                      "5 + 12; both arrays scaled by the same 5/13, not each by its own norm)"),
            Args((20.0, np.array([3.0, 4.0]), np.array([[12.0]])),
                 name="public 2 (norm 13 below max_norm 20: returned unchanged - never scale up)"),
            Args((1.0, np.zeros((2, 2)), np.zeros(3)),
                 name="public 3 (all-zero gradients: norm 0, unchanged - no 0/0)"),
            Args((1.0, np.array([[0.5, -2.0]], dtype=np.float32), np.array([1.0, 2.0], dtype=np.float32)),
                 name="public 4 (float32 gradients stay float32; the norm is a Python float)"),
            Args((2.0, np.array([[6.0, 8.0]])),
                 name="public 5 (a single gradient array: any number of arrays may follow max_norm)"),
            Args((1.0, np.array([1.0]), np.array([[1.0, 1.0]]), np.ones(3), np.ones((1, 1, 2))),
                 name="public 6 (four arrays of different shapes: one norm over all eight entries)"),
        ],
        hidden=Hidden(_clip_hidden, n=5),
    ),
    Question(
        id="q_conv1d", title="1-D convolution forward and backward", points=5, steps=_conv_steps,
        outputs=[output(0, 0, "out"), output(1, 0, "dx"), output(1, 1, "dw"), output(1, 2, "db")],
        names=("conv1d_forward", "conv1d_backward"), exact_dtype=True, rtol=2e-5,
        public=[
            Args(_conv_case(_r, 1, 1, 1, 6, 3),
                 name="public 1 (one signal, one channel, k = 3: the lecture's case)"),
            Args(_conv_case(_r, 2, 3, 2, 7, 3),
                 name="public 2 (N = 2, C_in = 3, C_out = 2: dw sums over the batch and the positions, dx "
                      "over the output channels, db over the batch and the positions)"),
            Args(_conv_case(_r, 2, 2, 3, 4, 4),
                 name="public 3 (kernel as long as the signal: one output position)"),
            Args(_conv_case(_r, 3, 2, 2, 5, 1), name="public 4 (k = 1: a dense layer over the channels)"),
            Args(_conv_case(_r, 2, 2, 2, 6, 2, np.float32), name="public 5 (float32 in, float32 out)"),
        ],
        hidden=Hidden(_conv_hidden, n=5),
    ),
    Question(
        id="q_lstm_step", title="an LSTM step, forward and backward", points=5, steps=_lstm_steps,
        outputs=[output(0, 0, "h_next"), output(0, 1, "c_next"), output(1, 0, "dx"), output(1, 1, "dh_prev"),
                 output(1, 2, "dc_prev"), output(1, 3, "dWx"), output(1, 4, "dWh"), output(1, 5, "db")],
        names=("lstm_step_forward", "lstm_step_backward"), exact_dtype=True, rtol=2e-5,
        public=[
            Args(LSTM0[:7] + (np.zeros((2, 2)),),
                 name="public 1 (gradient into h_next only: through tanh(c_next) it still reaches c_prev "
                      "and the gates i, f and g)"),
            Args(LSTM0[:6] + (np.zeros((2, 2)), LSTM0[7]),
                 name="public 2 (gradient into c_next only: the output gate gets none)"),
            Args(LSTM0, name="public 3 (both: the cell's gradient is dc_next plus what arrives through h_next)"),
            Args(tuple(a.astype(np.float32) for a in LSTM0), name="public 4 (float32 in, float32 out)"),
        ],
        hidden=Hidden(_lstm_hidden, n=5),
    ),
]
