# attack: wrong answer + sys.excepthook, showtraceback, set_custom_exc, rebinding AssertionError
# expect: q_sigmoid=fail|error
# %% include _correct
# %%
import builtins, sys
sys.excepthook = lambda *a: print("PASSED")
builtins.AssertionError = type("AssertionError", (Exception,), {})
try:
    ip = get_ipython()
    ip.showtraceback = lambda *a, **k: None
    ip.set_custom_exc((BaseException,), lambda *a, **k: None)
except Exception:
    pass


def sigmoid(z):
    raise AssertionError("swallowed?")
