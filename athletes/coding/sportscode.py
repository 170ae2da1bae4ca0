"""Hudl Sportscode's XML timeline: written for Sportscode, read from what real exports hold.

The format: ``<file><ALL_INSTANCES>`` holds one ``<instance>`` per event (``ID``, ``start`` and
``end`` in seconds, ``code``, and ``<label>`` elements each with an optional ``group`` and a
``text``); ``<ROWS>`` gives each code's row colour (``R``, ``G``, ``B`` from 0 to 65535). Times are
written with microsecond decimals and read back exactly.

Real exports are not always well-formed: some are UTF-16 (with or without a byte-order mark), some
carry a bare ``&`` or ``<`` in a label's text ("Tấn công & phòng ngự"). Those are repaired before
parsing; anything else wrong is said with the file's name, and where in it.
"""

from __future__ import annotations

import codecs
import logging
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from athletes.coding.events import CodeButton, CodedEvent, Label
from matchdesk.errors import MatchdeskError
from matchdesk.whole_files import written_whole

logger = logging.getLogger(__name__)

SPORTSCODE_MAX = 65535  # a colour channel's full value in <ROWS>
_BARE_AMPERSAND = re.compile(r"&(?!(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);)")
_BARE_LESS_THAN = re.compile(r"<(?![A-Za-z_/!?])")
_DECLARED_ENCODING = re.compile(r"^(<\?xml[^>]*?)\s+encoding=([\"'])[^\"']*\2", re.IGNORECASE)


def write_sportscode(path: Path, events: Sequence[CodedEvent], buttons: Sequence[CodeButton] = ()) -> None:
    """``events`` as a Sportscode XML timeline at ``path``, with the row colours of ``buttons``."""
    root = ElementTree.Element("file")
    instances = ElementTree.SubElement(root, "ALL_INSTANCES")
    for event in sorted(events, key=lambda e: (e.start, e.id)):
        instance = ElementTree.SubElement(instances, "instance")
        _text(instance, "ID", str(event.id))
        _text(instance, "start", seconds_text(event.start))
        _text(instance, "end", seconds_text(event.end))
        _text(instance, "code", event.code)
        for label in event.labels:
            element = ElementTree.SubElement(instance, "label")
            if label.group is not None:
                _text(element, "group", label.group)
            _text(element, "text", label.text)
    rows = ElementTree.SubElement(root, "ROWS")
    colours = {b.code: b.colour for b in buttons}
    for code in dict.fromkeys(e.code for e in events):
        if code in colours:
            row = ElementTree.SubElement(rows, "row")
            _text(row, "code", code)
            for channel, value in zip("RGB", colours[code], strict=True):
                _text(row, channel, str(round(value * SPORTSCODE_MAX / 255)))
    ElementTree.indent(root)
    with written_whole(path) as written:
        ElementTree.ElementTree(root).write(written, encoding="utf-8", xml_declaration=True)


def read_sportscode(path: Path) -> tuple[list[CodedEvent], list[CodeButton]]:
    """The events of a Sportscode XML timeline, and a button per row colour it gives.

    Raises:
        MatchdeskError: not readable as a Sportscode timeline (the message names the file and the
            place).
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise MatchdeskError(f"cannot be read ({error.strerror or error})", path) from error
    text = _decoded(raw, path)
    text = _DECLARED_ENCODING.sub(r"\1", text, count=1)  # decoded already: the declaration would mislead
    repaired = _BARE_LESS_THAN.sub("&lt;", _BARE_AMPERSAND.sub("&amp;", text))
    if repaired != text:
        logger.info("%s: bare & or < in the text escaped", path)
    try:
        root = ElementTree.fromstring(repaired)
    except ElementTree.ParseError as error:
        line, column = error.position
        raise MatchdeskError(f"not well-formed XML at line {line}, column {column + 1}", path) from error
    instances = root.find("ALL_INSTANCES")
    if root.tag != "file" or instances is None:
        raise MatchdeskError("not a Sportscode timeline (no <file><ALL_INSTANCES>)", path)
    events = [_event(instance, number, path) for number, instance in enumerate(instances.iter("instance"), 1)]
    return events, _buttons(root, path)


def seconds_text(seconds: Fraction) -> str:
    """Seconds to the microsecond, without trailing zeros ("12.5", "3.04", "7")."""
    whole, _, fraction = f"{Decimal(round(seconds * 1_000_000)) / Decimal(1_000_000):f}".partition(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _decoded(raw: bytes, path: Path) -> str:
    """The file's text: UTF-8 or UTF-16 by its byte-order mark, or UTF-16 without one when every
    other byte is zero, else UTF-8 (or the declared encoding)."""
    marks = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for mark, encoding in marks:
        if raw.startswith(mark):
            return _decode(raw, encoding, path)
    head = raw[:200]
    if head[1::2].count(0) > len(head) // 4:
        return _decode(raw, "utf-16-le", path)
    if head[0::2].count(0) > len(head) // 4:
        return _decode(raw, "utf-16-be", path)
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.-]+)[\"']", raw)
    return _decode(raw, declared.group(1).decode("ascii") if declared else "utf-8", path)


def _decode(raw: bytes, encoding: str, path: Path) -> str:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise MatchdeskError(f"not text in {encoding} ({error})", path) from error


def _event(instance: ElementTree.Element, number: int, path: Path) -> CodedEvent:
    where = f"instance {number}"
    given_id = (instance.findtext("ID") or "").strip()
    if given_id:
        where = f"instance {number} (ID {given_id})"
    code = (instance.findtext("code") or "").strip()
    if not code:
        raise MatchdeskError(f"{where} has no code", path)
    start, end = (_seconds(instance.findtext(tag), tag, where, path) for tag in ("start", "end"))
    if end < start:
        raise MatchdeskError(f"{where} ends ({float(end)} s) before it starts ({float(start)} s)", path)
    labels = tuple(
        Label((element.findtext("group") or "").strip() or None, (element.findtext("text") or "").strip())
        for element in instance.iter("label")
        if (element.findtext("text") or "").strip()
    )
    return CodedEvent(int(given_id) if given_id.isdigit() else number, code, start, end, labels)


def _seconds(text: str | None, tag: str, where: str, path: Path) -> Fraction:
    if text is None or not text.strip():
        raise MatchdeskError(f"{where} has no <{tag}>", path)
    try:
        value = Fraction(Decimal(text.strip()))
    except (InvalidOperation, ValueError) as error:
        raise MatchdeskError(f'{where}: <{tag}> "{text.strip()}" is not a number of seconds', path) from error
    if value < 0:
        raise MatchdeskError(f"{where}: <{tag}> is negative", path)
    return value


def _buttons(root: ElementTree.Element, path: Path) -> list[CodeButton]:
    buttons = []
    for row in root.iter("row"):
        code = (row.findtext("code") or "").strip()
        try:
            channels = [int(float(row.findtext(c) or 0)) for c in "RGB"]
        except ValueError:
            logger.info("%s: the colour of row %s is not numbers; grey", path, code)
            channels = [SPORTSCODE_MAX // 2] * 3
        if code:
            colour = tuple(max(0, min(255, round(v * 255 / SPORTSCODE_MAX))) for v in channels)
            buttons.append(CodeButton(code, colour=colour))  # type: ignore[arg-type]
    return buttons


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, tag).text = text
