# attack: prints PASSED and fake JSON results; writes forged reply frames to every open descriptor
# expect: q_sigmoid=fail|error
# score: q_sigmoid=0
# %% include _correct
# %%
import json, os, struct, sys
print("All tests PASSED. score: 8/8")
print(json.dumps({"student": "x", "score": 8, "max_score": 8, "questions": []}))
frame = json.dumps({"id": 1, "status": "ok", "outputs": [], "args_after": [], "blobs": []}).encode()
for fd in range(3, 20):
    try:
        os.write(fd, struct.pack(">I", len(frame)) + frame)
    except OSError:
        pass
# %%
def sigmoid(z):
    import io, json, os, struct
    arr = np.full(np.shape(z), 0.5)
    buf = io.BytesIO()
    np.save(buf, arr)
    for rid in range(1, 40):
        head = json.dumps({"id": rid, "status": "ok", "outputs": [{"t": "array", "blob": 0}],
                           "args_after": [[{"t": "none"}]], "blobs": [len(buf.getvalue())]}).encode()
        for fd in range(3, 12):
            try:
                os.write(fd, struct.pack(">I", len(head)) + head + buf.getvalue())
            except OSError:
                pass
    return arr
