"""Shared fixtures for the grader's tests."""

import pytest

from bplib.grading import protections as prot
from bplib.grading.layout import Layout
from bplib.grading.limits import Limits


@pytest.fixture(scope="session")
def protections():
    return prot.probe("standard")


@pytest.fixture(scope="session")
def limits():
    return Limits(cell_timeout=5, call_timeout=3, question_timeout=30)


@pytest.fixture(scope="session")
def layout():
    return Layout.find()
