"""Hypothesis profiles, chosen with the HYPOTHESIS_PROFILE environment variable (conftest.py loads one).

- `ci`: every property test runs the example count written in the test (`examples(1500)` is 1,500).
- `dev` (the default): a tenth of each count, at least 10, for a quick run while editing.

Both are reproducible (`derandomize=True`), write no example database (no `.hypothesis/` folder in
the repository) and have no deadline: CI machines are slow and shared.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

CI_EXAMPLES = 100  # the ci profile's max_examples; the tests' counts are relative to it
DEV_EXAMPLES = 10

settings.register_profile(
    "ci",
    max_examples=CI_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile("dev", settings.get_profile("ci"), max_examples=DEV_EXAMPLES)


def load_profile() -> str:
    name = os.environ.get("HYPOTHESIS_PROFILE", "dev")
    settings.load_profile(name)
    return name


def examples(ci_count: int) -> int:
    """How many examples a test written for `ci_count` runs under the loaded profile (at least 10)."""
    return max(10, ci_count * settings.default.max_examples // CI_EXAMPLES)
