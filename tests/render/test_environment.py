"""The Jinja2 environment: cached, strict, and layered under ``--templates`` folders."""

from pathlib import Path

import pytest

from medinfra.errors import UsageError
from medinfra.render import RenderError, get_environment, render_device
from medinfra.render.environment import BUILTIN_TEMPLATES
from tests.render.conftest import config_of, example, write_tree

CPE = "HPPH-CPE-01"
HENAN = "henan-provincial-hospital"


def test_the_environment_is_built_once_per_search_path(tmp_path: Path) -> None:
    assert get_environment() is get_environment()
    assert get_environment([tmp_path]) is get_environment([tmp_path])
    assert get_environment([tmp_path]) is not get_environment()


def test_every_platform_has_a_main_template() -> None:
    for platform in ("huawei_vrp", "huawei_vrpv8", "huawei_smartax"):
        assert (BUILTIN_TEMPLATES / platform / "main.j2").is_file()


def test_an_override_replaces_one_feature_and_keeps_the_rest(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"huawei_vrp/_vty.j2": "#\nuser-interface vty 0 4\n authentication-mode aaa\n"},
    )
    builtin = config_of(HENAN, CPE)
    overridden = render_device(example(HENAN), CPE, [tmp_path])
    assert " protocol inbound ssh" in builtin
    assert " protocol inbound ssh" not in overridden
    # everything outside the vty feature is unchanged
    before, _, _ = builtin.partition("user-interface vty")
    assert overridden.startswith(before)
    assert overridden.endswith("authentication-mode aaa\n#\nreturn\n")


def test_a_vrpv8_override_of_a_shared_feature_does_not_touch_vrp(tmp_path: Path) -> None:
    write_tree(tmp_path, {"huawei_vrpv8/_logging_ntp.j2": "#\nlldp enable\n"})
    edge = render_device(example(HENAN), "ZZ-DC-PE-01", [tmp_path])
    cpe = render_device(example(HENAN), CPE, [tmp_path])
    assert "ntp-service unicast-server" not in edge
    assert "ntp-service unicast-server 10.255.0.10" in cpe


def test_the_first_template_folder_wins(tmp_path: Path) -> None:
    first = write_tree(
        tmp_path / "a", {"huawei_vrp/_vty.j2": "#\nuser-interface vty 0 4\n acl 2000 inbound\n"}
    )
    second = write_tree(tmp_path / "b", {"huawei_vrp/_vty.j2": "#\nuser-interface vty 0 1\n"})
    text = render_device(example(HENAN), CPE, [first, second])
    assert "user-interface vty 0 4\n acl 2000 inbound\n#\nreturn\n" in text
    assert "vty 0 1" not in text


def test_an_undefined_variable_in_an_override_is_an_error_naming_the_template(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path, {"huawei_vrp/_vty.j2": "user-interface vty 0 {{ management.vty_count }}\n"}
    )
    with pytest.raises(RenderError) as caught:
        render_device(example(HENAN), CPE, [tmp_path])
    message = str(caught.value)
    assert message.startswith(f"{CPE}: template ")
    assert "_vty.j2" in message
    assert "vty_count" in message


def test_a_missing_template_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist or is not a folder"):
        render_device(example(HENAN), CPE, [tmp_path / "missing"])


def test_the_topology_index_is_built_once_per_topology() -> None:
    from medinfra.render.index import index_for

    topology = example(HENAN)
    assert index_for(topology) is index_for(topology)
    copy = topology.model_copy()
    assert index_for(copy) is not index_for(topology)
    assert index_for(copy).discriminators == index_for(topology).discriminators
