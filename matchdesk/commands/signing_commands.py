"""Signing the reports a command writes (``--sign-with``, ``--sign-token``, ``--seal-with`` ...), and
``matchdesk verify-pdf FILE [--trust ROOTS.pem] [--json]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matchdesk.errors import MatchdeskError

if TYPE_CHECKING:
    from athletes.signing.keys import KeySource

EXIT_NOT_GOOD = 1


def signing_options() -> argparse.ArgumentParser:
    """The options every report command takes to sign its PDF (a parent parser)."""
    options = argparse.ArgumentParser(add_help=False)
    sign = options.add_argument_group("signing the PDF (PAdES)")
    sign.add_argument(
        "--sign-with",
        type=Path,
        metavar="FILE.p12",
        help="the signer's PKCS#12 (passphrase from MATCHDESK_SIGN_PASSPHRASE, or asked)",
    )
    sign.add_argument(
        "--sign-token",
        type=Path,
        metavar="LIB",
        help="the signer's PKCS#11 token module (PIN from MATCHDESK_TOKEN_PIN, or asked)",
    )
    sign.add_argument("--token-label", help="the token's label")
    sign.add_argument("--key-label", help="the signing key's label on the token")
    sign.add_argument(
        "--seal-with",
        type=Path,
        metavar="FILE.p12",
        help="then the organisation's seal (passphrase from MATCHDESK_SEAL_PASSPHRASE)",
    )
    sign.add_argument("--seal-token", type=Path, metavar="LIB", help="the seal's token module")
    sign.add_argument("--seal-token-label", help="the seal token's label (default: the signer's)")
    sign.add_argument("--seal-key-label", help="the seal's key label (on the seal's or the signer's token)")
    sign.add_argument(
        "--tsa", metavar="URL", help="a timestamp authority (RFC 3161); without one, no timestamp"
    )
    sign.add_argument("--location", help="where the document is signed (printed in the signature)")
    return options  # fmt: skip


def _signer_key(arguments: argparse.Namespace) -> KeySource | None:
    from athletes.signing.keys import PKCS12Key, TokenKey

    if arguments.sign_with and arguments.sign_token:
        raise MatchdeskError("sign with a PKCS#12 file or a token, not both")
    if arguments.sign_with:
        return PKCS12Key(arguments.sign_with)
    if arguments.sign_token:
        if not (arguments.token_label and arguments.key_label):
            raise MatchdeskError(
                "a token signature needs --token-label and --key-label", arguments.sign_token
            )
        return TokenKey(arguments.sign_token, arguments.token_label, arguments.key_label)
    return None


def _seal_key(arguments: argparse.Namespace) -> KeySource | None:
    from athletes.signing.keys import SEAL_PASSPHRASE_VARIABLE, SEAL_PIN_VARIABLE, PKCS12Key, TokenKey

    if arguments.seal_with:
        return PKCS12Key(arguments.seal_with, SEAL_PASSPHRASE_VARIABLE)
    library = arguments.seal_token or arguments.sign_token
    if arguments.seal_key_label:
        label = arguments.seal_token_label or arguments.token_label
        if not (library and label):
            raise MatchdeskError(
                "a seal on a token needs --seal-token and --seal-token-label (or the signer's)"
            )
        return TokenKey(library, label, arguments.seal_key_label, pin_variable=SEAL_PIN_VARIABLE)
    return None


def check_signing(arguments: argparse.Namespace, target: Path) -> None:
    """Before writing anything: signing options only with a PDF, and a seal only after a signer."""
    wanted = any(
        getattr(arguments, name, None) for name in ("sign_with", "sign_token", "seal_with", "seal_key_label")
    )
    if wanted and target.suffix.lower() != ".pdf":
        raise MatchdeskError("only a PDF carries a signature: write the report as .pdf to sign it", target)
    if (arguments.seal_with or arguments.seal_key_label) and not (
        arguments.sign_with or arguments.sign_token
    ):
        raise MatchdeskError(
            "the seal goes on after the signer's signature: give --sign-with or --sign-token"
        )


def sign_written(arguments: argparse.Namespace, target: Path, language: str) -> list[str]:
    """Sign ``target`` as the options say (signer, then seal); the lines to tell the user."""
    from athletes.signing.pades import sign_in_turn

    keys = [
        (role, key)
        for role, key in (("signer", _signer_key(arguments)), ("seal", _seal_key(arguments)))
        if key
    ]
    return [
        f"signed ({role}) by {done.signer}" + (f"; {done.note}" if done.note else "; timestamped")
        for (role, _), done in zip(
            keys, sign_in_turn(target, keys, language, arguments.tsa, arguments.location), strict=True
        )
    ]


def register(commands: Any) -> None:
    verify = commands.add_parser("verify-pdf", help="check every signature of a PDF")
    verify.add_argument("file", type=Path)
    verify.add_argument("--trust", type=Path, metavar="ROOTS.pem",
                        help="trusted root certificates; the signers' must chain to them")  # fmt: skip
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=run_verify)


def run_verify(arguments: argparse.Namespace) -> int:
    """Exit 0 only when every signature is intact, unchanged after (but for later signatures), and,
    with --trust, chains to those roots; 1 otherwise, or when there is no signature."""
    from athletes.signing.verify import verify_pdf

    checks = verify_pdf(arguments.file, arguments.trust)
    if arguments.json:
        sys.stdout.write(json.dumps([c.as_dict() for c in checks], ensure_ascii=False, indent=1) + "\n")
    elif not checks:
        sys.stdout.write(f"{arguments.file}: no signatures\n")
    for number, check in enumerate(checks if not arguments.json else [], start=1):
        trust = {None: "not checked (give --trust)", True: "yes", False: "NO"}[check.trusted]
        clock = "timestamp" if check.timestamped else "signer's clock"
        sys.stdout.write(
            f"signature {number} ({check.field}): {'GOOD' if check.good else 'NOT GOOD'}\n"
            f"  signer: {check.signer}\n"
            f"  signed at: {check.signed_at or '?'} ({clock})\n"
            f"  intact: {'yes' if check.intact and check.valid else 'NO'}\n"
            f"  changed after signing: {check.changed_after}\n"
            f"  chains to trusted roots: {trust}\n"
        )
    return 0 if checks and all(c.good for c in checks) else EXIT_NOT_GOOD
