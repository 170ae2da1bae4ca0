"""Every string a user can see in the desk exists in Vietnamese, with its placeholders intact."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ui.common.i18n import load_catalogue

UI = Path(__file__).resolve().parents[1] / "ui"


def translatable_strings() -> set[str]:
    from tracking.offside.findings import PROBLEMS
    from ui.desk.var.dialogs import CALLS, INCIDENT_LABELS  # shown through tr() from these tables

    found = set(CALLS) | set(INCIDENT_LABELS.values()) | set(PROBLEMS)
    for source in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("tr", "_t")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_the_desk_has_strings_to_translate() -> None:
    assert len(translatable_strings()) > 50


@pytest.mark.parametrize("text", sorted(translatable_strings()))
def test_every_visible_string_has_a_vietnamese_translation(text: str) -> None:
    vietnamese = load_catalogue("vi").get(text)
    assert vietnamese, f"no Vietnamese for {text!r} in ui/translations/vi.json"
    placeholders = re.compile(r"{(\w+)[^}]*}")
    assert set(placeholders.findall(vietnamese)) == set(placeholders.findall(text))
