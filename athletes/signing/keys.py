"""Where a signing key comes from: a PKCS#12 file (passphrase from MATCHDESK_SIGN_PASSPHRASE, or
asked), or a PKCS#11 token such as the Government CA's USB tokens (PIN from MATCHDESK_TOKEN_PIN, or
asked). A wrong PIN says what the token tells of the tries left; an expired or not-yet-valid
certificate is refused before anything is signed."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import x509
from pyhanko.sign import signers

from matchdesk.errors import MatchdeskError

PASSPHRASE_VARIABLE = "MATCHDESK_SIGN_PASSPHRASE"
PIN_VARIABLE = "MATCHDESK_TOKEN_PIN"
SEAL_PASSPHRASE_VARIABLE = "MATCHDESK_SEAL_PASSPHRASE"
SEAL_PIN_VARIABLE = "MATCHDESK_SEAL_PIN"
SEAL_FALLBACK = {SEAL_PASSPHRASE_VARIABLE: PASSPHRASE_VARIABLE, SEAL_PIN_VARIABLE: PIN_VARIABLE}


@dataclass(frozen=True)
class PKCS12Key:
    path: Path
    passphrase_variable: str = PASSPHRASE_VARIABLE
    passphrase: str | None = field(default=None, repr=False)  # typed in a window; else the variable


@dataclass(frozen=True)
class TokenKey:
    library: Path  # the token's PKCS#11 module (.so / .dll)
    token_label: str
    key_label: str
    cert_label: str | None = None  # the key's when not given
    pin_variable: str = PIN_VARIABLE


KeySource = PKCS12Key | TokenKey


def secret(variable: str, prompt: str) -> str:
    """From the environment (a seal's own variable falls back to the signer's), or asked on the
    terminal (never echoed)."""
    value = os.environ.get(variable, os.environ.get(SEAL_FALLBACK.get(variable, variable)))
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise MatchdeskError(f"{prompt}: set {variable} (no terminal to ask on)")
    return getpass.getpass(f"{prompt}: ")


def check_validity(certificate: x509.Certificate, where: str, now: datetime | None = None) -> None:
    """A clear refusal for a certificate that has expired or is not valid yet."""
    now = now or datetime.now(UTC)
    validity = certificate["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    subject = certificate.subject.human_friendly
    if now > not_after:
        raise MatchdeskError(
            f"the certificate of {subject} expired on {not_after:%Y-%m-%d}; sign with a valid one", where
        )
    if now < not_before:
        raise MatchdeskError(f"the certificate of {subject} is valid only from {not_before:%Y-%m-%d}", where)


def load_pkcs12(key: PKCS12Key) -> signers.SimpleSigner:
    if not key.path.is_file():
        raise MatchdeskError("no such PKCS#12 file", key.path)
    passphrase = key.passphrase
    if passphrase is None:
        passphrase = secret(key.passphrase_variable, f"passphrase of {key.path.name}")
    try:
        signer: signers.SimpleSigner | None = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
            str(key.path), passphrase=passphrase.encode()
        )
    except (ValueError, OSError) as error:
        raise MatchdeskError(f"cannot open it: wrong passphrase or not PKCS#12 ({error})", key.path) from None
    if signer is None:
        raise MatchdeskError("cannot open it: wrong passphrase or not a PKCS#12 file", key.path)
    assert signer.signing_cert is not None
    check_validity(signer.signing_cert, str(key.path))
    return signer


def tries_left_words(flags: int) -> str:
    """What a token's flags tell of the PIN tries left (PKCS#11 CKF_USER_PIN_*)."""
    from pkcs11 import TokenFlag

    if flags & TokenFlag.USER_PIN_LOCKED:
        return "the token is now locked: its PUK or issuer must unlock it"
    if flags & TokenFlag.USER_PIN_FINAL_TRY:
        return "one try remains before the token locks"
    if flags & TokenFlag.USER_PIN_COUNT_LOW:
        return "few tries remain before the token locks"
    return "the token does not say how many tries remain; tokens lock after a few wrong PINs"


@contextmanager
def token_signer(key: TokenKey) -> Iterator[signers.Signer]:
    """A signer on the token's key, its session open while signing."""
    import pkcs11
    from pkcs11.exceptions import PinIncorrect, PinLenRange, PinLocked
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    if not key.library.is_file():
        raise MatchdeskError("no such PKCS#11 module (the token's driver)", key.library)
    where = f"token {key.token_label!r}"
    pin = secret(key.pin_variable, f"PIN of {where}")
    try:
        session = open_pkcs11_session(
            str(key.library), token_criteria=TokenCriteria(label=key.token_label), user_pin=pin
        )
    except (PinIncorrect, PinLenRange):
        token = pkcs11.lib(str(key.library)).get_token(token_label=key.token_label)
        raise MatchdeskError(f"wrong PIN: {tries_left_words(int(token.flags))}", where) from None
    except PinLocked:
        raise MatchdeskError("the token is locked: its PUK or issuer must unlock it", where) from None
    except Exception as error:  # pyHanko's and the module's own: no such token, no reader...
        raise MatchdeskError(f"cannot open the token: {error}", where) from None
    try:
        signer = PKCS11Signer(session, cert_label=key.cert_label or key.key_label, key_label=key.key_label)
        try:
            certificate = signer.signing_cert
        except Exception as error:
            raise MatchdeskError(
                f"no certificate or key labelled {key.key_label!r}: {error}", where
            ) from None
        assert certificate is not None
        check_validity(certificate, where)
        yield signer
    finally:
        session.close()
