"""Checking every signature of a PDF: who signed, when, whether the document was changed after it
(beyond later signatures), and, given trusted roots, whether the signer's certificate chains to
them. Nothing is fetched from the network: the roots are given explicitly."""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from matchdesk.errors import MatchdeskError

logger = logging.getLogger(__name__)

# Changes after a signature that leave it standing: later signatures, their fields and timestamps.
ALLOWED_AFTER = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    signed_at: str | None  # the timestamp's time when there is one, else the signer's computer's
    timestamped: bool
    intact: bool  # the signed bytes are the bytes signed
    valid: bool  # the signature is the certificate's key's over them
    changed_after: str  # "no", "later signatures only", or "yes"
    trusted: bool | None  # chains to the given roots; None when none were given

    @property
    def good(self) -> bool:
        return self.intact and self.valid and self.changed_after != "yes" and self.trusted is not False

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "good": self.good}


def _roots(path: Path) -> list[object]:
    try:
        roots = list(load_certs_from_pemder([str(path)]))  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise MatchdeskError(f"cannot read trusted roots from it: {error}", path) from None
    if not roots:
        raise MatchdeskError("holds no certificate", path)
    return roots


def verify_pdf(path: Path, trust: Path | None = None) -> list[SignatureCheck]:
    """Every signature of ``path``, first signed first."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MatchdeskError(f"cannot read it: {error.strerror}", path) from None
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as error:
        raise MatchdeskError(f"not a readable PDF: {error}", path) from None
    roots = _roots(trust) if trust else []
    checks = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as error:  # a signature pyHanko cannot even parse is no good signature
            logger.warning("%s: signature %s cannot be read: %s", path, signature.field_name, error)
            checks.append(SignatureCheck(signature.field_name, "?", None, False, False, False, "yes",
                                         False if trust else None))  # fmt: skip
            continue
        timestamp = status.timestamp_validity.timestamp if status.timestamp_validity else None
        when = timestamp or status.signer_reported_dt
        if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
            changed = "no"
        elif status.modification_level in ALLOWED_AFTER and status.docmdp_ok is not False:
            changed = "later signatures only"
        else:
            changed = "yes"
        checks.append(
            SignatureCheck(
                field=signature.field_name,
                signer=status.signing_cert.subject.human_friendly,
                signed_at=when.isoformat() if when else None,
                timestamped=timestamp is not None,
                intact=bool(status.intact),
                valid=bool(status.valid),
                changed_after=changed,
                trusted=bool(status.trusted) if trust else None,
            )
        )
    return checks
