"""Signing a PDF (PAdES baseline, with pyHanko) with a visible block in the report's language: the
signer's at the foot of the last page on the left, the organisation's seal on the right, each added
as an incremental update so that the first signature stays valid under the second. A timestamp
comes from the TSA when it answers; when it does not, the PDF is signed without one and says why."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyhanko import stamp
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper

from athletes.signing.font import signature_font
from athletes.signing.keys import KeySource, PKCS12Key, load_pkcs12, token_signer
from athletes.signing.room import BLOCK_HEIGHT, BLOCK_WIDTH, MARGIN
from matchdesk.errors import MatchdeskError
from matchdesk.whole_files import write_bytes_whole

logger = logging.getLogger(__name__)
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset": harmless, not the user's

ROLES = ("signer", "seal")
WORDS = {
    "vi": {"signer": "Người ký", "seal": "Đóng dấu của đơn vị", "signed_by": "Ký bởi", "when": "Thời gian",
           "reason": "Ký số báo cáo"},
    "en": {"signer": "Signer", "seal": "Organisation seal", "signed_by": "Signed by", "when": "Time",
           "reason": "Report signed digitally"},
}  # fmt: skip


@dataclass(frozen=True)
class Signed:
    path: Path
    signer: str
    timestamped: bool
    note: str | None  # why there is no timestamp, when there is none


@contextmanager
def _signer(key: KeySource) -> Iterator[signers.Signer]:
    if isinstance(key, PKCS12Key):
        yield load_pkcs12(key)
    else:
        with token_signer(key) as signer:
            yield signer


@dataclass(frozen=True)
class Timestamping:
    """The TSA a report's signatures are stamped by, when it answered; else why there is none."""

    stamper: HTTPTimeStamper | None
    note: str | None
    asked: bool  # a TSA was given (its silence is a warning; no TSA at all, only said)


def timestamping(tsa_url: str | None) -> Timestamping:
    """The TSA when it answers a request now (asked once per report, for all its signatures)."""
    if not tsa_url:
        return Timestamping(None, "no timestamp: no TSA given (--tsa URL)", asked=False)
    stamper = HTTPTimeStamper(tsa_url, timeout=5)
    try:
        asyncio.run(stamper.async_dummy_response("sha256"))
    except Exception as error:  # unreachable, refused, or not a TSA's answer
        note = f"no timestamp: the TSA {tsa_url} did not answer ({type(error).__name__}: {error})"
        return Timestamping(None, note, asked=True)
    return Timestamping(stamper, None, asked=True)


def _block(reader: PdfFileReader, role: str) -> tuple[int, int, int, int]:
    """The visible block's box at the foot of the last page: signer on the left, seal on the right."""
    pages = int(reader.root["/Pages"]["/Count"])
    page = reader.find_page_for_modification(pages - 1)[0]  # type: ignore[no-untyped-call]
    box = page.get_object().get("/MediaBox", [0, 0, 595, 842])
    width = float(box[2])
    left = MARGIN if role == "signer" else int(width) - MARGIN - BLOCK_WIDTH
    return left, MARGIN, left + BLOCK_WIDTH, MARGIN + BLOCK_HEIGHT


def _field_name(reader: PdfFileReader, role: str) -> str:
    taken = {name for name, _, _ in fields.enumerate_sig_fields(reader)}
    base = "Signer" if role == "signer" else "Seal"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base} {number}"
    return name


def sign_pdf(
    source: Path, key: KeySource, target: Path | None = None, role: str = "signer", language: str = "vi",
    tsa: Timestamping | None = None, location: str | None = None,
) -> Signed:  # fmt: skip
    """Sign ``source`` (into ``target``, or in place) as ``role``, stamped by ``tsa`` when it answered."""
    tsa = tsa or timestamping(None)
    if role not in ROLES:
        raise ValueError(f"role is one of {ROLES}")
    target = target or source
    try:
        data = source.read_bytes()
    except OSError as error:
        raise MatchdeskError(f"cannot read it: {error.strerror}", source) from None
    words = WORDS[language]
    with _signer(key) as signer:
        assert signer.signing_cert is not None
        subject = (
            signer.signing_cert.subject.native.get("common_name")
            or signer.signing_cert.subject.human_friendly
        )
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        except (PdfReadError, ValueError) as error:
            raise MatchdeskError(f"not a PDF that can be signed: {error}", source) from None
        field = _field_name(writer.prev, role)
        fields.append_signature_field(
            writer, fields.SigFieldSpec(field, on_page=-1, box=_block(writer.prev, role))
        )
        style = stamp.TextStampStyle(
            stamp_text=f"{words[role]}\n{words['signed_by']}: %(signer)s\n{words['when']}: %(ts)s",
            timestamp_format="%d/%m/%Y %H:%M:%S (UTC)",
            text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(signature_font())), font_size=8),
        )
        metadata = signers.PdfSignatureMetadata(
            field_name=field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
            reason=words["reason"], location=location,
        )  # fmt: skip
        output = io.BytesIO()
        signers.PdfSigner(metadata, signer=signer, timestamper=tsa.stamper, stamp_style=style).sign_pdf(
            writer, output=output
        )
    write_bytes_whole(target, output.getvalue())
    if tsa.note:
        (logger.warning if tsa.asked else logger.info)("%s: %s", target, tsa.note)
    return Signed(target, subject, tsa.stamper is not None, tsa.note)


def sign_in_turn(
    target: Path, keys: list[tuple[str, KeySource]], language: str = "vi", tsa_url: str | None = None,
    location: str | None = None,
) -> list[Signed]:  # fmt: skip
    """Sign ``target`` with each (role, key) in turn: the signer, then the seal. When one cannot be
    made, the unsigned report is removed: an official document goes out signed or not at all."""
    if not keys:
        return []
    signed = []
    tsa = timestamping(tsa_url)
    for role, key in keys:
        try:
            signed.append(sign_pdf(target, key, role=role, language=language, tsa=tsa, location=location))
        except MatchdeskError as error:
            target.unlink(missing_ok=True)
            raise MatchdeskError(f"{error}; the unsigned report {target} was not kept") from None
    return signed
