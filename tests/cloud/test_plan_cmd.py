"""``medinfra plan`` through the CLI runner on every example."""

import json

import pytest
from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.cloud.plan import DISCLAIMER
from tests.cloud.conftest import EXAMPLES, INVENTORY, example_plan
from tests.conftest import replace_in

runner = CliRunner()


@pytest.mark.parametrize("name", EXAMPLES)
def test_table_says_it_is_offline_and_counts_per_type(name):
    result = runner.invoke(app, ["plan", str(INVENTORY / name)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(DISCLAIMER)
    assert "not a cloud preview" in result.output
    assert f"Declared resources of {name}" in result.output
    total = len(example_plan(name).resources)
    counts_table = result.output.split("Resources per type", 1)[1].splitlines()
    (total_line,) = [line for line in counts_table if "│ total " in line]
    assert total_line.split("│")[2].strip() == str(total)
    for kind, count in example_plan(name).counts().items():
        (line,) = [line for line in counts_table if f"│ {kind} " in line]
        assert line.split("│")[2].strip() == str(count)
    assert "baseline policies: 0 violation(s)" in result.output


@pytest.mark.parametrize("name", EXAMPLES)
def test_json_parses_with_counts(name):
    result = runner.invoke(app, ["plan", str(INVENTORY / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["disclaimer"] == DISCLAIMER
    assert document["counts"] == example_plan(name).counts()
    assert document["total"] == len(document["resources"])
    assert document["baseline_violations"] == []


def test_data_centre_and_pool_options_select_one_stack():
    result = runner.invoke(
        app,
        [
            "plan",
            str(INVENTORY / "henan-telemedicine"),
            "-f",
            "json",
            "--data-centre",
            "zzu-dc-zhengdong",
            "--storage-pool",
            "telemed-images-zhengdong",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["stack"] == "henan-telemedicine-zzu-dc-zhengdong"
    assert list(document["outputs"]["storage_pools"]) == ["telemed-images-zhengdong"]


def test_unknown_data_centre_exits_1_with_the_choices():
    result = runner.invoke(
        app, ["plan", str(INVENTORY / "henan-telemedicine"), "--data-centre", "mars"]
    )
    assert result.exit_code == 1
    assert (
        "error: stack config data_centre 'mars' is not a data centre of henan-telemedicine"
        in result.output
    )


def test_invalid_topology_is_refused_with_file_and_line(example_copy):
    path = example_copy("union-shenzhen-campus")
    replace_in(path / "topology.yaml", "destination: his", "destination: nowhere")
    result = runner.invoke(app, ["plan", str(path)])
    assert result.exit_code == 1
    assert "error: refusing to declare the cloud of topo" in result.output
    assert "topo/topology.yaml:" in result.output


def test_patient_portal_permit_to_his_is_refused_at_its_line(example_copy):
    path = example_copy("longgang-regional-imaging")
    replace_in(
        path / "topology.yaml",
        "services: [image-viewer]\n          action: permit\n          description: Patients",
        "services: [image-viewer, his]\n          action: permit\n          description: Patients",
    )
    result = runner.invoke(app, ["plan", str(path)])
    assert result.exit_code == 1
    assert "error: refusing to declare the cloud of topo" in result.output
    assert "cloud.tenants[0].policies[4].services[1]" in result.output
    assert "topo/topology.yaml:" in result.output


def test_cloud_error_names_file_line_and_model_path(example_copy):
    path = example_copy("union-shenzhen-campus")
    replace_in(
        path / "topology.yaml",
        "        share_gigabytes: 266400\n",
        "        share_gigabytes: 266400\n        networks: 2\n",
    )
    result = runner.invoke(app, ["plan", str(path)])
    assert result.exit_code == 1
    line = next(
        n
        for n, text in enumerate((path / "topology.yaml").read_text().splitlines(), 1)
        if "networks: 2" in text
    )
    # validate's MI-CLD-004 refuses it before the program runs, with file, line and path.
    assert result.output.startswith("error: refusing to declare the cloud of topo")
    assert (
        f"topo/topology.yaml:{line}:9: cloud.tenants[0].quotas.networks: tenant union: "
        "quotas.networks is 2 but its 3 cloud zones need one network each" in result.output
    )
    assert "[MI-CLD-004]" in result.output
