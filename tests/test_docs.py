"""Every command of the CLI is documented in README.md."""

from __future__ import annotations

import typer.main

from conflictwatch.cli import app

from .conftest import ROOT


def _names(group, prefix=()):
    click_group = typer.main.get_group(group) if not hasattr(group, "commands") else group
    for name, command in click_group.commands.items():
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from _names(command, (*prefix, name))


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = list(_names(app))
    assert ("review", "merge") in names and ("incidents",) in names
    missing = [" ".join(n) for n in names if f"conflictwatch {n[0]}" not in readme or (len(n) > 1 and n[-1] not in readme)]
    assert missing == []
