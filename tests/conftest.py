"""Test fixtures: run each backend-aware test on every installed backend in one process.

``UNISON_TEST_BACKENDS=jax,torch`` narrows the set.
"""

import os

import pytest

import unison

_requested = os.environ.get("UNISON_TEST_BACKENDS")
BACKENDS = (
    [name.strip() for name in _requested.split(",") if name.strip()]
    if _requested
    else unison.available_backends()
)
TRAINING_BACKENDS = [name for name in BACKENDS if name != "numpy"]


@pytest.fixture(params=BACKENDS)
def backend(request):
    """The backend object, active for the duration of the test."""
    with unison.backend.use(request.param) as active:
        yield active


@pytest.fixture(params=TRAINING_BACKENDS)
def training_backend(request):
    """Like ``backend`` but only backends that can differentiate (not numpy)."""
    with unison.backend.use(request.param) as active:
        yield active
