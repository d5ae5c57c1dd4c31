"""SmartAX MA5800 OLT: ``HOST>`` -> ``enable`` -> ``HOST#`` -> ``config`` -> ``HOST(config)#``.

Configuration changes apply at once; profile views take ``commit`` before ``quit``. With
"smart" interaction on (the default until ``undo smart``), ``display`` and ``save`` first ask
``{ <cr>||<K> }:`` and wait for Enter.
"""

from datetime import UTC, datetime

from medinfra.lab.console import Console, Reply, commands
from medinfra.lab.device import DeviceState
from medinfra.lab.editor import Outcome
from medinfra.lab.smartax_displays import ont_detail, ont_table, sys_info
from medinfra.lab.syntax import Verdict
from medinfra.platforms.hardware import hardware_model

UNKNOWN = "  % Unknown command, the error locates at '^'"
ERRORS = {
    Verdict.UNRECOGNIZED: UNKNOWN,
    Verdict.WRONG_PARAMETER: "  % Parameter error, the error locates at '^'",
    Verdict.INCOMPLETE: "  % Incomplete command, the error locates at '^'",
    Verdict.TOO_MANY: "  % Too many parameters, the error locates at '^'",
    Verdict.AMBIGUOUS: "  % Ambiguous command, the error locates at '^'",
}
"""The MA5800's line under the caret for each verdict (MA5600T/MA5683T/MA5800 captures)."""
LOGOUT_QUESTION = "  Are you sure to log out? (y/n)[n]:"
PROFILE_VIEWS = frozenset({"lineprofile", "srvprofile"})
DELETE_FAILURE = "Failure: The object to be deleted does not exist"


class SmartaxConsole(Console):
    """The SmartAX command line (huawei_smartax)."""

    COMMANDS = commands(
        [
            ("enable", "user", "enable"),
            ("disable", "enable", "disable"),
            ("config", "enable", "config"),
            ("undo smart", "any", "smart_off"),
            ("smart", "any", "smart_on"),
            ("scroll [ <10-512> ]", "any", "scroll"),
            ("infoswitch cli { OFF | ON }", "enable config", "infoswitch"),
            ("quit", "any", "quit"),
            ("return", "config", "leave"),
            ("commit", "config", "commit"),
            ("save [ { configuration | data } ]", "enable config", "save"),
            ("display current-configuration", "enable config", "display_current"),
            ("display saved-configuration", "enable config", "display_saved"),
            ("display version", "any", "display_version"),
            ("display service-port all", "enable config", "display_service_ports"),
            ("display system sys-info", "any", "display_sys_info"),
            ("display ont info <int> <int> <int> { all | <int> }", "enable config", "display_ont"),
            ("display ont info <int> all", "enable config", "display_ont"),
        ]
    )

    def __init__(self, device: DeviceState, user: str) -> None:
        super().__init__(device, user)
        self.privileged = False
        self.smart = True

    @property
    def mode(self) -> str:
        """user (``>``), enable (``#``) or config (``(config...)#``)."""
        if self.editor is not None:
            return "config"
        return "enable" if self.privileged else "user"

    def prompt(self) -> str:
        """``HOST>``, ``HOST#``, ``HOST(config)#``, ``HOST(config-if-gpon-0/1)#``."""
        name = self.device.sysname()
        if self.editor is not None:
            suffix = self.editor.prompt_suffix or "config"
            return f"{name}({suffix})#"
        return f"{name}#" if self.privileged else f"{name}>"

    def greeting(self) -> str:
        """The MA5800 login text."""
        when = self.login_time.strftime("%Y-%m-%d %H:%M:%S+00:00")
        rule = "  " + "-" * 77
        return (
            "\n  Huawei Integrated Access Software (MA5800).\n"
            "  Copyright(C) Huawei Technologies Co., Ltd. 2002-2020. All rights reserved.\n\n"
            f"{rule}\n  User last login information:\n{rule}\n"
            f"  Access Type : SSH\n  Login  Time : {when}\n{rule}\n\n"
        )

    def error(self, outcome: Outcome) -> Reply:
        """Caret line and the ``% ...`` line of its kind; semantic failures: ``Failure: ...``."""
        if outcome.failure == "missing":
            return Reply(f"  {DELETE_FAILURE}")
        if outcome.failure is not None:
            return Reply(f"  {outcome.failure}")
        return Reply(f"{self.caret(outcome.column)}\n{ERRORS.get(outcome.verdict, UNKNOWN)}")

    def run(self, text: str) -> Reply:
        """In smart mode, ``display``/``save`` first ask for the optional parameters."""
        if self.smart and text.split(maxsplit=1)[0] in ("display", "save"):
            return self.ask("{ <cr>||<K> }:", lambda _answer: super(SmartaxConsole, self).run(text))
        return super().run(text)

    # --- commands -------------------------------------------------------------------------
    def enable(self, words: list[str]) -> Reply:
        """Privileged mode."""
        self.privileged = True
        return Reply()

    def disable(self, words: list[str]) -> Reply:
        """Back to user mode."""
        self.privileged = False
        return Reply()

    def config(self, words: list[str]) -> Reply:
        """Global configuration mode."""
        self.editor = self.device.editor()
        return Reply()

    def smart_off(self, words: list[str]) -> Reply:
        """``undo smart``: no more interactive parameter questions."""
        self.smart = False
        return Reply()

    def smart_on(self, words: list[str]) -> Reply:
        """``smart``: interactive parameter questions again."""
        self.smart = True
        return Reply()

    def scroll(self, words: list[str]) -> Reply:
        """``scroll`` alone turns paging off; ``scroll N`` pages every N lines."""
        self.screen_length = int(words[1]) if len(words) > 1 else 0
        return Reply()

    def infoswitch(self, words: list[str]) -> Reply:
        """Debug output to the terminal (the lab prints none either way)."""
        return Reply()

    def quit(self, words: list[str]) -> Reply:
        """Leave a view; from user or privileged mode, ask before logging out."""
        if self.editor is not None:
            if not self.editor.up():
                self.editor = None
            return Reply()
        return self.ask(LOGOUT_QUESTION, self._logout_answer)

    def _logout_answer(self, answer: str) -> Reply:
        if answer.lower() != "y":
            return Reply()
        return Reply(
            "\n  Check whether system data has been changed. Please save data before logout.\n"
            "  Configuration console exit, please retry to log on",
            prompt=False,
            close=True,
        )

    def leave(self, words: list[str]) -> Reply:
        """``return``: back to privileged mode."""
        self.editor = None
        return Reply()

    def commit(self, words: list[str]) -> Reply:
        """``commit`` of a profile view (changes are already in effect)."""
        assert self.editor is not None
        if self.editor.stack[-1].view in PROFILE_VIEWS:
            return Reply()
        return self.error(Outcome(Verdict.UNRECOGNIZED, 0))

    def save(self, words: list[str]) -> Reply:
        """Save the configuration to flash (no confirmation on SmartAX)."""
        self.device.save()
        return Reply(
            "  Please wait for a moment... The data of the system is being saved.\n"
            "  The data has been saved successfully"
        )

    def display_current(self, words: list[str]) -> Reply:
        """The running configuration in ``[section]`` blocks."""
        return Reply(self.device.render(), pageable=True)

    def display_saved(self, words: list[str]) -> Reply:
        """The configuration ``save`` stored in flash, in the running config's layout
        (empty when never saved)."""
        return Reply(self.device.startup_text(), pageable=True)

    def display_service_ports(self, words: list[str]) -> Reply:
        """Service ports from the configuration (state ``down``: the lab has no ONT online)."""
        rule = "  " + "-" * 77
        rows = []
        for node in self.device.running.children:
            w = node.line.split()
            if w[0] != "service-port" or not w[1].isdigit():
                continue
            field = {key: w[w.index(key) + 1] for key in ("vlan", "gpon", "ont", "gemport")}
            user_vlan = w[w.index("user-vlan") + 1] if "user-vlan" in w else "-"
            frame, slot, port = field["gpon"].split("/")
            rows.append(
                f"  {w[1]:>6} {field['vlan']:>4} common   gpon {frame}/{slot:<2}/{port:<2}"
                f"{field['ont']:<5}{field['gemport']:<6}vlan  {user_vlan:<10} -    -    down"
            )
        return Reply(
            "\n".join(
                [
                    "  Switch-Oriented Flow List",
                    rule,
                    "   INDEX VLAN VLAN     PORT F/ S/ P VPI  VCI   FLOW  FLOW       RX   TX"
                    "   STATE",
                    "         ID   ATTR     TYPE                    TYPE  PARA",
                    rule,
                    *rows,
                    rule,
                    f"   Total : {len(rows)}  (Up/Down :    0/{len(rows)})",
                ]
            ),
            pageable=True,
        )

    def display_version(self, words: list[str]) -> Reply:
        """``display version`` (parsed by ntc-templates' huawei_smartax template)."""
        rule = "  " + "-" * 50
        hardware = hardware_model(self.device.model)
        version = hardware.software if hardware else "MA5800V100R022C00"
        return Reply(
            f"  VERSION : {version}\n  PATCH   : SPC100\n"
            f"  PRODUCT : {self.device.model}\n\n"
            f"  Active Mainboard Running Area Information:\n{rule}\n"
            "  Current Program Area : Area A\n  Current Data Area : Area A\n\n"
            f"  Program Area A Version : {version}\n"
            f"  Program Area B Version : {version}\n\n"
            f"  Data Area A Version : {version}\n"
            f"  Data Area B Version : {version}\n"
            f"{rule}\n\n"
            f"  Uptime is {self.uptime_smartax()}\n",
            pageable=True,
        )

    def uptime_smartax(self) -> str:
        """Time since the lab device started: ``N day(s), N hour(s), N minute(s), N second(s)``."""
        seconds = int((datetime.now(UTC) - self.device.started).total_seconds())
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        return f"{days} day(s), {hours} hour(s), {rest // 60} minute(s), {rest % 60} second(s)"

    def display_sys_info(self, words: list[str]) -> Reply:
        """``display system sys-info`` (the SNMP system group)."""
        running = self.device.running
        return Reply(sys_info(running, self.device.sysname(), self.uptime_smartax()))

    def display_ont(self, words: list[str]) -> Reply:
        """``display ont info F S P all``, ``display ont info F all``, ``display ont info F S P
        ONT`` from the configured ONTs."""
        numbers = [int(word) for word in words[3:] if word.isdigit()]
        running = self.device.running
        if words[-1] != "all":
            frame, slot, port, ont = numbers
            return Reply(ont_detail(running, frame, slot, port, ont), pageable=True)
        if len(numbers) == 1:
            return Reply(ont_table(running, numbers[0], None, None), pageable=True)
        frame, slot, port = numbers
        return Reply(ont_table(running, frame, slot, port), pageable=True)
