"""bplib: backprop, built by hand — a small, readable NumPy neural-network library.

Conventions: batch-first rows; a dense layer computes ``X @ W + b`` with ``W`` of shape
``(n_in, n_out)``; class labels are integers; float64 by default; no function mutates its inputs.
"""

from .activations import (relu_backward, relu_forward, sigmoid, sigmoid_backward, sigmoid_forward,
                          tanh_backward, tanh_forward)
from .batchnorm import BatchNorm, batchnorm_backward, batchnorm_forward
from .dense import dense_backward, dense_forward
from .dropout import dropout_backward, dropout_forward
from .gradcheck import check_gradients, numerical_gradient, numerical_gradient_array, rel_error
from .layers import Dense, Dropout, GaussianNoise, Layer, ReLU, Sigmoid, Tanh
from .loss_objects import BCELoss, BCEWithLogitsLoss, Loss, MSELoss, SoftmaxCrossEntropyLoss
from .losses import (binary_cross_entropy, log_softmax, mse_loss, sigmoid_binary_cross_entropy, softmax,
                     softmax_cross_entropy)
from .model import Sequential
from .optim import SGD, Adam, Optimizer, RMSProp
from .parameter import Parameter, initialise
from .training import TrainingDiverged, evaluate, fit

__version__ = "1.0.0"

__all__ = [
    "dense_forward", "dense_backward", "sigmoid", "sigmoid_forward", "sigmoid_backward",
    "tanh_forward", "tanh_backward", "relu_forward", "relu_backward", "dropout_forward",
    "dropout_backward", "mse_loss", "binary_cross_entropy", "sigmoid_binary_cross_entropy",
    "softmax_cross_entropy", "softmax", "log_softmax", "Parameter", "initialise", "Layer", "Dense",
    "Sigmoid", "Tanh", "ReLU", "Dropout", "GaussianNoise", "Sequential", "Loss", "MSELoss", "BCELoss",
    "BCEWithLogitsLoss", "SoftmaxCrossEntropyLoss", "Optimizer", "SGD", "RMSProp", "Adam", "fit",
    "evaluate", "TrainingDiverged", "numerical_gradient", "numerical_gradient_array", "rel_error",
    "check_gradients", "batchnorm_forward", "batchnorm_backward", "BatchNorm",
]
