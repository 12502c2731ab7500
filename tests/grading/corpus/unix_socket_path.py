# attack: connects to a path-named Unix socket of another process (a local daemon) and asks it something
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import socket
broke = []
for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
    try:
        s = socket.socket(socket.AF_UNIX, kind)
        s.settimeout(2)
        s.connect("{{UNIX}}")
        s.sendall(b"exfiltrated")
        broke.append(("unix", s.recv(16)))
    except OSError as exc:
        print("unix socket refused:", exc)
# %% include _reveal
