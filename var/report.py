"""The incident report (PDF): match, incident, stills with lines, decision, reviewer, signature.

DejaVu Sans is embedded, so Vietnamese diacritics print correctly on any reader.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from fpdf import FPDF

from matchdesk.problem_words import translated_problem
from var.burn_in import font_path
from var.report_text import incident_type_name, text_for
from var.review_log import verify
from var.review_record import Review
from var.review_state import IncidentId, ReviewState
from var.signing import fingerprint
from var.sports import rules
from var.timebase import format_timecode

logger = logging.getLogger(__name__)

# The offside tool's recorded verdict -> the report's words for it.
VERDICT_KEYS = {"offside position": "offside_position", "onside": "onside", "level": "level"}


def vietnamese_pdf(title: str) -> FPDF:
    """An A4 document with DejaVu Sans ("DejaVu", regular and bold) embedded and its first page open."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(font_path(bold=False)))
    pdf.add_font("DejaVu", "B", str(font_path(bold=True)))
    pdf.add_page()
    pdf.set_title(title)
    return pdf


def write_incident_report(
    review_path: Path,
    incident: IncidentId,
    stills: list[Path],
    target: Path,
    language: str = "en",
    frame_rate: Fraction = Fraction(25),
) -> Path:
    """Write the report of ``incident`` to ``target`` in ``language`` ('vi' or 'en')."""
    words = text_for(language)
    with Review.open(review_path) as review:
        state = review.state()
    record = state.incidents[incident]
    checked = verify(review_path)

    pdf = vietnamese_pdf(f"{words['title']}: {state.match}")
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 12, words["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)

    def row(label: str, value: str) -> None:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(55, 7, label)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 13)
        pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")

    row(words["match"], state.match)
    heading(f"{words['incident']} {incident}")
    row(words["type"], incident_type_name(record.type.value, language))
    row(words["frames"], f"{record.first_frame} – {record.last_frame}")
    row(
        words["match_time"],
        f"{format_timecode(record.first_frame / frame_rate)} – "
        f"{format_timecode(record.last_frame / frame_rate)}",
    )
    row(words["players"], ", ".join(record.players) or "—")
    row(words["notes"], record.notes or "—")
    angles = [
        f"{i + 1}. {p.name} ({words['offset']} {state.offsets[i]:+d} {words['frames_unit']},"
        f" {state.offset_methods[i]})"
        for i, p in enumerate(state.angle_paths)
    ]
    row(words["angles"], "\n".join(angles))

    analysis = state.offside.get(incident)
    if analysis:
        heading(words["offside"])
        verdict = words[VERDICT_KEYS[analysis["verdict"]]]  # as the offside tool recorded it
        plus_minus = (
            f" ± {analysis['uncertainty_cm']:.1f}" if analysis.get("uncertainty_cm") is not None else ""
        )
        row(
            words["distance"],
            f"{analysis['distance_cm']:+.1f}{plus_minus} cm: {words['distance_explained']} ({verdict})",
        )
        row(
            words["calibration"],
            f"{len(analysis['calibration']['points'])} points, {words['reprojection']} "
            f"{analysis['calibration']['reprojection_error_px']:.2f} px",
        )
        set_by = analysis.get("set_by", {})
        how = {
            role: "set_automatically" if set_by.get(role) == "auto" else "set_by_referee" for role in set_by
        }
        choices = [choice for choice in ("defending_team", "pitch_points") if choice in how]
        roles = ["defender", "attacker", *choices]
        row(
            words["players_found"],
            "; ".join(f"{words[role]}: {words[how.get(role, 'set_by_referee')]}" for role in roles),
        )

    if stills:
        heading(words["stills"])
        for still in stills:
            if pdf.get_y() > 215:
                pdf.add_page()
            pdf.image(str(still), w=120)
            pdf.set_font("DejaVu", "", 8)
            pdf.cell(0, 5, still.name, new_x="LMARGIN", new_y="NEXT")

    heading(words["decision"])
    decision = state.decision(incident)
    if decision is None:
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 7, words["no_decision"], new_x="LMARGIN", new_y="NEXT")
    else:
        row(words["on_field_call"], decision.on_field_call or "—")
        row(words["var_recommendation"], decision.var_recommendation or "—")
        row(words["final_decision"], decision.final_decision)
        row(words["reason"], decision.reason or "—")
        row(words["reviewer"], decision.reviewer)
        row(words["recorded_at"], decision.created_at)
        row(words["signature"], fingerprint(decision.public_key) if decision.public_key else "—")
        if decision.corrects is not None:
            earlier = next(d for d in state.decisions[incident] if d.seq == decision.corrects)
            row("", words["corrected"].format(time=earlier.created_at))
    if state.requests or state.refusals:
        _write_requests(state, words, language, heading, row)
    status = (
        words["chain_ok"].format(entries=checked.entries, head=checked.head[:16])
        if checked.ok
        else words["chain_bad"].format(problems="; ".join(checked.problems))
    )
    row(words["chain"], status)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(0, 5, f"{words['generated']} · {review_path.name}", new_x="LMARGIN", new_y="NEXT")
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(target))
    logger.info("wrote %s", target)
    return target


def _write_requests(
    state: ReviewState,
    words: dict[str, str],
    language: str,
    heading: Callable[[str], None],
    row: Callable[[str, str], None],
) -> None:
    """The review requests under the sport's rules: each with its outcome, refusals, what is left."""
    profile = state.rules
    heading(words["requests"].format(sport=profile.title(language)))
    row(words["rules"], f"{profile.name} {profile.version} · sha256 {profile.sha256[:16]}")

    def side_words(side: str) -> str:
        return words.get(side, side)

    for request in state.requests.values():
        category = profile.category(request.category)
        outcome = words[request.outcome.value] if request.outcome else words["pending"]
        when = request.match_time
        if profile.quota.per_period or request.period > 1:
            when = f"{profile.period_word(language)} {request.period}, {when}"
        line = words["request_line"].format(
            team=side_words(request.side).capitalize(),
            time=when,
            category=category.title(language).lower() if category else request.category,
            outcome=outcome,
        )
        if request.outcome is not None:
            line += f" — {request.decided_by}, {request.decided_at}"
            line += f", {fingerprint(request.public_key)}" if request.public_key else ""
            if rules.decided_late(profile, request):
                line += " " + words["late"].format(seconds=profile.deadline_seconds)
        row(f"#{request.id}", line + (f" ({request.outcome_reason})" if request.outcome_reason else ""))
    for refused in state.refusals:
        side = side_words(str(refused.get("side", ""))).capitalize()
        reason = translated_problem(str(refused["reason"]), language)
        row(
            words["refused"],
            f"{side}, {refused.get('match_time', '')}: {reason} ({_rule_in(refused, language)})",
        )
    left = ", ".join(f"{side_words(side).lower()} {state.remaining_requests(side)}" for side in state.sides)
    row("", words["remaining"].format(left=left))
    given = {side: points for side, points in state.points().items() if points}
    if given:
        row(
            "",
            words["points"].format(
                points=", ".join(f"{side_words(s).lower()} +{n}" for s, n in given.items())
            ),
        )


def _rule_in(refused: dict[str, Any], language: str) -> str:
    """The rule a logged refusal quotes, in the report's language where the log holds it (refusals
    logged before the rules were quoted in Vietnamese hold the English only)."""
    return str(refused.get("rule_vi") or refused["rule"]) if language == "vi" else str(refused["rule"])
