"""VRPv8 (NE/CE): two-stage commit. Changes go to a candidate until ``commit``.

Prompts show ``[~HOST]`` until the session enters a change and ``[*HOST]`` while it has
uncommitted changes. Each session keeps its own candidate and a journal of the lines it
entered; ``commit`` replays the journal onto the running configuration of that moment, so
sessions committing in turn keep each other's changes. Commit points are numbered from
1000000001 and can be rolled back from the user view.
"""

from datetime import UTC, datetime

from medinfra.lab import deadman
from medinfra.lab.commit_words import COMMIT_SYNTAX, CommitWords, description_refused, read_commit
from medinfra.lab.config_tree import Node, lines_of
from medinfra.lab.console import Reply, commands, counted
from medinfra.lab.device import DeviceState
from medinfra.lab.editor import Outcome
from medinfra.lab.syntax import Verdict
from medinfra.lab.vrp import VRP_COMMANDS, VrpConsole
from medinfra.platforms.hardware import hardware_model

LEAVE_QUESTION = (
    "Warning: Uncommitted configurations found. Are you sure to commit them before exiting?"
    " [Y(yes)/N(no)/C(cancel)]:"
)
RULE = "-" * 79
OTHER_SESSIONS_TRIAL = (
    "Error: The trial configuration of another session can be confirmed only by that session"
    " or, when it was committed with a persist ID, by commit persist ID."
)
"""The lab's wording: a real device refuses this too, in words not on record here."""
TRIAL_LOCKED = "Error: The configuration cannot be changed during a configuration trial run."
"""The lab's wording for a real rule: no configuration is committed while a trial runs."""


class Vrpv8Console(VrpConsole):
    """The VRPv8 command line (huawei_vrpv8)."""

    COMMANDS = commands(
        [
            *VRP_COMMANDS,
            (COMMIT_SYNTAX, "config", "commit"),
            ("abort trial [ persist <tag> ]", "config", "abort_trial"),
            ("display configuration candidate", "config", "display_candidate"),
            ("display configuration commit list [ verbose ]", "user config", "display_commits"),
            ("rollback configuration to commit-id <int>", "user", "rollback_to"),
            ("rollback configuration last <1-80>", "user", "rollback_last"),
            ("abort", "config", "abort"),
            ("clear configuration candidate", "config", "clear_candidate"),
        ]
    )

    VPN_COLUMN = True

    def greeting(self) -> str:
        """VRPv8's login information (NE40E V800R011 captures): the VTY users on one line,
        the login time, and, from the second session on, the last login's time and address."""
        when = self.login_time.strftime("%Y-%m-%d %H:%M:%S")
        previous = self.device.extras.get("last-login")
        self.device.extras["last-login"] = (when, self.peer)
        text = (
            "\nInfo: The max number of VTY users is 10, the number of current VTY users online"
            " is 1, and total number of terminal users online is 1.\n"
            f"      The current login time is {when}.\n"
        )
        if isinstance(previous, tuple):
            text += f"      The last login time is {previous[0]} from {previous[1]} through SSH.\n"
        return text

    def display_version(self, words: list[str]) -> Reply:
        """``display version`` as an NE40E/NE8000 prints it: ``VRP (R) software, Version 8.x
        (FAMILY RELEASE)``, ``HUAWEI MODEL uptime is ...`` (parsed by ntc-templates)."""
        model = self.device.model
        hardware = hardware_model(model)
        release = hardware.software if hardware else "V800R012C10SPC300"
        family = model.split("-")[0]
        return Reply(
            "Huawei Versatile Routing Platform Software\n"
            f"VRP (R) software, Version 8.180 ({family} {release})\n"
            "Copyright (C) 2012-2020 Huawei Technologies Co., Ltd.\n"
            f"HUAWEI {model} uptime is {self.uptime_v8()}\n\n"
            f"{model} version information:\n"
            + "- " * 32
            + "\nBKP  version information:\n  PCB         Version : CX68BKP02D REV A\n",
            pageable=True,
        )

    def uptime_v8(self) -> str:
        """Time since the lab device started, as VRPv8 writes it: ``161 days, 0 hour, 20
        minutes``."""
        seconds = int((datetime.now(UTC) - self.device.started).total_seconds())
        days, rest = divmod(seconds, 86400)
        return counted((days, "day"), (rest // 3600, "hour"), (rest % 3600 // 60, "minute"))

    def __init__(self, device: DeviceState, user: str) -> None:
        super().__init__(device, user)
        self.candidate: Node | None = None
        self.journal: list[tuple[list[str], str]] = []
        self.base: list[str] | None = None
        """The running configuration's lines when the candidate was taken from it."""

    def dirty(self) -> bool:
        """Whether the session entered changes it has not committed."""
        return self.candidate is not None and bool(self.journal)

    def config_line(self, line: str) -> Outcome:
        """Apply a line to the candidate and remember it (with its view) for the commit."""
        assert self.editor is not None
        path = [frame.node.line for frame in self.editor.stack[1:]]
        outcome = self.editor.apply(line)
        if outcome.ok:
            self.journal.append((path, line))
        return outcome

    def _commit_journal(self, label: str = "-", description: str = "") -> str | None:
        """Replay the journal onto the current running configuration and commit the result.

        Returns the line that no longer applies (nothing is committed then), else None. When
        the running configuration still holds the lines the candidate was taken from, the
        candidate is that replay already (the same lines applied in the same order to the same
        lines) and is committed as it stands: a commit costs a few copies of the tree, not
        every line of the candidate parsed again.
        """
        assert self.candidate is not None
        merged = self.candidate
        if self.base is None or lines_of(self.device.running) != self.base:
            merged = self.device.running.clone()
            editor = self.device.editor(merged)
            for path, line in self.journal:
                editor.rebase(merged)
                for view_line in [*path, line]:
                    if not editor.apply(view_line).ok:
                        return line
        self.device.commit(merged, self.user, label, description)
        self.journal = []
        self._fresh_candidate()
        return None

    def _fresh_candidate(self) -> None:
        """A new candidate from running, the session staying in the same view."""
        path = [frame.node.line for frame in self.editor.stack[1:]] if self.editor else []
        self.candidate = self.device.running.clone()
        self.base = lines_of(self.device.running)
        self.editor = self.device.editor(self.candidate)
        for view_line in path:
            self.editor.apply(view_line)

    def mark(self) -> str:
        """``*`` with uncommitted changes, else ``~``."""
        return "*" if self.dirty() else "~"

    def system_view(self, words: list[str]) -> Reply:
        """Enter the system view on a fresh candidate."""
        self.editor = None
        self.journal = []
        self._fresh_candidate()
        return Reply("Enter system view, return user view with return command.")

    def leave(self, words: list[str]) -> Reply:
        """``return`` (or ``quit`` from the system view): ask first if changes are uncommitted."""
        if self.dirty():
            return self.ask(LEAVE_QUESTION, self._leave_answer)
        self.editor = self.candidate = None
        return Reply()

    def _leave_answer(self, answer: str) -> Reply:
        choice = answer[:1].lower()
        if choice == "y":
            failed = self._commit_journal()
            if failed is not None:
                return Reply(f"Error: The configuration {failed!r} no longer applies.")
        elif choice != "n":
            return Reply()
        self.editor = self.candidate = None
        self.journal = []
        return Reply()

    def commit(self, words: list[str]) -> Reply:
        """Commit the candidate (a BFD session view's own ``commit`` line is stored first).

        ``commit trial [N]`` arms a revert timer (600 s unless given). The trial's own session
        confirms it with a plain ``commit``; with ``persist ID`` any session does, with
        ``commit persist ID``. While a trial runs nothing else is committed; labels are
        unique on the device.
        """
        assert self.editor is not None and self.candidate is not None
        view = self.editor.stack[-1].view
        if any(rule.syntax == "commit" for rule in self.device.editor().grammar[view]):
            self.config_line("commit")
        asked = read_commit(words)
        refused = self._refuse_commit(asked)
        if refused is not None:
            return refused
        before = self.device.running.clone() if asked.trial is not None else None
        trial = deadman.trial_of(self.device)
        if self.dirty():
            failed = self._commit_journal(asked.label or "-", asked.description)
            if failed is not None:
                return Reply(f"Error: The configuration {failed!r} no longer applies.")
        if before is not None and asked.trial is not None:
            return Reply(deadman.start_trial(self.device, before, asked.trial, self, asked.persist))
        if trial is not None:
            deadman.confirm_trial(self.device)
        return Reply()

    def _refuse_commit(self, asked: CommitWords) -> Reply | None:
        """The device's refusal of a commit line, or None."""
        if description_refused(asked):
            return self.error(Outcome(Verdict.WRONG_PARAMETER, asked.description_column))
        if asked.label is not None and any(p.label == asked.label for p in self.device.commits):
            return Reply(f"Error: The label {asked.label} already exists.")
        trial = deadman.trial_of(self.device)
        if trial is None:
            if asked.persist is not None and asked.trial is None:
                return Reply("Error: No configuration trial run has this persist ID.")
            return None
        if self.dirty():
            return Reply(TRIAL_LOCKED)
        if not deadman.may_handle(trial, self, asked.persist):
            return Reply(OTHER_SESSIONS_TRIAL)
        return None

    def closed(self) -> None:
        """The session ended: its trial without a persist id is rolled back."""
        deadman.session_ended(self.device, self)

    def abort_trial(self, words: list[str]) -> Reply:
        """``abort trial [ persist ID ]``: asks, then rolls the trial back at once."""
        persist = words[-1].strip('"') if "persist" in words else None
        trial = deadman.trial_of(self.device)
        if trial is None or not deadman.may_handle(trial, self, persist):
            return Reply("Error: The system is not in the trial configuration mode.")

        def answer(text: str) -> Reply:
            if text[:1].lower() != "y":
                return Reply()
            deadman.abort_trial(self.device, self.user)
            if self.editor is not None:
                self.journal = []
                self._fresh_candidate()
            return Reply("Info: The trial configuration rollback succeeded.")

        return self.ask(
            "Warning: The trial configuration will be rolled back. Continue? [Y/N]:", answer
        )

    def abort(self, words: list[str]) -> Reply:
        """Discard the candidate and return to the user view."""
        self.editor = self.candidate = None
        self.journal = []
        return Reply()

    def clear_candidate(self, words: list[str]) -> Reply:
        """``clear configuration candidate``: the uncommitted lines are deleted and the session
        stands in the system view (NE40E/NE8000 command reference)."""
        self.editor = None
        self.journal = []
        self._fresh_candidate()
        return Reply()

    def display_candidate(self, words: list[str]) -> Reply:
        """The candidate configuration (running plus uncommitted changes)."""
        assert self.candidate is not None
        return Reply(self.device.render(self.candidate), pageable=True)

    def display_commits(self, words: list[str]) -> Reply:
        """Commit points, newest first: a table, or with ``verbose`` one block per commit."""
        if words[-1] == "verbose":
            return Reply(self._commits_verbose(), pageable=True)
        now = datetime.now(UTC)
        lines = [
            f"{now:%Y-%m-%d %H:%M:%S}.{now.microsecond // 1000:03d}",
            RULE,
            f"{'No.':<6}{'CommitId':<15}{'Label':<21}{'User':<15}TimeStamp",
            RULE,
        ]
        for number, point in enumerate(reversed(self.device.commits), start=1):
            stamp = point.timestamp.strftime("%Y-%m-%d %H:%M:%S+00:00")
            lines.append(
                f"{number:<6}{point.commit_id:<15}{point.label:<21}{point.user:<15}{stamp}"
            )
        lines.append(RULE)
        return Reply("\n".join(lines), pageable=True)

    def _commits_verbose(self) -> str:
        """``display configuration commit list verbose`` as the NE40E/NE8000 references print
        it: ``N) CommitId: ID`` then the label, user, user interface, type, time stamp and
        description, eight spaces in, a blank line after each block."""
        lines: list[str] = []
        for number, point in enumerate(reversed(self.device.commits), start=1):
            lines.extend(
                [
                    f"{number}) CommitId: {point.commit_id}",
                    f"        Label: {point.label}",
                    f"        User: {point.user}",
                    "        User-Intf: VTY 0",
                    "        Type: CLI",
                    f"        TimeStamp: {point.timestamp:%Y-%m-%d %H:%M:%S}",
                    f"        Description: {point.description}",
                    "",
                ]
            )
        return "\n".join(lines)

    def rollback_to(self, words: list[str]) -> Reply:
        """Roll back to the configuration a commit point produced."""
        wanted = int(words[-1])
        for point in self.device.commits:
            if point.commit_id == wanted:
                return self._confirm_rollback(point.config)
        return Reply("Error: The specified commit ID does not exist.")

    def rollback_last(self, words: list[str]) -> Reply:
        """Undo the last N commits."""
        target = self.device.config_before(int(words[-1]))
        if target is None:
            return Reply("Error: The number of commits to roll back exceeds the commit records.")
        return self._confirm_rollback(target)

    def _confirm_rollback(self, target: Node) -> Reply:
        def answer(text: str) -> Reply:
            if text[:1].lower() != "y":
                return Reply()
            self.device.commit(target, self.user)
            return Reply("Configuration rollback succeeded.")

        return self.ask(
            "Warning: The current configuration will be rolled back to the specified commit"
            " point. Continue? [Y/N]:",
            answer,
        )

    def save(self, words: list[str]) -> Reply:
        """The VRPv8 save dialog."""
        return self.ask(
            "Warning: The current configuration will be written to the device. Continue? [Y/N]:",
            self._save_answer,
        )

    def _save_answer(self, answer: str) -> Reply:
        if answer[:1].lower() != "y":
            return Reply()
        self.device.save()
        return Reply(
            "Now saving the current configuration to the slot 1\n"
            "Info: Save the configuration successfully."
        )
