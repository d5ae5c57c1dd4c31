"""Whether a change that breaks the management path may be sent.

The proof (:mod:`medinfra.push.mgmt_path`) runs before anything is sent, in check mode too.
A break refuses the device (``refused: management path``) unless the change is marked as
intended with ``--allow-management-change`` *and* the device's change is protected (VRPv8
commit trial, VRP5 dead-man reboot: a change that does cut management comes back by itself).
A device without protection (an MA5800, which has no unattended revert; a VRP5 the model
says must not be rebooted; protection turned off) is refused even then, unless ``--force``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from medinfra.model import Device, Platform
from medinfra.platforms import management_interface, platform_for
from medinfra.push.errors import RefusedError
from medinfra.push.mgmt_path import Break, ManagementContext, prove
from medinfra.push.protect import Ended, Protection, ProtectOptions, protection, reboot_refusal
from medinfra.push.results import DeviceResult

ALLOW = "--allow-management-change"
FORCE = "--force"


@dataclass(frozen=True)
class Verdict:
    """What the gate decided: a refusal (nothing is sent), or notes for the operator."""

    breaks: tuple[Break, ...] = ()
    refusal: str | None = None
    notes: tuple[str, ...] = ()


def unprotected_reason(device: Device, options: ProtectOptions) -> str | None:
    """Why a change of this device is not protected (None: it is)."""
    if protection(device, options) is not Protection.NONE:
        return None
    no_revert = platform_for(device.platform).management_path.no_revert
    if no_revert is not None:
        return no_revert
    if device.platform is Platform.HUAWEI_VRP:
        reason = reboot_refusal(device)
        if reason:
            return f"the model forbids its dead-man reboot ({reason})"
        return "its dead-man reboot is off (--reboot-delay 0)"
    return "its commit trial is off (--trial-seconds 0)"


def management_verdict(  # noqa: PLR0917 - the proof's inputs, each from another layer
    device: Device,
    networks: Sequence[IPv4Network],
    login: str,
    running: str,
    diff: str,
    options: ProtectOptions,
    controller: IPv4Address | None = None,
) -> Verdict:
    """Prove the management path for one device's remediation and decide (``controller``: the
    address the push's own session comes from, when known)."""
    context = ManagementContext(
        management_interface(device),
        device.management.address.ip,
        tuple(networks),
        login,
        controller,
    )
    breaks = prove(device.platform, context, running, diff)
    if not breaks:
        return Verdict()
    listing = "\n".join(f"  {found}" for found in breaks)
    host = device.hostname
    unprotected = unprotected_reason(device, options)
    if options.force:
        risk = (
            f"unprotected: {unprotected}, so a cut cannot be undone remotely"
            if unprotected
            else "under protection"
        )
        note = f"{host}: management-path break pushed with {FORCE} ({risk}):\n{listing}"
        return Verdict(breaks, notes=(note,))
    if options.allow_management_change and unprotected is None:
        kind = protection(device, options).value
        note = f"{host}: management change allowed ({ALLOW}) under the {kind} protection:\n"
        return Verdict(breaks, notes=(note + listing,))
    if options.allow_management_change:
        how = f"{ALLOW} needs the trial or dead-man protection, but {unprotected}"
    elif unprotected is None:
        how = f"if the change is intended, {ALLOW} pushes it under the device's protection"
    else:
        how = f"no protection ({unprotected}): only {FORCE} pushes it"
    return Verdict(breaks, refusal=f"the change cuts the controller off:\n{listing}\n({how})")


def refuse_management_break(  # noqa: PLR0917 - the engine's call, one line
    device: Device,
    networks: Sequence[IPv4Network],
    login: str,
    running: str,
    diff: str,
    options: ProtectOptions,
    result: DeviceResult,
    controller: IPv4Address | None = None,
) -> None:
    """Record the verdict on ``result``; raise :class:`RefusedError` when the device is refused
    (``ended``: ``refused: management path``)."""
    verdict = management_verdict(device, networks, login, running, diff, options, controller)
    result.notes.extend(verdict.notes)
    if verdict.refusal is not None:
        result.ended = Ended.REFUSED_MANAGEMENT.value
        raise RefusedError(
            f"{device.hostname}: refused: management path, nothing sent: {verdict.refusal}"
        )
