# attack: prints 50 MB on one line and in a loop (output is capped; the score is unaffected)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
print("x" * 50_000_000)
# %%
import sys
for _ in range(20_000):
    sys.stderr.write("y" * 1000 + "\n")
