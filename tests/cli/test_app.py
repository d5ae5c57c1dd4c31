"""Errors become messages and exit codes; a traceback only with --debug."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from medinfra import validation
from medinfra.cli import app

runner = CliRunner()


def _explode(path: Path) -> validation.TopologyReport:
    raise RuntimeError("boom")


def test_internal_error_has_no_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("medinfra.cli.validate_cmd.validate_path", _explode)
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.output
    assert "--debug" in result.output
    assert "Traceback" not in result.output


def test_debug_anywhere_shows_the_exception(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("medinfra.cli.validate_cmd.validate_path", _explode)
    result = runner.invoke(app, ["validate", str(tmp_path), "--debug"])
    assert isinstance(result.exception, RuntimeError)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("medinfra ")


def test_the_cli_imports_no_private_typer_module() -> None:
    """typer's vendored click (``typer._click``) is private: it may move in any release."""
    from pathlib import Path

    for path in (Path(__file__).resolve().parents[2] / "src").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "typer._" not in text, path
