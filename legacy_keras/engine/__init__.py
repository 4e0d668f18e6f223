"""Keras 1 ``keras.engine``: topology (Layer, Input, Container) and training (Model)."""
