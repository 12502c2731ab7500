# attack: issue 8.4: every cell takes just under the cell limit, so each question takes most of the question limit; the per-student budget (20 s here) stops the rest
# flags: --student-budget 20
# expect: q_sigmoid=pass|timeout q_relu=timeout q_neuron=timeout q_and=timeout
# text~: budget
# %% include _correct
# %%
import time
time.sleep(1.5)
# %%
time.sleep(1.5)
# %%
time.sleep(1.5)
# %%
time.sleep(1.5)
# %%
time.sleep(1.5)
# %%
time.sleep(1.5)
# %%
time.sleep(1.5)
# %%
time.sleep(1.5)
# %%
time.sleep(1.5)
# %%
time.sleep(1.5)
