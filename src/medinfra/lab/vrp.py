"""VRP5 (AR routers): user view ``<HOST>``, system view ``[HOST]``, sub-views ``[HOST-...]``."""

from datetime import UTC, datetime, timedelta

from medinfra.lab import deadman
from medinfra.lab.config_tree import render_vrp_view
from medinfra.lab.console import Console, Reply, commands
from medinfra.lab.display_interface import Device, display_interface, find, interfaces
from medinfra.lab.editor import Outcome
from medinfra.lab.interfaces import bfd_session_table, ip_interface_brief
from medinfra.lab.syntax import Verdict
from medinfra.platforms.hardware import hardware_model

ERRORS = {
    Verdict.UNRECOGNIZED: "Error: Unrecognized command found at '^' position.",
    Verdict.WRONG_PARAMETER: "Error: Wrong parameter found at '^' position.",
    Verdict.INCOMPLETE: "Error: Incomplete command found at '^' position.",
    Verdict.TOO_MANY: "Error: Too many parameters found at '^' position.",
    Verdict.AMBIGUOUS: "Error: Ambiguous command found at '^' position.",
}
"""VRP's error line for each verdict (printed under the caret line)."""

VRP_COMMANDS = [
    ("system-view", "user", "system_view"),
    ("screen-length <int> temporary", "user", "set_screen_length"),
    ("quit", "user config", "quit"),
    ("return", "config", "leave"),
    ("save [ <word> ]", "user config", "save"),
    ("display current-configuration", "user config", "display_current"),
    ("display this", "config", "display_this"),
    ("display version", "user config", "display_version"),
    ("display saved-configuration", "user config", "display_saved"),
    ("display clock", "user config", "display_clock"),
    ("display ip interface brief", "user config", "display_ip_brief"),
    ("display bfd session all", "user config", "display_bfd_sessions"),
    ("display interface [ <ifname> ]", "user config", "display_interface"),
    ("display interface <word> <word>", "user config", "display_interface"),
]


SCHEDULE_COMMANDS = [
    ("schedule reboot delay <word>", "user", "schedule_reboot"),
    ("undo schedule reboot", "user", "undo_schedule_reboot"),
    ("display schedule reboot", "user config", "display_schedule_reboot"),
]
"""VRP5 (AR) timed reboot: with the running config unsaved, a dead-man switch."""


def delay_minutes(text: str) -> int | None:
    """``MM`` or ``HH:MM`` as minutes (1 to 720 in the lab), None when it is not."""
    hours, _, minutes = text.rpartition(":")
    if not minutes.isdigit() or (hours and not hours.isdigit()):
        return None
    total = int(hours or 0) * 60 + int(minutes)
    return total if 1 <= total <= 720 else None


class VrpConsole(Console):
    """The VRP5 command line (huawei_vrp): changes apply to the running configuration at once."""

    COMMANDS = commands([*VRP_COMMANDS, *SCHEDULE_COMMANDS])

    def prompt(self) -> str:
        """``<HOST>`` in user view, ``[HOST]`` / ``[HOST-view]`` in configuration views."""
        name = self.device.sysname()
        if self.editor is None:
            return f"<{name}>"
        suffix = self.editor.prompt_suffix
        return f"[{self.mark()}{name}{'-' + suffix if suffix else ''}]"

    def mark(self) -> str:
        """A prefix inside the brackets (VRPv8 shows ``~``/``*``)."""
        return ""

    def greeting(self) -> str:
        """The login information VRP prints before the first prompt."""
        when = self.login_time.strftime("%Y-%m-%d %H:%M:%S")
        return (
            "\nInfo: The max number of VTY users is 10, and the number\n"
            "      of current VTY users on line is 1.\n"
            f"      The current login time is {when}.\n"
        )

    def error(self, outcome: Outcome) -> Reply:
        """Caret line and ``Error: ...`` (a semantic failure prints its own ``Error:`` line)."""
        if outcome.failure is not None:
            return Reply(f"Error: {outcome.failure}")
        return Reply(f"{self.caret(outcome.column)}\n{ERRORS[outcome.verdict]}")

    # --- commands -------------------------------------------------------------------------
    def system_view(self, words: list[str]) -> Reply:
        """Enter the system view."""
        self.editor = self.device.editor()
        return Reply("Enter system view, return user view with Ctrl+Z.")

    def set_screen_length(self, words: list[str]) -> Reply:
        """``screen-length N temporary``: 0 turns paging off for this session."""
        self.screen_length = int(words[1])
        return Reply(
            "Info: The configuration takes effect on the current user terminal interface only."
        )

    def quit(self, words: list[str]) -> Reply:
        """Up one view; from the user view, end the session."""
        if self.editor is None:
            return Reply(prompt=False, close=True)
        if not self.editor.up():
            return self.leave(words)
        return Reply()

    def leave(self, words: list[str]) -> Reply:
        """``return``: back to the user view."""
        self.editor = None
        return Reply()

    def save(self, words: list[str]) -> Reply:
        """The AR save dialog."""
        return self.ask(
            "  The current configuration will be written to the device.\n"
            "  Are you sure to continue? (y/n)[n]:",
            self._save_answer,
        )

    def _save_answer(self, answer: str) -> Reply:
        if answer.lower() not in ("y", "yes"):
            return Reply("  Info: The configuration is not saved.")
        self.device.save()
        return Reply(
            "  It will take several minutes to save configuration file, please wait........\n"
            "  Configuration file had been saved successfully\n"
            "  Note: The configuration file will take effect after being activated"
        )

    def schedule_reboot(self, words: list[str]) -> Reply:
        """``schedule reboot delay MM``: asks, then reboots after the delay unless undone."""
        minutes = delay_minutes(words[-1])
        if minutes is None:
            return Reply("Error: Wrong parameter found at '^' position.")
        when = datetime.now(UTC) + timedelta(minutes=minutes)

        def answer(text: str) -> Reply:
            if text[:1].lower() != "y":
                return Reply()
            deadman.schedule_reboot(self.device, minutes)
            return Reply()

        return self.ask(
            f"Info: Reboot system at {when:%H:%M:%S %Y/%m/%d} UTC"
            f" (in {minutes // 60} hours and {minutes % 60} minutes).\n Confirm? [Y/N]:",
            answer,
        )

    def undo_schedule_reboot(self, words: list[str]) -> Reply:
        """Cancel a scheduled reboot."""
        deadman.cancel_reboot(self.device)
        return Reply()

    def display_schedule_reboot(self, words: list[str]) -> Reply:
        """Whether a reboot is scheduled."""
        state = deadman.timers(self.device)
        if state.reboot is None:
            return Reply("Info: No schedule reboot information.")
        return Reply(f"Info: System will reboot in {state.reboot_minutes} minutes (scheduled).")

    def display_current(self, words: list[str]) -> Reply:
        """The running configuration."""
        return Reply(self.device.render(), pageable=True)

    VPN_COLUMN = False
    """Whether ``display ip interface brief`` has a VPN column (VRPv8 does)."""

    def display_ip_brief(self, words: list[str]) -> Reply:
        """``display ip interface brief`` of the running configuration."""
        hardware = hardware_model(self.device.model)
        up_line = hardware.up_line if hardware else None
        text = ip_interface_brief(self.device.running, self.VPN_COLUMN, up_line)
        return Reply(text, pageable=True)

    def display_bfd_sessions(self, words: list[str]) -> Reply:
        """``display bfd session all`` of the running configuration."""
        return Reply(bfd_session_table(self.device.running, self.VPN_COLUMN), pageable=True)

    def display_interface(self, words: list[str]) -> Reply:
        """``display interface [IF]`` of the running configuration (``IF`` typed as one word
        or as type and number)."""
        hardware = hardware_model(self.device.model)
        vrpv8 = self.VPN_COLUMN
        ports = interfaces(self.device.running, hardware, vrpv8)
        shown = ports
        if len(words) > 2:
            port = find(self.device.running, hardware, vrpv8, "".join(words[2:]))
            if port is None:
                return self.error(Outcome(Verdict.WRONG_PARAMETER, len("display interface ")))
            shown = [port]
        device = Device(
            hostname=self.device.sysname(),
            started=self.device.started,
            now=datetime.now(UTC),
            vrpv8=vrpv8,
            management=hardware.management_port if hardware else "",
        )
        return Reply(display_interface(ports, shown, device), pageable=True)

    def display_this(self, words: list[str]) -> Reply:
        """The current view's configuration."""
        assert self.editor is not None
        return Reply(render_vrp_view(self.editor.root, self.editor.path()), pageable=True)

    def display_saved(self, words: list[str]) -> Reply:
        """The startup configuration (what ``save`` stored)."""
        return Reply(self.device.startup_text(), pageable=True)

    def display_clock(self, words: list[str]) -> Reply:
        """The device clock."""
        now = datetime.now(UTC)
        return Reply(f"{now:%Y-%m-%d %H:%M:%S}\n{now:%A}\nTime Zone(UTC) : UTC")

    def display_version(self, words: list[str]) -> Reply:
        """``display version`` in the VRP layout (parsed by ntc-templates' huawei_vrp template)."""
        model = self.device.model
        hardware = hardware_model(model)
        release = hardware.software if hardware else "V300R019C10SPC300"
        return Reply(
            "Huawei Versatile Routing Platform Software\n"
            f"VRP (R) software, Version 5.170 ({model} {release})\n"
            "Copyright (C) 2011-2020 HUAWEI TECH CO., LTD\n"
            f"Huawei {model} Router uptime is {self.uptime()}\n"
            "BKP 0 version information:\n"
            "1. PCB      Version  : AR01BAK2A VER.B\n"
            "2. If Supporting PoE : No\n"
            f"3. Board    Type     : {model}\n",
            pageable=True,
        )
