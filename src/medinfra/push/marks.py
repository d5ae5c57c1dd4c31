"""What a push writes into a VRPv8 commit so the device's history names the medinfra run.

Every commit a push makes carries ``description medinfra <action> <run>``; the change itself
also carries ``label medinfra-<run>`` (labels are unique on a device; restores carry none)
and, on trial, ``persist medinfra-<run>``: a trial with a persist id outlives the session
that committed it, so the new session can confirm it (``commit persist ID``) or abort it
(``abort trial persist ID``). ``display configuration commit list verbose`` then shows the
run beside each commit. The text is built from a run id that is checked, never from input.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from medinfra.errors import UsageError
from medinfra.platforms.vrpv8_commit import commit_command, description_problem, tag_problem

_RUN_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}")


def new_run_id() -> str:
    """A run id unique enough for labels: UTC time and 24 random bits (``20261201T230512Z-1a2b3c``).

    Examples:
        >>> bool(_RUN_ID.fullmatch(new_run_id()))
        True
    """
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class CommitMarks:
    """The label, persist id and descriptions of one run's commits on one device."""

    run_id: str

    def __post_init__(self) -> None:
        if not _RUN_ID.fullmatch(self.run_id):
            raise UsageError(
                f"run id {self.run_id!r}: 1 to 40 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        for problem in (tag_problem(self.label), description_problem(self.description("push"))):
            if problem is not None:  # pragma: no cover - the pattern above keeps both valid
                raise UsageError(problem)

    @property
    def label(self) -> str:
        """``label`` of the change's commit (and the trial's ``persist`` id)."""
        return f"medinfra-{self.run_id}"

    @property
    def persist(self) -> str:
        """``persist`` id of the trial: the new session confirms or aborts it by this id."""
        return self.label

    def description(self, action: str) -> str:
        """``description`` of a commit: ``medinfra push RUN``, ``medinfra restore RUN``."""
        return f"medinfra {action} {self.run_id}"

    def commit(self, action: str, trial: int | None = None) -> str:
        """The commit line of one step: the change (``push``, labelled; on trial with the
        persist id) or a restore (``restore``: a description only, labels being unique).

        Examples:
            >>> CommitMarks("r1").commit("push", 300)
            'commit trial 300 label medinfra-r1 persist medinfra-r1 description medinfra push r1'
            >>> CommitMarks("r1").commit("restore")
            'commit description medinfra restore r1'
        """
        return commit_command(
            trial=trial,
            label=self.label if action == "push" else None,
            persist=self.persist if trial is not None else None,
            description=self.description(action),
        )
