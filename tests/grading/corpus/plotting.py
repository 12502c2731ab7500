# attack: none: plotting with plt.show() (the Agg backend makes it a no-op)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import matplotlib.pyplot as plt
z = np.linspace(-5, 5, 50)
plt.plot(z, sigmoid(z))
plt.title("sigmoid")
plt.show()
