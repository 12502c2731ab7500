# attack: os._exit, abort, a segfault, sys.exit/exit/quit/KeyboardInterrupt in their own top-level cells
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import os
os._exit(3)
# %%
import os
os.abort()
# %%
import ctypes
ctypes.string_at(0)
# %%
import sys
sys.exit(0)
# %%
exit()
# %%
quit()
# %%
raise KeyboardInterrupt
