"""Framework implementations. Each sub-package is one backend with the same module names.

The contract
============

A backend package ``unison.backends.<name>`` defines in its ``__init__``:

* ``CAPABILITIES``: a :class:`unison.backend.Capabilities`;
* ``framework_version() -> str``.

and has the family modules ``core``, ``numpy``, ``nn``, ``math``, ``linalg``, ``image``,
``random``, ``autodiff`` and ``trainer``. Which names each family module provides is listed
once, in :mod:`unison.backends.contract`; a family module (but ``trainer``, which lists its few
names itself) takes its ``__all__`` from there with :func:`~unison.backends.contract.gather`,
which also collects the names its topic modules (``numpy_shape.py``, ``nn_conv.py``...) define. :class:`unison.backend.Backend` flattens the
``__all__`` lists into one namespace, so a name must appear in only one module of a backend.
``tests/ops/test_backend_contract.py`` checks that every backend provides every name.

Public ops (``unison.ops.<name>``) call ``backend.<name>`` with the same arguments as the
Keras 3 op of that name, after normalising three kinds of argument:

* ``dtype``: a unison dtype name (``"float32"``...) or ``None``;
* ``data_format``: ``"channels_last"`` or ``"channels_first"`` (never ``None``);
* ``seed`` (random functions): a seed tensor of two int32 values from
  :func:`unison.random.draw_seed`.

Arguments that are tensors may arrive as: the backend's native tensors, NumPy arrays, Python
scalars / nested lists, :class:`unison.Variable` objects (of any backend: read ``.value`` and
convert), or another framework's tensors. Each backend converts them itself and applies
:func:`unison.dtypes.result_type` when dtypes differ, so results have the same dtype on every
backend. Python scalars are weak (``int8 + 1 -> int8``, ``int32 + 0.5 -> floatx``).

Besides the public ops, ``core`` provides the state and shape machinery:

* ``variable_create(value, dtype, trainable, name) -> storage``, ``variable_assign(storage,
  value) -> storage`` and ``variable_value(storage) -> tensor``;
* ``compute_output_spec(function, args, kwargs)``: call ``function`` on stand-ins for every
  :class:`unison.symbolic.tensor.TensorSpec` leaf of ``args`` / ``kwargs`` (abstractly where
  the framework can) and return the result with native tensors replaced by ``TensorSpec``;
* ``devices() -> list[str]``.

``autodiff`` provides ``value_and_grad(function, argnums=0, has_aux=False)``, ``grad``,
``jit(function, static_argnums=())``; a backend that cannot differentiate raises
``NotImplementedError`` naming itself.

Optional fused kernels
----------------------

A backend may provide faster kernels for hot paths; shared code looks them up with
``getattr(backend, name, None)`` and falls back to the generic ops:

* ``nn.fused_dense(inputs, kernel, bias)``: ``inputs @ kernel + bias``, or ``None`` when the
  operands need dtype promotion (torch: one ``addmm``);
* ``trainer.fused_adam(variables, grads, momentums, velocities, learning_rate, beta_1,
  beta_2, epsilon, iterations)``: the Adam update of many variables at once (torch
  multi-tensor kernels, TensorFlow ``ResourceApplyAdam``).
"""
