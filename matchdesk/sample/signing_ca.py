"""A throwaway certificate authority for trying out and testing report signatures: a root, a signer
(a person), an organisation's seal, a timestamp authority, and a signer whose certificate has
expired; each key as PKCS#12 (and PKCS#8 PEM, to load onto a token). Never for real documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "matchdesk-test"


@dataclass(frozen=True)
class ThrowawayCA:
    folder: Path
    root: Path  # root.pem: the trusted root
    signer: Path  # signer.p12
    seal: Path  # seal.p12
    expired: Path  # expired.p12
    tsa_cert: Path  # tsa.pem, tsa-key.pem
    tsa_key: Path
    other_root: Path  # a root that signed none of them

    def key_pem(self, name: str) -> Path:
        """The PKCS#8 key of ``name`` (signer, seal...), to import onto a token."""
        return self.folder / f"{name}-key.pem"

    def cert_der(self, name: str) -> Path:
        return self.folder / f"{name}.der"


def _name(common: str, organisation: str = "Sở Văn hóa và Thể thao (thử nghiệm)") -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common),
    ])  # fmt: skip


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(
    subject: x509.Name, key: rsa.RSAPrivateKey, issuer: x509.Name, issuer_key: rsa.RSAPrivateKey,
    start: datetime, end: datetime, ca: bool = False, tsa: bool = False,
) -> x509.Certificate:  # fmt: skip
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    usage = dict.fromkeys(
        ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
         "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"), False,
    )  # fmt: skip
    if ca:
        usage.update(key_cert_sign=True, crl_sign=True)
    else:
        usage.update(digital_signature=True, content_commitment=True)
    builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _write_person(
    folder: Path, name: str, key: rsa.RSAPrivateKey, certificate: x509.Certificate, root: x509.Certificate
) -> Path:
    path = folder / f"{name}.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name.encode(),
            key,
            certificate,
            [root],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    (folder / f"{name}-key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (folder / f"{name}.der").write_bytes(certificate.public_bytes(serialization.Encoding.DER))
    (folder / f"{name}.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def make_throwaway_ca(folder: Path) -> ThrowawayCA:
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    root_key = _key()
    root_name = _name("matchdesk Test Root CA (not for real documents)")
    day = timedelta(days=1)
    root = _certificate(root_name, root_key, root_name, root_key, now - day, now + 3650 * day, ca=True)
    (folder / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    made = {}
    people = {
        "signer": (_name("Nguyễn Thị Thu Hà"), now - timedelta(days=1), now + timedelta(days=730)),
        "seal": (
            _name("Sở Văn hóa và Thể thao tỉnh (con dấu)"),
            now - timedelta(days=1),
            now + timedelta(days=730),
        ),
        "expired": (_name("Trần Văn Cũ"), now - timedelta(days=800), now - timedelta(days=70)),
    }
    for name, (subject, start, end) in people.items():
        key = _key()
        made[name] = _write_person(
            folder, name, key, _certificate(subject, key, root_name, root_key, start, end), root
        )
    tsa_key = _key()
    tsa = _certificate(_name("matchdesk Test TSA"), tsa_key, root_name, root_key, now - timedelta(days=1),
                       now + timedelta(days=730), tsa=True)  # fmt: skip
    (folder / "tsa.pem").write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa-key.pem").write_bytes(
        tsa_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    other_key = _key()
    other_name = _name("Some Other Root CA", "Elsewhere")
    other = _certificate(other_name, other_key, other_name, other_key, now - day, now + 365 * day, ca=True)
    (folder / "other-root.pem").write_bytes(other.public_bytes(serialization.Encoding.PEM))
    return ThrowawayCA(folder, folder / "root.pem", made["signer"], made["seal"], made["expired"],
                  folder / "tsa.pem", folder / "tsa-key.pem", folder / "other-root.pem")  # fmt: skip
