# attack: changes mode, owner, times and extended attributes of files outside its folder (root keeps its files' metadata)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import os
broke = []
for path in ["{{CANARY}}/gradebook.csv", "{{ROOT}}/solutions/checks/ex01_neuron.py", "{{RUN}}/SUBMISSIONS"]:
    for name, attack in [
            ("chmod", lambda p: os.chmod(p, 0o777)),
            ("chown", lambda p: os.chown(p, 4242, 4242)),
            ("lchown", lambda p: os.lchown(p, 4242, 4242)),
            ("utime", lambda p: os.utime(p, (0, 0))),
            ("setxattr", lambda p: os.setxattr(p, "user.pwned", b"1")),
            ("removexattr", lambda p: os.removexattr(p, "user.canary")),
            ("chmod_via_fd", lambda p: os.chmod(os.open(p, os.O_RDONLY), 0o777))]:
        try:
            attack(path)
            broke.append(f"{name} {path}")
        except OSError:
            pass
# %% include _reveal
