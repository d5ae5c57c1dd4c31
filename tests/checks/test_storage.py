"""Storage runway against the Henan seed: 230 TB today, +40 TB/year."""

import math

import pytest

from medinfra.checks.storage import runway_years, usable_logical
from medinfra.model import Replicas
from tests.checks.conftest import at, evolve, example, findings

HPPH = "henan-provincial-hospital"
HOT = ("cloud", "tenants", 0, "storage_pools", 0)


def test_henan_hot_pool_runway() -> None:
    pool = at(example(HPPH), HOT)
    # 900 TB raw / (8+2)/8 = 1.25 x 1.43 = 1,029.6 TB logical; (1,029.6 - 230) / 40 = 19.99 y
    assert usable_logical(pool) == pytest.approx(1029.6e12)
    assert runway_years(pool) == pytest.approx(19.99)
    assert findings(example(HPPH), "MI-STO-001") == []


def test_small_pool_fails_with_the_numbers() -> None:
    topology = evolve(example(HPPH), (*HOT, "raw_capacity"), 300 * 10**12)
    # 300 / 1.25 x 1.43 = 343.2 TB; (343.2 - 230) / 40 = 2.83 years < 3
    (finding,) = findings(topology, "MI-STO-001")
    assert finding.message == (
        "storage pool hpph-images-hot: 300 TB raw holds 343.2 TB of data (erasure coding "
        "8+2, overhead 1.25, compression 1.43); with 230 TB stored and 40 TB/year that is "
        "2.8 years of runway, below the minimum 3 years"
    )


def test_replicas_overhead_and_a_full_pool() -> None:
    topology = evolve(example(HPPH), (*HOT, "redundancy"), Replicas(scheme="replicas", copies=3))
    # 900 / 3 x 1.43 = 429 TB; (429 - 230) / 40 = 4.975 years
    assert runway_years(at(topology, HOT)) == pytest.approx(4.975)
    full = evolve(topology, (*HOT, "raw_capacity"), 600 * 10**12)  # 600 / 3 x 1.43 = 286 TB
    assert runway_years(at(full, HOT)) == pytest.approx(1.4)
    fuller = evolve(topology, (*HOT, "raw_capacity"), 300 * 10**12)  # 143 TB < 230 TB stored
    assert runway_years(at(fuller, HOT)) == 0.0
    no_growth = evolve(topology, (*HOT, "yearly_growth"), 0)
    assert math.isinf(runway_years(at(no_growth, HOT)))


def test_retention_horizon_is_opt_in_information() -> None:
    (finding, _) = findings(example(HPPH), "MI-STO-002")
    # (230 + 40 x 30) / 1.43 x 1.25 = 1,250 TB raw needed, 350 TB more than 900 TB
    assert finding.message == (
        "storage pool hpph-images-hot needs 1.25 PB raw to keep 30 years of images, 350 TB "
        "more than its 900 TB"
    )


def test_image_pool_without_disaster_recovery_copy() -> None:
    topology = example(HPPH)
    assert findings(topology, "MI-STO-003") == []
    copy = evolve(topology, (*HOT, "dr_target"), None)
    messages = [f.message for f in findings(copy, "MI-STO-003")]
    assert messages == [
        "storage pool hpph-images-hot holds images but has no dr_target and is no pool's DR copy",
        "storage pool hpph-images-dr holds images but has no dr_target and is no pool's DR copy",
    ]
