"""Every op of the case tables, on every installed backend, against its NumPy reference.

A test id reads ``test_op[<backend>-<op>-<case>-<dtype>]``; failure messages repeat all four.
"""

import pytest

import unison

from . import (
    cases_conv,
    cases_create,
    cases_elementwise,
    cases_image,
    cases_linalg,
    cases_math,
    cases_nn,
    cases_reduce,
    cases_shape,
)
from .harness import run_case

MODULES = (
    cases_elementwise,
    cases_reduce,
    cases_shape,
    cases_create,
    cases_linalg,
    cases_math,
    cases_nn,
    cases_conv,
    cases_image,
)
ALL_CASES = [case for module in MODULES for case in module.CASES]


def test_case_ids_are_unique():
    ids = [case.id for case in ALL_CASES]
    duplicates = sorted({name for name in ids if ids.count(name) > 1})
    assert not duplicates, f"duplicate case ids: {duplicates}"


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_op(case, backend):
    run_case(case, unison.ops, backend.name)
