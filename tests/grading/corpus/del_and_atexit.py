# attack: __del__ and atexit hooks that print PASS and write files when the process ends
# expect: q_sigmoid=fail
# %% include _correct
# %%
import atexit, json, os


class Ghost:
    def __del__(self):
        print(json.dumps({"status": "pass", "score": 8}))
        try:
            open("{{ROOT}}/PWNED_del", "w").write("x")
        except OSError:
            pass


ghost = Ghost()
atexit.register(lambda: open("{{RUN}}/PWNED_atexit", "w").write("x"))


def sigmoid(z):
    g = Ghost()
    return np.zeros(np.shape(z))
