# attack: opens TCP connections (to a listener on this machine) and sends UDP datagrams
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import socket
for family, kind in [(socket.AF_INET, socket.SOCK_STREAM), (socket.AF_INET, socket.SOCK_DGRAM)]:
    try:
        s = socket.socket(family, kind)
        if kind == socket.SOCK_STREAM:
            s.settimeout(2)
            s.connect(("127.0.0.1", {{PORT}}))
            s.sendall(b"exfiltrated")
        else:
            s.sendto(b"exfiltrated", ("127.0.0.1", {{PORT}}))
    except OSError as exc:
        print("network blocked:", exc)
