"""The course's laboratory: what the notebooks measure with (course machinery, not the maths).

    experiments     a grid of training runs over settings and seeds, as one tidy table
    lr_range        the learning-rate range test: the loss against ever larger steps
    loss_surfaces   losses of two weights, and the paths the optimisers take across them
    valley          one weight's SSE valley and gradient descent along it (notebook 03)
    signal_sizes    each layer's activations and slopes: vanishing gradients, starting weights
    hidden_neurons  inside a trained MLP: active neurons, overlaps, knock-outs, strongest digits
    digit_reader    notebook 05's recipe and trained digit reader, loaded or trained again
    pytorch_bridge  annlib's MLP and PyTorch side by side: weights moved both ways
    tables          truth tables with the firing rows highlighted; a layer's weights as a table

Import what you need: ``from annlib.lab import experiments``.
"""
