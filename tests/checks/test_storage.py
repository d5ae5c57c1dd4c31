"""Storage runway against the Henan seed: 230 TB today, +48 TB/year."""

import math

import pytest
from typer.testing import CliRunner

from medinfra.checks.storage import imaging_loads, runway_years
from medinfra.cli import app
from medinfra.model import Replicas
from medinfra.model.site import ImagingLoad
from tests.checks.conftest import at, evolve, example, findings
from tests.conftest import EXAMPLES, replace_in

runner = CliRunner()

HPPH = "henan-provincial-hospital"
HOT = ("cloud", "tenants", 0, "storage_pools", 0)


def test_henan_hot_pool_runway() -> None:
    pool = at(example(HPPH), HOT)
    # 900 TB raw / (8+2)/8 = 1.25 x 1.43 = 1,029.6 TB logical; (1,029.6 - 230) / 48 = 16.66 y
    assert pool.logical_capacity == pytest.approx(1029.6e12)
    assert runway_years(pool) == pytest.approx(16.658, abs=1e-3)
    assert findings(example(HPPH), "MI-STO-001") == []


def test_small_pool_fails_with_the_numbers() -> None:
    topology = evolve(example(HPPH), (*HOT, "raw_capacity"), 300 * 10**12)
    # 300 / 1.25 x 1.43 = 343.2 TB; (343.2 - 230) / 48 = 2.36 years < 3
    (finding,) = findings(topology, "MI-STO-001")
    assert finding.message == (
        "storage pool hpph-images-hot: 300 TB raw holds 343.2 TB of data (erasure coding "
        "8+2, overhead 1.25, compression 1.43); with 230 TB stored and 48 TB/year that is "
        "2.4 years of runway, below the minimum 3 years"
    )


def test_replicas_overhead_and_a_full_pool() -> None:
    topology = evolve(example(HPPH), (*HOT, "redundancy"), Replicas(scheme="replicas", copies=3))
    # 900 / 3 x 1.43 = 429 TB; (429 - 230) / 48 = 4.146 years
    assert runway_years(at(topology, HOT)) == pytest.approx(4.146, abs=1e-3)
    full = evolve(topology, (*HOT, "raw_capacity"), 600 * 10**12)  # 600 / 3 x 1.43 = 286 TB
    assert runway_years(at(full, HOT)) == pytest.approx(56 / 48)
    fuller = evolve(topology, (*HOT, "raw_capacity"), 300 * 10**12)  # 143 TB < 230 TB stored
    assert runway_years(at(fuller, HOT)) == 0.0
    no_growth = evolve(topology, (*HOT, "yearly_growth"), 0)
    assert math.isinf(runway_years(at(no_growth, HOT)))


def test_retention_horizon_is_opt_in_information() -> None:
    (finding, _) = findings(example(HPPH), "MI-STO-002")
    # (230 + 48 x 30) / 1.43 x 1.25 = 1,459.79 TB raw needed, 559.79 TB more than 900 TB
    assert finding.message == (
        "storage pool hpph-images-hot needs 1.46 PB raw to keep 30 years of images, 559.79 TB "
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


def test_every_example_declares_growth_that_covers_its_imaging_load() -> None:
    for name in EXAMPLES:
        assert findings(example(name), "MI-STO-004") == [], name


def test_growth_below_the_imaging_load_is_a_finding_with_the_numbers(example_copy) -> None:  # type: ignore[no-untyped-def]
    topo = example_copy("union-shenzhen-campus")
    # union-main: 1,820 studies/day = 219.8 GB/day x 365 = 80.227 TB/year against 45 declared
    replace_in(topo / "topology.yaml", "yearly_growth: 81TB/year", "yearly_growth: 45TB/year")
    result = runner.invoke(
        app, ["validate", str(topo), "--select", "MI-STO-004", "--format", "github"]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "::error file=topo/topology.yaml,line=163,col=11,title=MI-STO-004::"
        "cloud.tenants[0].storage_pools[0].yearly_growth: storage pool union-pacs-hot grows "
        "45 TB/year as declared, but the sites it serves (1) make 1,820 studies/day = 219.8 "
        "GB/day x 365 = 80.227 TB/year (56.103 TB/year stored at compression 1.43); the "
        "runway at that load is 4.9 years, not 8.7; raise yearly_growth to at least the load "
        "(and check the runway it leaves), or correct the sites' studies_per_day and "
        "average_study_size"
    ]
    # the runway describe shows is the one at the load, not at the declared growth
    described = runner.invoke(app, ["describe", str(topo)])
    assert "  storage  union/union-pacs-hot: runway 4.9 y\n" in described.output


def test_a_shared_platform_serves_every_site_no_hospital_serves() -> None:
    topology = example("longgang-regional-imaging")
    (load,) = imaging_loads(topology).values()
    imaging = [site.imaging for site in topology.sites if site.imaging is not None]
    assert load.sites == len(imaging) == 180
    assert load.bytes_per_year == sum(i.bytes_per_day for i in imaging) * 365


def test_the_brief_s_example_250_studies_of_400_mb(example_copy) -> None:  # type: ignore[no-untyped-def]
    topology = example(HPPH)
    # one site of 250 studies/day x 400 MB, the other without imaging: 36.5 TB/year > 12 TB
    sites = list(topology.sites)
    for i, site in enumerate(sites):
        if site.imaging is not None:
            sites[i] = site.model_copy(update={"imaging": None})
    main = next(i for i, s in enumerate(sites) if s.id == "hpph-main")
    sites[main] = sites[main].model_copy(
        update={
            "imaging": ImagingLoad.model_validate(
                {
                    "modalities": [
                        {"kind": "CT", "studies_per_day": 250, "average_study_size": "400MB"}
                    ]
                }
            )
        }
    )
    mutated = evolve(
        topology.model_copy(update={"sites": tuple(sites)}), (*HOT, "yearly_growth"), 12 * 10**12
    )
    (finding,) = findings(mutated, "MI-STO-004")  # the DR pool's 48 TB/year covers it
    assert "grows 12 TB/year as declared, but the sites it serves (1) make 250 studies/day = " in (
        finding.message
    )
    assert "100 GB/day x 365 = 36.5 TB/year" in finding.message
    # the runway: (1,029.6 - 230) / 36.5 = 21.9 years, not (1,029.6 - 230) / 12 = 66.6
    assert finding.message.endswith("the runway at that load is 21.9 years, not 66.6")
