"""Official reports go out signed: first by the signer, then with the organisation's seal, from a
PKCS#12 file or a PKCS#11 token (SoftHSM2 standing in for the Government CA's USB token), with a
TSA's timestamp when one answers. poppler's ``pdfsig`` checks them independently of pyHanko, and
``matchdesk verify-pdf`` says who signed, when, whether anything changed after, and whether the
signer chains to the roots given."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from matchdesk.cli import main
from matchdesk.sample.loopback_tsa import LoopbackTSA
from matchdesk.sample.signing_ca import PASSPHRASE, ThrowawayCA, make_throwaway_ca

SOFTHSM_LIBRARIES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
PIN = "246810"


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayCA:
    return make_throwaway_ca(tmp_path_factory.mktemp("test-ca"))


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHDESK_SIGN_PASSPHRASE", PASSPHRASE)


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def pdfsig(path: Path) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed: tests/with_servers.sh installs it")
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def department_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *signing: str
) -> tuple[int, Path, str, str]:
    """The department report of an empty laptop database (the local admin writes it), signed."""
    target = tmp_path / "bao_cao.pdf"
    db = f"sqlite:///{tmp_path / 'athletes.sqlite'}"
    status, out, err = run(
        capsys, "athletes", "report", "department", "--out", str(target), "--db", db, *signing
    )
    return status, target, out, err


def test_a_report_signed_by_the_signer_then_sealed_is_valid_to_an_independent_verifier(
    ca: ThrowawayCA, passphrase: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, signed, out, err = department_report(
        tmp_path, capsys, "--sign-with", str(ca.signer), "--seal-with", str(ca.seal), "--location", "Đồng Nai"
    )
    assert status == 0, err
    assert "signed (signer) by Nguyễn Thị Thu Hà" in out and "no timestamp: no TSA given" in out
    report = pdfsig(signed)
    assert report.count("Signature is Valid.") == 2
    assert "Nguyễn Thị Thu Hà" in report and "Sở Văn hóa và Thể thao tỉnh (con dấu)" in report

    status, out, _ = run(capsys, "verify-pdf", str(signed), "--trust", str(ca.root), "--json")
    assert status == 0
    first, second = json.loads(out)
    assert (first["field"], second["field"]) == ("Signer", "Seal")
    assert first["intact"] and first["valid"] and first["trusted"] and first["good"]
    assert first["changed_after"] == "later signatures only" and second["changed_after"] == "no"
    assert not first["timestamped"] and first["signed_at"]

    # The roots are given explicitly: another CA's root does not vouch for these signers.
    status, out, _ = run(capsys, "verify-pdf", str(signed), "--trust", str(ca.other_root))
    assert status == 1 and "chains to trusted roots: NO" in out
    status, out, _ = run(capsys, "verify-pdf", str(signed))
    assert status == 0 and "not checked (give --trust)" in out


def test_a_byte_changed_after_signing_is_reported_as_modified(
    ca: ThrowawayCA, passphrase: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, signed, _, err = department_report(tmp_path, capsys, "--sign-with", str(ca.signer))
    assert status == 0, err
    data = bytearray(signed.read_bytes())
    at = data.index(b"/Producer")  # inside the signed bytes: the document's own information
    data[at + 12] ^= 0x01
    tampered = tmp_path / "sua.pdf"
    tampered.write_bytes(bytes(data))
    assert "Signature is Valid." not in pdfsig(tampered)
    status, out, _ = run(capsys, "verify-pdf", str(tampered), "--trust", str(ca.root))
    assert status == 1 and "NOT GOOD" in out and "intact: NO" in out


def test_a_timestamp_comes_from_the_tsa_and_a_clear_note_when_none_answers(
    ca: ThrowawayCA, passphrase: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tsa = LoopbackTSA(ca.tsa_cert, ca.tsa_key, ca.root).start()
    try:
        status, signed, out, err = department_report(
            tmp_path, capsys, "--sign-with", str(ca.signer), "--tsa", tsa.url
        )
    finally:
        tsa.stop()
    assert status == 0 and "timestamped" in out, err
    status, out, _ = run(capsys, "verify-pdf", str(signed), "--trust", str(ca.root), "--json")
    assert status == 0 and json.loads(out)[0]["timestamped"]

    unreachable = "http://127.0.0.1:9/tsa"  # the discard port: nothing answers
    status, _, out, err = department_report(
        tmp_path, capsys, "--sign-with", str(ca.signer), "--tsa", unreachable
    )
    assert status == 0 and f"no timestamp: the TSA {unreachable} did not answer" in out


def test_an_expired_certificate_or_a_wrong_passphrase_signs_nothing_and_keeps_no_unsigned_report(
    ca: ThrowawayCA,
    passphrase: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    status, target, _, err = department_report(tmp_path, capsys, "--sign-with", str(ca.expired))
    assert status == 2 and "Traceback" not in err
    assert "the certificate of" in err and "expired on" in err and "Trần Văn Cũ" in err
    assert not target.exists()
    monkeypatch.setenv("MATCHDESK_SIGN_PASSPHRASE", "not-the-passphrase")
    status, target, _, err = department_report(tmp_path, capsys, "--sign-with", str(ca.signer))
    assert status == 2 and str(ca.signer) in err and "wrong passphrase" in err
    assert not target.exists()
    status, _, _, err = department_report(tmp_path, capsys, "--seal-with", str(ca.seal))
    assert status == 2 and "the seal goes on after the signer's signature" in err


@dataclass
class Token:
    library: Path
    label: str


@pytest.fixture
def token(ca: ThrowawayCA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Token]:
    """A SoftHSM2 token of its own, holding the signer's key (imported with softhsm2-util) and its
    certificate, as a Government CA token holds them."""
    library = next((Path(p) for p in SOFTHSM_LIBRARIES if Path(p).is_file()), None)
    if library is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed: tests/with_servers.sh installs it (Debian's softhsm2)")
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    label = "matchdesk-test"
    init = ["--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", "13579135"]
    subprocess.run(["softhsm2-util", *init], check=True, capture_output=True)
    key = ["--import", str(ca.key_pem("signer")), "--token", label, "--label", "signer", "--id", "01"]
    subprocess.run(["softhsm2-util", *key, "--pin", PIN], check=True, capture_output=True)
    import pkcs11
    from cryptography import x509
    from pkcs11 import Attribute, CertificateType, ObjectClass

    der = ca.cert_der("signer").read_bytes()
    with pkcs11.lib(str(library)).get_token(token_label=label).open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.VALUE: der,
                Attribute.SUBJECT: x509.load_der_x509_certificate(der).subject.public_bytes(),
                Attribute.LABEL: "signer",
                Attribute.ID: b"\x01",
                Attribute.TOKEN: True,
            }
        )
    yield Token(library, label)


def test_a_report_signed_on_a_token_and_a_wrong_pin_said_with_the_tries_left(
    ca: ThrowawayCA,
    token: Token,
    passphrase: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    on_token = ["--sign-token", str(token.library), "--token-label", token.label, "--key-label", "signer"]
    monkeypatch.setenv("MATCHDESK_TOKEN_PIN", "000000")
    status, target, _, err = department_report(tmp_path, capsys, *on_token)
    assert status == 2 and "Traceback" not in err and "wrong PIN" in err and "tries remain" in err
    assert not target.exists()

    monkeypatch.setenv("MATCHDESK_TOKEN_PIN", PIN)
    status, signed, out, err = department_report(tmp_path, capsys, *on_token, "--seal-with", str(ca.seal))
    assert status == 0, err
    assert "signed (signer) by Nguyễn Thị Thu Hà" in out
    assert pdfsig(signed).count("Signature is Valid.") == 2
    status, out, _ = run(capsys, "verify-pdf", str(signed), "--trust", str(ca.root), "--json")
    assert status == 0 and [c["good"] for c in json.loads(out)] == [True, True]


def test_each_pin_state_a_token_reports_is_said_in_words() -> None:
    from pkcs11 import TokenFlag

    from athletes.signing.keys import tries_left_words

    assert "one try remains" in tries_left_words(
        int(TokenFlag.USER_PIN_FINAL_TRY | TokenFlag.USER_PIN_COUNT_LOW)
    )
    assert "locked" in tries_left_words(int(TokenFlag.USER_PIN_LOCKED))
    assert "few tries remain" in tries_left_words(int(TokenFlag.USER_PIN_COUNT_LOW))
    assert "does not say how many" in tries_left_words(0)


def test_the_signature_blocks_cover_nothing_the_report_printed(
    ca: ThrowawayCA, passphrase: None, tmp_path: Path
) -> None:
    """A report whose last line ends at the foot of its page gives the blocks a page of their own."""
    from pypdf import PdfReader

    from athletes.signing.keys import PKCS12Key
    from athletes.signing.pades import sign_in_turn
    from athletes.signing.room import BLOCK_HEIGHT, MARGIN, keep_room_for_signatures
    from var.report import vietnamese_pdf

    pdf = vietnamese_pdf("Báo cáo")
    pdf.set_font("DejaVu", "", 10)
    while pdf.page_no() == 1:  # lines down to the foot of the first page
        pdf.cell(0, 6, f"Dòng {pdf.get_y():.0f}", new_x="LMARGIN", new_y="NEXT")
    while pdf.get_y() < pdf.h - 20:
        pdf.cell(0, 6, f"Dòng {pdf.get_y():.0f}", new_x="LMARGIN", new_y="NEXT")
    keep_room_for_signatures(pdf)
    report = tmp_path / "dai.pdf"
    pdf.output(str(report))
    sign_in_turn(report, [("signer", PKCS12Key(ca.signer)), ("seal", PKCS12Key(ca.seal))])
    lowest: list[float] = []
    for page in PdfReader(report).pages:
        blocks = [a.get_object() for a in page.get("/Annots", [])]
        if not blocks:
            continue
        page.extract_text(
            visitor_text=lambda text, _cm, matrix, *_: lowest.append(matrix[5]) if text.strip() else None
        )
        assert all(float(b["/Rect"][3]) <= MARGIN + BLOCK_HEIGHT for b in blocks)
    assert not lowest or min(lowest) > MARGIN + BLOCK_HEIGHT
