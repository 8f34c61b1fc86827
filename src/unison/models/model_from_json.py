"""``model_from_json``: rebuild a model (architecture only) from a JSON config string."""

from __future__ import annotations

import json
from typing import Any


def model_from_json(json_string: str, custom_objects: dict | None = None) -> Any:
    """Build a new, freshly initialised model from the JSON of its serialized config.

    ``json_string`` is what ``json.dumps(unison.saving.serialize_keras_object(model))``
    (or Keras's ``model.to_json()``) produces; weights are not included.

    Example:
        >>> text = json.dumps(unison.saving.serialize_keras_object(model))
        >>> clone = unison.models.model_from_json(text)
    """
    from unison.saving.serialization import deserialize

    if not isinstance(json_string, (str, bytes, bytearray)):
        raise TypeError(
            f"model_from_json expects a JSON string; received {type(json_string).__name__}."
        )
    try:
        config = json.loads(json_string)
    except json.JSONDecodeError as error:
        raise ValueError(f"model_from_json: invalid JSON ({error}).") from None
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "model_from_json: expected the JSON of a model config, an object with "
            f"'class_name' and 'config'; received {str(config)[:120]!r}."
        )
    return deserialize(config, custom_objects)
