"""Every `geo` command in the README runs as printed (issue 12: a newcomer copies them into a fresh shell)."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(".venv/bin/python -m geo")]


def test_every_geo_command_in_the_readme_runs_as_printed(tmp_path):
    commands = readme_commands()
    assert len(commands) >= 10
    for name in (".venv", "data", "tests", "docs", "geo"):  # a checkout, so outputs land in tmp_path
        (tmp_path / name).symlink_to(ROOT / name)
    for command in commands:
        assert not re.search(r"\b(my_|your_)\w+\.|\[--", command), f"placeholder in the README: {command}"
        proc = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        allowed = (0, 1) if " validate " in command else (0,)  # validate exits 1 on the file with bad rows
        assert proc.returncode in allowed, (command, proc.stderr[-1500:])
        for i, word in enumerate(parts := shlex.split(command)):
            if word in ("-o", "--output"):
                assert (tmp_path / parts[i + 1]).stat().st_size > 0, command
