"""Every registered platform walks through the same contract (medinfra.platforms docstring)."""

import re
from pathlib import Path

import pytest
from hier_config import get_hconfig
from hier_config.platforms.driver_base import HConfigDriverBase
from netmiko.ssh_dispatcher import CLASS_MAPPER

from medinfra.lab.console import Console
from medinfra.lab.grammar import Rule
from medinfra.model import ManagedMode, Platform
from medinfra.platforms import REGISTRY, PlatformSpec, platform_for, registered
from medinfra.push.guard import ScopeContext, safe_remediation
from medinfra.render import BUILTIN_TEMPLATES

SRC = Path(__file__).resolve().parents[2] / "src" / "medinfra"
SPECS = [pytest.param(spec, id=spec.platform.value) for spec in registered()]


def test_every_model_platform_is_registered_under_its_own_name() -> None:
    assert set(REGISTRY) == set(Platform)
    for platform, spec in REGISTRY.items():
        assert spec.platform is platform
        assert platform_for(platform) is spec


@pytest.mark.parametrize("spec", SPECS)
def test_netmiko_knows_the_device_type(spec: PlatformSpec) -> None:
    assert spec.netmiko_device_type in CLASS_MAPPER


@pytest.mark.parametrize("spec", SPECS)
def test_patterns_are_regexes_that_match_what_they_describe(spec: PlatformSpec) -> None:
    for pattern in (spec.error_pattern, spec.config_mode.prompt, spec.config_mode.leave_prompt):
        re.compile(pattern)
    assert spec.config_mode.enter and spec.config_mode.leave
    assert not re.search(spec.error_pattern, "sysname A\n")
    assert not re.search(spec.config_mode.prompt, "HOST>")


@pytest.mark.parametrize("spec", SPECS)
def test_identity_and_defaults_are_stated(spec: PlatformSpec) -> None:
    assert spec.management_interface.strip() == spec.management_interface != ""
    assert spec.default_model and spec.serial_command.startswith("display ")
    assert "More" in spec.pager_prompt


@pytest.mark.parametrize("spec", SPECS)
def test_the_template_folder_has_a_main_template(spec: PlatformSpec) -> None:
    assert (BUILTIN_TEMPLATES / spec.main_template).is_file()


@pytest.mark.parametrize("spec", SPECS)
def test_the_driver_parses_a_normalised_dump(spec: PlatformSpec) -> None:
    driver = spec.remediation.driver()
    assert isinstance(driver, HConfigDriverBase)
    tree = get_hconfig(driver, spec.remediation.normalise("#\nsysname A\n#\nreturn\n"))
    assert [child.text for child in tree.children] == ["sysname A"]
    for pattern in spec.remediation.permanent_sections:
        re.compile(pattern)


@pytest.mark.parametrize("spec", SPECS)
def test_the_lab_simulates_it_with_a_grammar_a_layout_and_a_console(spec: PlatformSpec) -> None:
    parts = spec.lab()
    assert "system" in parts.grammar or "config" in parts.grammar
    assert all(isinstance(rule, Rule) for rules in parts.grammar.values() for rule in rules)
    assert issubclass(parts.console, Console)
    assert callable(parts.render)
    assert spec.lab() is parts


@pytest.mark.parametrize("spec", SPECS)
def test_platform_facts_are_written_only_in_the_platform_modules(spec: PlatformSpec) -> None:
    """A literal copy of a fact elsewhere in src/ is a second definition waiting to drift."""
    facts = [
        spec.error_pattern,
        spec.config_mode.prompt,
        spec.config_mode.leave_prompt,
        spec.pager_prompt,
        spec.default_model,
        spec.serial_command,
        spec.netmiko_device_type,
        spec.management_interface,
    ]
    literals = [f'"{fact}"' for fact in facts]
    home = SRC / "platforms"
    for path in SRC.rglob("*.py"):
        if home in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        for fact in literals:
            if path.parent.name == "model":
                continue  # the model's Platform enum names the families
            assert fact not in text, f"{path.relative_to(SRC)} repeats {fact!r}"


BROWNFIELD = Path(__file__).resolve().parents[1] / "push" / "brownfield"
SHAPES = {
    Platform.HUAWEI_VRP: ("ar", "GigabitEthernet0/0/0"),
    Platform.HUAWEI_VRPV8: ("ne", "GigabitEthernet0/0/0"),
    Platform.HUAWEI_SMARTAX: ("olt", "MEth0"),
}


@pytest.mark.parametrize("spec", SPECS)
def test_one_driver_is_shared_and_no_remediation_changes_its_rules(spec: PlatformSpec) -> None:
    """A platform's hier_config driver is built once and shared by every parse of every push
    thread; that is only safe while nothing writes to its rules. A brownfield remediation
    (scoped and full, and its management-path proof) leaves them as a new driver has them."""
    shared = spec.remediation.driver()
    assert spec.remediation.driver() is shared
    name, mgmt = SHAPES[spec.platform]
    running = (BROWNFIELD / f"{name}_running.cfg").read_text()
    intended = (BROWNFIELD / f"{name}_intended.cfg").read_text()
    for mode in (ManagedMode.SCOPED, ManagedMode.FULL):
        plan = safe_remediation(spec.platform, running, intended, ScopeContext(mode, mgmt))
        assert not plan.empty  # the fixtures differ: hier_config worked through the driver
    fresh = spec.remediation.driver.__wrapped__()  # type: ignore[attr-defined]
    assert fresh is not shared
    assert shared.rules.model_dump() == fresh.rules.model_dump()
