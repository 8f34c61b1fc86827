"""The unison and real-Keras implementations: one model definition over the Keras 3 API.

``api`` is either the ``unison`` package or the ``keras`` package; both expose ``Input``,
``Model``, ``layers``, ``optimizers``, ``losses`` and ``callbacks`` with the same signatures,
so the same code builds, compiles and fits the same architecture on both.
"""

from __future__ import annotations

import time

from training_workloads import EMBED, FF, HEADS, KEY_DIM, VOCAB, Workload


def build_model(api, workload: Workload):
    layers = api.layers
    inputs = api.Input(shape=workload.input_shape, dtype=workload.input_dtype)
    if workload.name == "mlp":
        x = layers.Dense(512, activation="relu")(inputs)
        x = layers.Dense(256, activation="relu")(x)
        outputs = layers.Dense(10)(x)
    elif workload.name == "cnn":
        x = layers.Conv2D(32, 3, activation="relu")(inputs)
        x = layers.Conv2D(64, 3, activation="relu")(x)
        x = layers.MaxPooling2D(2)(x)
        x = layers.Flatten()(x)
        x = layers.Dense(128, activation="relu")(x)
        outputs = layers.Dense(10)(x)
    else:
        x = layers.Embedding(VOCAB, EMBED)(inputs)
        attended = layers.MultiHeadAttention(num_heads=HEADS, key_dim=KEY_DIM)(x, x)
        x = layers.LayerNormalization()(layers.Add()([x, attended]))
        hidden = layers.Dense(FF, activation="relu")(x)
        x = layers.Add()([x, layers.Dense(EMBED)(hidden)])  # projection back + residual
        x = layers.GlobalAveragePooling1D()(x)
        outputs = layers.Dense(2)(x)
    return api.Model(inputs, outputs)


def run(api, workload: Workload, data: dict, settings: dict) -> dict:
    """Compile with defaults, fit ``1 + steady_epochs`` epochs, then predict twice."""
    api.utils.set_random_seed(settings["seed"])
    model = build_model(api, workload)
    model.compile(
        optimizer=api.optimizers.Adam(learning_rate=workload.learning_rate),
        loss=api.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    marks: dict = {"begin": [], "end": [], "loss": []}

    class Timer(api.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            marks["begin"].append(time.perf_counter())

        def on_epoch_end(self, epoch, logs=None):
            marks["loss"].append(float(logs["loss"]))  # also waits for pending work
            marks["end"].append(time.perf_counter())

    x, y = data["x"], data["y"]
    start = time.perf_counter()
    model.fit(
        x,
        y,
        batch_size=workload.batch_size,
        epochs=1 + settings["steady_epochs"],
        shuffle=False,
        verbose=0,
        callbacks=[Timer()],
    )
    first_epoch = marks["end"][0] - start
    steady = [end - begin for begin, end in zip(marks["begin"][1:], marks["end"][1:])]

    predict_times = []
    for _ in range(2):
        begin = time.perf_counter()
        model.predict(data["x_predict"], batch_size=workload.batch_size, verbose=0)
        predict_times.append(time.perf_counter() - begin)
    return {
        "params": int(model.count_params()),
        "first_epoch_s": first_epoch,
        "steady_epoch_s": steady,
        "epoch_loss": marks["loss"],
        "predict_s": predict_times[1],
        "predict_first_s": predict_times[0],
        "jit_compile": str(getattr(model, "jit_compile", None)),
    }
