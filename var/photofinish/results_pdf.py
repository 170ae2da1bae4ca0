"""The race's results list as a PDF (vi/en): places, lanes, times, who set each, the composite."""

from __future__ import annotations

import logging
from pathlib import Path

from var.photofinish.record import FinishResult
from var.report import vietnamese_pdf

logger = logging.getLogger(__name__)

WORDS = {
    "en": {
        "title": "Results (photo finish from video)",
        "event": "Event",
        "place": "Place",
        "lane": "Lane",
        "time": "Time",
        "set_by": "Set by",
        "auto": "video (automatic)",
        "judge": "judge {name} (video: {auto})",
        "dead_heat": "dead heat with lane {lanes}: too close to call",
        "resolution": "Resolution: {ms:.1f} ms (one frame interval)",
        "not_fat": "Video timing: not fully automatic timing (below 100 frames per second)",
        "signed": "Signed in the review file by {name}, entry {seq}",
    },
    "vi": {
        "title": "Kết quả (đích ảnh từ video)",
        "event": "Nội dung",
        "place": "Hạng",
        "lane": "Ô",
        "time": "Thành tích",
        "set_by": "Xác định bởi",
        "auto": "video (tự động)",
        "judge": "trọng tài {name} (video: {auto})",
        "dead_heat": "đồng hạng với ô {lanes}: không thể phân định",
        "resolution": "Độ phân giải: {ms:.1f} ms (một khoảng khung hình)",
        "not_fat": (
            "Bấm giờ bằng video: không phải bấm giờ điện tử hoàn toàn tự động (dưới 100 khung hình/giây)"
        ),
        "signed": "Đã ký trong tệp xem lại bởi {name}, mục {seq}",
    },
}


def write_results(result: FinishResult, target: Path, language: str = "vi") -> Path:
    """Write ``result`` as a PDF results list with its composite picture."""
    words = WORDS[language]
    pdf = vietnamese_pdf(words["title"])
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 10, words["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 7, f"{words['event']}: {result.event}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    widths = (18, 16, 38, 118)
    pdf.set_font("DejaVu", "B", 10)
    for width, heading in zip(widths, ("place", "lane", "time", "set_by"), strict=True):
        pdf.cell(width, 7, words[heading], border="B")
    pdf.ln()
    pdf.set_font("DejaVu", "", 10)
    for finisher in result.finishers:
        time = str(finisher["time"]).split(" (")[0]
        if finisher.get("set_by") == "judge":
            who = words["judge"].format(name=finisher.get("judge", ""), auto=f"{finisher['auto_time_s']:.3f}")
        else:
            who = words["auto"]
        if finisher["tie_with"]:
            who += "; " + words["dead_heat"].format(lanes=", ".join(map(str, finisher["tie_with"])))
        for width, value in zip(
            widths, (str(finisher["place"]), str(finisher["lane"]), time, who), strict=True
        ):
            pdf.cell(width, 7, value)
        pdf.ln()
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 6, words["resolution"].format(ms=result.resolution_s * 1000), new_x="LMARGIN", new_y="NEXT")
    if not result.fully_automatic:
        pdf.multi_cell(0, 6, words["not_fat"], new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        0, 6, words["signed"].format(name=result.signed_by, seq=result.seq), new_x="LMARGIN", new_y="NEXT"
    )
    if result.composite and Path(result.composite).is_file():
        pdf.ln(3)
        pdf.image(result.composite, w=pdf.epw)
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(target))
    logger.info("wrote %s", target)
    return target
