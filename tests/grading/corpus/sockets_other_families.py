# attack: sockets of every other family: netlink (routing, audit, kernel events), packet, abstract Unix, socketpair, IPv6, raw
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import socket
broke = []
for family, kind, proto in [(socket.AF_NETLINK, socket.SOCK_RAW, 0), (socket.AF_NETLINK, socket.SOCK_DGRAM, 9),
                            (socket.AF_PACKET, socket.SOCK_RAW, 0), (socket.AF_INET, socket.SOCK_RAW, 1),
                            (socket.AF_INET6, socket.SOCK_STREAM, 0), (socket.AF_UNIX, socket.SOCK_DGRAM, 0),
                            (socket.AF_UNIX, socket.SOCK_SEQPACKET, 0), (getattr(socket, "AF_VSOCK", 40), socket.SOCK_STREAM, 0),
                            (getattr(socket, "AF_ALG", 38), socket.SOCK_SEQPACKET, 0)]:
    try:
        socket.socket(family, kind, proto).close()
        broke.append((family, kind))
    except OSError:
        pass
try:
    a, b = socket.socketpair()
    broke.append("socketpair")
except OSError:
    pass
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("\0/tmp/.X11-unix/X0")
    broke.append("abstract unix")
except OSError:
    pass
# %% include _reveal
