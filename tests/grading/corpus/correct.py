# attack: none: a correct submission (full marks)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# score: total=8
# %% include _correct
