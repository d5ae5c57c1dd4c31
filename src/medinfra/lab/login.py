"""The lab's login: what a device prints and asks between the SSH login and its first prompt.

Once the shell opens the device prints its banners (:class:`LoginBanner`), asks its login
questions one after the other (:class:`PasswordChange`, :class:`LoginQuestion`), then prints
its login information (the console's ``greeting``: VRP's ``Info: The max number of VTY
users ...`` lines, the MA5800's copyright and last-login table) and the prompt. The texts and
their sources are listed in ``docs/lab.md``.
"""

from collections.abc import Callable

from medinfra.lab.console import Console, Reply
from medinfra.lab.login_shapes import LoginBanner, LoginQuestion, PasswordChange
from medinfra.model import Platform

VRP_PASSWORD_QUESTIONS = {
    "initial": "Warning: The initial password poses security risks.\n"
    "The password needs to be changed. Change now? [Y/N]:",
    "expired": "Warning: The password is already expired.\n"
    "The password needs to be changed. Change now? [Y/N]:",
}
"""VRP's question at login (NE40E V800R011 and AR captures; CE switches print the same)."""
VRP_CHOOSE = "Error: Please choose 'YES' or 'NO' first before pressing 'Enter'. [Y/N]:"
"""VRP's answer to a bare Enter (or anything but Y/N) at its [Y/N] login question."""
SMARTAX_PASSWORD_QUESTIONS = {
    "initial": "  The password of the current user is the initial password, which poses "
    "security risks.\n  Are you sure to change the password now? (y/n)[n]:",
    "expired": "  The password of the current user has expired.\n"
    "  Are you sure to change the password now? (y/n)[n]:",
}
"""The MA5800's question: NOT from a capture (none found); SmartAX's ``(y/n)[n]:`` form, whose
bare Enter takes the ``[n]`` default."""
PASSWORD_DIALOG = (
    "Please enter old password:",
    "Please enter new password:",
    "Please confirm new password:",
)
CHANGED = "The password has been changed successfully."

Then = Callable[[], Reply]


def opening(console: Console) -> str:
    """What the device prints once the shell opens: banners, then the first login question
    (the console then waits for its answer), or the login information and the prompt."""
    faults = console.device.faults
    banner = "".join(f"\n{f.text}\n" for f in faults if isinstance(f, LoginBanner))
    questions = [f for f in faults if isinstance(f, PasswordChange | LoginQuestion)]
    reply = _ask_in_turn(console, questions)
    return banner + reply.text + (console.prompt() if reply.prompt else "")


def _greeting(console: Console) -> Reply:
    return Reply(console.greeting())


def _ask_in_turn(console: Console, questions: list[PasswordChange | LoginQuestion]) -> Reply:
    if not questions:
        return _greeting(console)
    first, rest = questions[0], questions[1:]

    def then() -> Reply:
        return _ask_in_turn(console, rest)

    if isinstance(first, PasswordChange):
        return _password_question(console, first.reason, then)
    return _question(console, first.text, then)


def _smartax(console: Console) -> bool:
    return console.device.info.platform is Platform.HUAWEI_SMARTAX


def _password_question(console: Console, reason: str, then: Then) -> Reply:
    texts = SMARTAX_PASSWORD_QUESTIONS if _smartax(console) else VRP_PASSWORD_QUESTIONS
    question = texts.get(reason, texts["initial"])

    def answer(text: str) -> Reply:
        word = text.lower()
        if word in ("n", "no") or (not word and _smartax(console)):
            return then()
        if word in ("y", "yes"):
            return _dialog(console, 0, then)
        if _smartax(console):
            return console.ask(question, answer)
        return console.ask(VRP_CHOOSE, answer)

    return console.ask(question, answer)


def _dialog(console: Console, step: int, then: Then) -> Reply:
    """Yes: the old password, the new one twice; the change is recorded on the device."""
    if step == len(PASSWORD_DIALOG):
        console.device.extras["password-changed"] = console.user
        reply = then()
        return Reply(f"{CHANGED}\n{reply.text}", prompt=reply.prompt)
    return console.ask(PASSWORD_DIALOG[step], lambda _typed: _dialog(console, step + 1, then))


def _question(console: Console, text: str, then: Then) -> Reply:
    def answer(typed: str) -> Reply:
        answers = console.device.extras.setdefault("login-answers", [])
        assert isinstance(answers, list)
        answers.append(typed)
        return then()

    return console.ask(text, answer)
