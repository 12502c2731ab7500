# attack: minimise_quadratic returns np.linalg.solve(A, b): no gradient descent at all (ex03)
# exercise: ex03_gradient_descent
# score: q_minimise<3
# %%
def minimise_quadratic(A, b, w0, tol=1e-10, max_steps=100_000):
    return np.linalg.solve(A, b)
