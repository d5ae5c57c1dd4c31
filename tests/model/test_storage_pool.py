"""A storage pool's capacity chain, pinned by worked cases: raw -> usable -> logical."""

import pytest

from medinfra.model.cloud import StoragePool

TB = 10**12


def _pool(raw_capacity: str, redundancy: dict[str, object], compression: float) -> StoragePool:
    return StoragePool.model_validate(
        {
            "id": "p",
            "name": "P",
            "tier": "hot",
            "protocols": ["object"],
            "raw_capacity": raw_capacity,
            "current_data": "0TB",
            "yearly_growth": "0TB/year",
            "retention_years": 1,
            "compression_ratio": compression,
            "redundancy": redundancy,
        }
    )


EC_8_2 = {"scheme": "erasure_coding", "data": 8, "parity": 2}
EC_4_2 = {"scheme": "erasure_coding", "data": 4, "parity": 2}
REPLICAS_3 = {"scheme": "replicas", "copies": 3}
REPLICAS_1 = {"scheme": "replicas", "copies": 1}


@pytest.mark.parametrize(
    ("raw", "redundancy", "compression", "usable", "logical"),
    [
        # the Henan hot pool: 900 TB on EC 8+2 (overhead 1.25), 1.43 compression
        ("900TB", EC_8_2, 1.43, 720 * TB, 1_029_600 * 10**9),
        # three replicas keep a third; no compression: logical is usable
        ("300TB", REPLICAS_3, 1.0, 100 * TB, 100 * TB),
        # EC 4+2 (overhead 1.5) with 2:1 compression
        ("600TB", EC_4_2, 2.0, 400 * TB, 800 * TB),
        # one copy: usable is raw
        ("7TB", REPLICAS_1, 1.25, 7 * TB, 8_750 * 10**9),
        # whole bytes, rounded down at each step: 20 / 3 = 6.67 -> 6, 6 x 1.25 = 7.5 -> 7
        ("20B", REPLICAS_3, 1.25, 6, 7),
    ],
)
def test_capacity_chain(
    raw: str, redundancy: dict[str, object], compression: float, usable: int, logical: int
) -> None:
    pool = _pool(raw, redundancy, compression)
    assert pool.usable_capacity == usable
    assert pool.logical_capacity == logical
