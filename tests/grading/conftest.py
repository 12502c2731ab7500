"""Shared fixtures for the grader's tests."""

import pytest

from bpgrade.isolation import protections as prot
from bpgrade.layout import Layout
from bpgrade.isolation.limits import Limits


@pytest.fixture(scope="session")
def protections():
    return prot.probe("standard")


@pytest.fixture(scope="session")
def limits():
    return Limits(cell_timeout=5, call_timeout=3, question_timeout=30)


@pytest.fixture(scope="session")
def layout():
    return Layout.find()
