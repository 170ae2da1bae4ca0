"""An engine error in the desk's language: the file named first, then the problem
(:mod:`matchdesk.problem_words` says it in the language)."""

from __future__ import annotations

from matchdesk.errors import MatchdeskError
from matchdesk.problem_words import translated_problem
from ui.common.i18n import current_language


def error_text(error: BaseException) -> str:
    """``error`` as the desk shows it: the file first, then the problem, in the desk's language."""
    if not isinstance(error, MatchdeskError):
        return translated_problem(str(error), current_language())
    problem = translated_problem(error.problem, current_language())
    return f"{error.path}: {problem}" if error.path is not None else problem


def problem_text(error: MatchdeskError) -> str:
    """``error``'s problem alone (no file), in the desk's language: where the file is plain to see."""
    return translated_problem(error.problem, current_language())
