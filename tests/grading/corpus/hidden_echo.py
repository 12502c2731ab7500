# attack: issue 8.5: echoes the hidden cases' inputs by printing them and raising them in exception messages (and keeps them for later calls)
# expect: q_sigmoid=error
# text~: HIDDEN-ECHO
# feedback!~: HIDDEN-ECHO
# %% include _correct
# %%
_correct_sigmoid = sigmoid
PUBLIC = {(-2.0, 0.0, 3.0), (-800.0, 0.5, 40.0, 800.0), (-710.5, -715.0, -720.0)}
SEEN = []


def sigmoid(z):
    key = tuple(np.asarray(z, dtype=float).ravel().tolist())
    if key in PUBLIC and not SEEN:
        return _correct_sigmoid(z)
    SEEN.append(key)
    print("HIDDEN-ECHO", SEEN)
    raise ValueError(f"HIDDEN-ECHO {SEEN}")
