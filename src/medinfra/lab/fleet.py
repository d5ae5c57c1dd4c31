"""The devices of a lab, built from a topology: addresses, initial configurations, faults."""

from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from medinfra.fileio import write_atomic
from medinfra.lab.config_tree import Node
from medinfra.lab.device import DeviceState, LabDevice, LabError, load_config, model_config
from medinfra.lab.faults import Fault
from medinfra.lab.state import addresses, startup_path
from medinfra.model import Device, Topology
from medinfra.platforms import platform_for


def selected_devices(topology: Topology, sites: Collection[str] | None) -> list[Device]:
    """The topology's devices, optionally only those of the given site ids."""
    if sites is not None:
        known = {site.id for site in topology.sites}
        unknown = sorted(set(sites) - known)
        if unknown:
            raise LabError(
                f"unknown site(s) {', '.join(unknown)}; the topology has {', '.join(sorted(known))}"
            )
    devices = [d for site, d in topology.all_devices() if sites is None or site.id in sites]
    if not devices:
        raise LabError(f"topology {topology.name} has no devices to start")
    return devices


def initial_config(device: Device, state_dir: Path, supplied: Path | None) -> tuple[Node, str]:
    """The configuration a device starts with, and its saved startup text.

    Precedence: a supplied brownfield file, else what ``save`` stored in the state directory,
    else sysname and management address from the model.
    """
    saved = startup_path(state_dir, device.hostname)
    saved_text = saved.read_text(encoding="utf-8") if saved.is_file() else ""
    if supplied is not None:
        try:
            text = supplied.read_text(encoding="utf-8")
        except OSError as error:
            raise LabError(f"{supplied}: cannot read the configuration: {error}") from None
        return load_config(device.platform, text, str(supplied)), saved_text
    if saved_text:
        return load_config(device.platform, saved_text, str(saved)), saved_text
    model = load_config(device.platform, model_config(device), "model", as_printed=False)
    return model, saved_text


def _store_startup(state_dir: Path) -> Callable[[DeviceState], None]:
    def store(device: DeviceState) -> None:
        write_atomic(startup_path(state_dir, device.hostname), device.startup)

    return store


def build_fleet(
    topology: Topology,
    state_dir: Path,
    *,
    base_address: str,
    port: int,
    sites: Collection[str] | None = None,
    configs: Mapping[str, Path] | None = None,
    faults: Mapping[str, Sequence[Fault]] | None = None,
) -> list[DeviceState]:
    """One :class:`DeviceState` per selected device, each on its own loopback address."""
    devices = selected_devices(topology, sites)
    hostnames = {d.hostname for d in devices}
    for name in [*(configs or {}), *(faults or {})]:
        if name not in hostnames:
            raise LabError(f"no lab device {name!r}; the lab has {', '.join(sorted(hostnames))}")
    store = _store_startup(state_dir)
    fleet = []
    for device, address in zip(devices, addresses(base_address, len(devices)), strict=True):
        running, startup = initial_config(device, state_dir, (configs or {}).get(device.hostname))
        fleet.append(
            DeviceState(
                info=LabDevice(device.hostname, device.platform, address, port),
                model=device.model or platform_for(device.platform).default_model,
                running=running,
                save_hook=store,
                faults=list((faults or {}).get(device.hostname, ())),
                startup=startup,
            )
        )
    return fleet
