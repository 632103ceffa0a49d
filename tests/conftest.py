import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data" / "health-news-dev.jsonl"


@pytest.fixture(scope="session")
def linter():
    from healthlint import Linter
    return Linter()


def run_cli(*args, input=None, cwd=None, env=None):
    """Run the real command line in a subprocess; returns CompletedProcess (text)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "healthlint.cli", *args], input=input, capture_output=True,
                          text=True, cwd=cwd, env=full_env, timeout=300)


def run_json(*args, **kw):
    proc = run_cli("check", "--format", "json", *args, **kw)
    return proc, json.loads(proc.stdout) if proc.stdout.strip() else None
