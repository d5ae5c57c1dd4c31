"""Selecting rules, opt-in rules and per-object suppression."""

import gc

import pytest

from medinfra.checks import CheckRule, Family, catalogue, run_checks, select_rules
from medinfra.diagnostics import Severity
from medinfra.errors import UsageError
from medinfra.model.base import Suppression
from tests.checks.conftest import evolve, example, site_index

HPPH = "henan-provincial-hospital"


def _ids(rules) -> list[str]:  # type: ignore[no-untyped-def]
    return [rule.id for rule in rules]


def test_catalogue_has_every_family_and_stable_ids() -> None:
    ids = _ids(catalogue())
    assert len(ids) == len(set(ids))
    for prefix in ("MI-INT", "MI-ADDR", "MI-WAN", "MI-AV", "MI-CAP", "MI-STO", "MI-OPT", "MI-SEC"):
        assert any(rule_id.startswith(prefix + "-") for rule_id in ids), prefix
    assert all(rule.explanation and rule.summary for rule in catalogue())


def test_select_and_ignore_by_id_and_prefix() -> None:
    assert _ids(select_rules(["MI-AV"])) == ["MI-AV-001"]
    security = _ids(select_rules(["mi-sec"], ["MI-SEC-011"]))
    assert security == [f"MI-SEC-{n:03d}" for n in range(1, 15) if n != 11]
    assert "MI-STO-002" not in _ids(select_rules())  # opt-in
    assert "MI-STO-002" in _ids(select_rules(["MI-STO"]))
    assert "MI-A" not in "".join(_ids(select_rules(["MI-ADDR"]))).replace("MI-ADDR", "")


def test_unknown_selector_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="'MI-XYZ' names no rule"):
        select_rules(["MI-XYZ"])
    with pytest.raises(UsageError, match="'MI-AV-009' names no rule"):
        select_rules((), ["MI-AV-009"])


def _failing() -> tuple:  # type: ignore[type-arg]
    topology = example(HPPH)
    s = site_index(topology, "xincai-branch")
    return evolve(topology, ("sites", s, "uplinks", 0, "encrypted"), False), s


def test_suppression_on_the_object_or_an_ancestor() -> None:
    topology, s = _failing()
    assert [i.rule.id for i in run_checks(topology).findings] == ["MI-SEC-008"]
    reason = "Carrier encrypts at layer 1 on this route; contract ref CT-2291"
    on_line = evolve(
        topology,
        ("sites", s, "uplinks", 0, "suppress"),
        (Suppression(rule="MI-SEC-008", reason=reason),),
    )
    run = run_checks(on_line)
    assert run.findings == ()
    (item, suppression) = run.suppressed[0], run.suppressed[0][1]
    assert item[0].rule.id == "MI-SEC-008" and suppression.reason == reason
    on_site = evolve(
        topology, ("sites", s, "suppress"), (Suppression(rule="MI-SEC", reason=reason),)
    )
    assert run_checks(on_site).findings == ()
    # a suppression of another rule, or on a sibling object, does not apply
    other = evolve(
        topology,
        ("sites", s, "uplinks", 1, "suppress"),
        (Suppression(rule="MI-SEC-008", reason=reason),),
    )
    assert [i.rule.id for i in run_checks(other).findings] == ["MI-SEC-008"]
    wrong = evolve(topology, ("sites", s, "suppress"), (Suppression(rule="MI-AV", reason=reason),))
    assert [i.rule.id for i in run_checks(wrong).findings] == ["MI-SEC-008"]


def test_rules_run_with_the_cyclic_collector_paused() -> None:
    seen: list[bool] = []

    def spy(topology, settings):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return ()

    probe = CheckRule("MI-TEST-001", Family.INTEGRITY, Severity.INFO, "probe", "probe", spy)
    assert run_checks(example(HPPH), [probe]).findings == ()
    assert seen == [False]
    assert gc.isenabled()
