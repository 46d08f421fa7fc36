"""The house as docs/architecture.md draws it: imports flow one way through the layers
(import-linter's contracts in pyproject.toml) and the code passes ruff (its default rules,
import sorting and bugbear). A violation fails the suite, and so CI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return path


def test_imports_follow_the_layers():
    out = subprocess.run([tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout and "3 kept" in out.stdout


def test_ruff_finds_nothing():
    out = subprocess.run([tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_the_architecture_doc_names_every_package_and_the_layers_as_configured():
    import tomllib
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = [name.strip() for contract in config["contracts"] if contract["type"] == "layers"
              for layer in contract["layers"] for name in layer.split("|")]
    for layer in layers:
        assert layer.replace(".", "/") in doc, layer
    for package in sorted({str(p.parent.relative_to(ROOT)) for p in ROOT.glob("*/**/__init__.py")
                           if ".venv" not in p.parts and "tests" not in p.parts}):
        assert package + "/" in doc, package
