"""Model changes that would replace a protected image store, reported by ``medinfra plan``."""

import json

from typer.testing import CliRunner

from medinfra.cli import app
from medinfra.cloud.replacement import StoredResource, read_previous, replacement_findings
from tests.cloud.conftest import INVENTORY, example_plan
from tests.conftest import replace_in

runner = CliRunner()
CONTAINER = "openstack:objectstorage/container:Container"


def _plan_json(tmp_path, topology, name="plan.json"):
    result = runner.invoke(app, ["plan", str(topology), "--format", "json"])
    assert result.exit_code == 0, result.output
    path = tmp_path / name
    path.write_text(result.output, encoding="utf-8")
    return path


def test_changing_a_pools_redundancy_is_reported_before_any_preview(tmp_path, example_copy):
    topology = example_copy("henan-provincial-hospital")
    previous = _plan_json(tmp_path, topology)
    replace_in(topology / "topology.yaml", "data: 8, parity: 2", "data: 6, parity: 3")
    result = runner.invoke(app, ["plan", str(topology), "--previous", str(previous)])
    assert result.exit_code == 1, result.output
    assert (
        "hpph-images-hot-container: storagePolicy 'hot-ec8-2' -> 'hot-ec6-3' cannot change in "
        "place; Pulumi would replace it with a new, empty container; the images stay in the "
        "old one, which protect keeps, so pulumi up stops" in result.output
    )
    assert "hpph-images-hot-share: shareType" in result.output


def test_an_unchanged_model_and_an_unprotected_store_report_nothing(tmp_path):
    previous = _plan_json(tmp_path, INVENTORY / "union-shenzhen-campus")
    result = runner.invoke(
        app, ["plan", str(INVENTORY / "union-shenzhen-campus"), "--previous", str(previous)]
    )
    assert result.exit_code == 0, result.output
    unprotected = StoredResource(CONTAINER, "c", {"storagePolicy": "a"}, protect=False)
    changed = StoredResource(CONTAINER, "c", {"storagePolicy": "b"}, protect=False)
    assert replacement_findings([unprotected], [changed]) == []


def test_stack_export_state_is_read_and_a_store_leaving_is_reported(tmp_path):
    plan = example_plan("union-shenzhen-campus")
    container = next(r for r in plan.resources if r.type == CONTAINER)
    state = {
        "version": 3,
        "deployment": {
            "resources": [
                {
                    "urn": container.urn,
                    "type": CONTAINER,
                    "inputs": container.properties,
                    "protect": True,
                },
                {"urn": "urn:pulumi:s::p::pulumi:pulumi:Stack::s", "type": "pulumi:pulumi:Stack"},
            ]
        },
    }
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    previous = read_previous(path)
    assert previous[0] == StoredResource(CONTAINER, container.name, container.properties, True)
    (finding,) = replacement_findings(previous, [])
    assert finding.startswith(f"{container.name} (Container) leaves the stack: it is protected")


def test_plan_json_lists_providers_and_what_each_serves():
    document = json.loads(
        runner.invoke(app, ["plan", str(INVENTORY / "multi-branch-hospital"), "-f", "json"]).output
    )
    providers = document["providers"]
    assert sorted(providers) == ["default", "mbh-provider"]
    assert sorted(providers["mbh-provider"]) == [
        "mbh-archive-container",
        "mbh-images-share",
        "mbh-images-share-access-1",
        "mbh-images-share-access-2",
        "mbh-images-share-network",
    ]
    assert "mbh-images-volume-type" in providers["default"]
    table = runner.invoke(app, ["plan", str(INVENTORY / "multi-branch-hospital")]).output
    assert "Providers and the resources each serves" in table
    assert "mbh-provider" in table
