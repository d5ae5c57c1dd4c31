"""SIGINT and SIGTERM end a push run cleanly instead of abandoning devices half-changed.

The first signal sets a flag: no device starts after it, a device that has not sent its first
line stops there, and a device that has (lines sent, commit, verify, save) finishes, or is
restored and verified if it fails. Further signals are ignored with a message: the run is
already ending as fast as it safely can. The run then writes its summary and audit entries
and exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM). ``kill -9`` cannot
be caught: see :mod:`medinfra.push.journal` for what the next run does then.
"""

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType


@dataclass
class Interruption:
    """Whether (and by which signal) the run was asked to stop."""

    event: threading.Event = field(default_factory=threading.Event)
    signal: int | None = None

    @property
    def requested(self) -> bool:
        """True once a stop was asked for."""
        return self.event.is_set()

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a process ended by that signal."""
        return 128 + (self.signal or 0)

    def handle(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler: the first signal stops the run, later ones are ignored."""
        name = signal.Signals(signum).name
        if self.signal is None:
            self.signal = signum
            self.event.set()
            sys.stderr.write(
                f"\n{name}: stopping - no new device starts; each device in flight finishes or "
                "is restored and verified; the summary follows\n"
            )
        else:
            sys.stderr.write(
                f"\n{name} again: ignored - still finishing the devices in flight so that none "
                "is left half-changed (kill -9 would leave them so)\n"
            )
        sys.stderr.flush()


@contextmanager
def interruptible() -> Iterator[Interruption]:
    """Catch SIGINT and SIGTERM for the duration (main thread only; elsewhere a no-op)."""
    interruption = Interruption()
    if threading.current_thread() is not threading.main_thread():
        yield interruption
        return
    previous = {
        sig: signal.signal(sig, interruption.handle) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield interruption
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
