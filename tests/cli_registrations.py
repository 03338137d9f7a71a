"""The command paths the source of ``sanctionwatch/cli/`` registers, read from its syntax tree.

The help test walks the command tree Typer builds; this count comes from the decorators and
``add_typer`` calls instead, so a walk that misses a group (as one did when Typer stopped exposing
click's group class) cannot agree with it by construction."""

from __future__ import annotations

import ast
from pathlib import Path

import sanctionwatch.cli

CLI = Path(sanctionwatch.cli.__file__).parent


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def registered_paths(folder: Path = CLI) -> set[tuple[str, ...]]:
    """Every command path: the root ``()``, each group and each command under its group.

    ``group_app.command("name")`` decorators register commands on a Typer variable;
    ``parent.add_typer(child, name="name")`` mounts a variable under a name; the root is the
    variable no ``add_typer`` mounts."""
    commands: list[tuple[str, str]] = []  # (variable, command name)
    mounts: dict[str, tuple[str, str]] = {}  # child variable -> (parent variable, name)
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value
            if not isinstance(owner, ast.Name):
                continue
            if node.func.attr == "command":
                name = _string(node.args[0]) if node.args else None
                if name is None:
                    raise AssertionError(f"{path.name}:{node.lineno}: name the command explicitly")
                commands.append((owner.id, name))
            elif node.func.attr == "add_typer":
                keywords = {k.arg: k.value for k in node.keywords}
                child, name = node.args[0], _string(keywords.get("name"))
                if not isinstance(child, ast.Name) or name is None:
                    raise AssertionError(f"{path.name}:{node.lineno}: mount a named Typer variable")
                mounts[child.id] = (owner.id, name)

    def prefix(variable: str) -> tuple[str, ...]:
        if variable not in mounts:
            return ()
        parent, name = mounts[variable]
        return (*prefix(parent), name)

    paths: set[tuple[str, ...]] = {()}
    paths |= {prefix(child) for child in mounts}
    paths |= {(*prefix(variable), name) for variable, name in commands}
    return paths
