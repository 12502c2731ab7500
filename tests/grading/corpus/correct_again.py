# attack: none: the same correct submission graded again must give an identical result
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# same-as: correct
# %% include _correct
