# attack: fills the disk: one huge file, then thousands of files
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
with open("big.bin", "wb") as f:
    for _ in range(100):
        f.write(b"\0" * (1 << 20))
# %%
import os
os.makedirs("many", exist_ok=True)
i = 0
while True:
    with open(f"many/{i}.bin", "wb") as f:
        f.write(b"\0" * (1 << 20))
    i += 1
