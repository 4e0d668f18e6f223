"""``keras.wrappers``: the Keras 1 scikit-learn wrappers."""
