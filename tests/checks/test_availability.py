"""MI-AV-001 against availabilities computed by hand from DOMAIN.md section 6."""

import pytest

from medinfra.checks.availability import downtime_minutes, parallel, series, site_availability
from medinfra.model import Device
from tests.checks.conftest import at, evolve, example, findings, site_index

HPPH = "henan-provincial-hospital"


def test_seed_downtime_figures() -> None:
    # (1 - 0.9995) x 525,600 = 262.8; (1 - 0.9999) x 525,600 = 52.56
    assert downtime_minutes(0.9995) == pytest.approx(262.8)
    assert downtime_minutes(0.9999) == pytest.approx(52.56)
    assert series([0.999, 0.999]) == pytest.approx(0.998001)
    assert parallel([0.999, 0.999]) == pytest.approx(0.999999)


def test_hpph_main_one_cpe_two_lines_one_data_centre() -> None:
    topology = example(HPPH)
    site = topology.sites[site_index(topology, "hpph-main")]
    # shared: CPE 0.9999 x data centre 0.9999 = 0.99980001
    # per path: line 0.999 x DC edge 0.99999 = 0.99899001; unavailability 0.00100999
    # parallel: 1 - 0.00100999^2 = 0.99999897992
    # total: 0.99980001 x 0.99999897992 = 0.99979899 -> 99.9799%, 105.65 min/year
    availability = site_availability(topology, site, topology.settings)
    assert availability == pytest.approx(0.99979899, abs=1e-8)
    assert downtime_minutes(availability) == pytest.approx(105.65, abs=0.01)
    assert findings(topology, "MI-AV-001") == []


def test_active_active_pair_is_in_parallel() -> None:
    topology = example("henan-telemedicine")
    site = topology.sites[site_index(topology, "anyang-county-1")]
    # shared: CPE 0.9999; per path: line 0.999 x edge 0.99999 x its data centre 0.9999
    # = 0.99889012; unavailability 0.00110988, squared 1.23183e-6
    # total: 0.9999 x (1 - 1.23183e-6) = 0.99989877
    availability = site_availability(topology, site, topology.settings)
    assert availability == pytest.approx(0.99989877, abs=1e-8)


def test_clinic_on_one_line_meets_its_own_target_only() -> None:
    topology = example("longgang-regional-imaging")
    s = site_index(topology, "chc-bantian-01")
    # series: 0.9999 x 0.999 x 0.99999 x 0.9999 = 0.99879022 -> 99.879%, 635.9 min/year
    availability = site_availability(topology, topology.sites[s], topology.settings)
    assert availability == pytest.approx(0.99879022, abs=1e-8)
    assert findings(topology, "MI-AV-001") == []  # its target is 99.5% (2,628 min/year)
    # without its own target the topology's 99.95% applies and the clinic fails
    copy = evolve(topology, ("sites", s, "availability_target"), None)
    messages = [f.message for f in findings(copy, "MI-AV-001")]
    assert (
        "site chc-bantian-01 end-to-end availability 99.879% (635.9 min/year down) is below "
        "the target 99.95% (262.8 min/year)"
    ) in messages


def test_stricter_target_fails_with_the_computed_numbers() -> None:
    topology = example(HPPH).model_copy(update={"availability_target": 0.9999})
    messages = [f.message for f in findings(topology, "MI-AV-001")]
    assert (
        "site hpph-main end-to-end availability 99.9799% (105.7 min/year down) is below the "
        "target 99.99% (52.6 min/year)"
    ) in messages


def test_device_availability_overrides_the_default() -> None:
    topology = example(HPPH)
    s = site_index(topology, "hpph-main")
    cpe: Device = at(topology, ("sites", s, "devices", 0))
    # CPE 0.999 x DC 0.9999 x parallel 0.99999897992 = 0.99889908 -> 99.8899%, and
    # (1 - 0.99889908) x 525,600 = 578.6 min/year, below 99.95%
    copy = evolve(
        topology, ("sites", s, "devices", 0), cpe.model_copy(update={"availability": 0.999})
    )
    (finding,) = [f for f in findings(copy, "MI-AV-001") if "hpph-main" in f.message]
    assert finding.message == (
        "site hpph-main end-to-end availability 99.8899% (578.6 min/year down) is below the "
        "target 99.95% (262.8 min/year)"
    )
    assert finding.path == ("sites", s, "uplinks")
