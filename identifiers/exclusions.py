"""Numbers in a message that are never the scammer's identifiers, blanked before any are read.

A victim's own identity card (MyKad, NRIC/FIN, KTP/NIK, Thai ID, CCCD/CMND), a payment's
transaction or reference number, a one-time code, dates, times, amounts and our own report
references: none may be checked or forwarded as the scammer's. A number right after a bank's
name is that bank's account, so the shapes of identity cards never take it.
"""

import re
from collections.abc import Callable
from datetime import date

from identifiers.keywords import alternation
from identifiers.providers import bank_before
from reports.money import CURRENCY_AMOUNT

# Each blanking keeps every position where it was (blanks of the same length).
_MALAYSIAN_IC = re.compile(
    r"(?<![\w-])([0-9]{2})([0-9]{2})([0-9]{2})([- ]?)([0-9]{2})([- ]?)[0-9]{4}(?![\w-])"
)
_IC_STATE_CODES = {*range(1, 17), *range(21, 69), 71, 72, *range(74, 80), *range(82, 94), 98, 99}
# Singapore's NRIC and FIN: a letter, seven digits, a check letter.
_SINGAPORE_NRIC = re.compile(r"(?<![\w-])[STFGM][0-9]{7}[A-Z](?![\w-])", re.IGNORECASE)
# Thailand's 13-digit ID, often written 1-2345-67890-12-3; its last digit is a checksum.
_THAI_ID = re.compile(r"(?<![\w-])[0-9][- ]?[0-9]{4}[- ]?[0-9]{5}[- ]?[0-9]{2}[- ]?[0-9](?![\w-])")
# Indonesia's 16-digit NIK: region (province 11-94), birth day (plus 40 for women), month,
# year, then a serial.
_INDONESIAN_NIK = re.compile(
    r"(?<![\w-])(?P<province>[1-9][0-9])[0-9]{4}(?P<day>[0-7][0-9])(?P<month>[01][0-9])"
    r"[0-9]{2}[0-9]{4}(?![\w-])"
)

_FILLER = (
    r"(?:[\s:#.\-=]|no\b|number\b|num\b|nombor\b|nomor\b|số\b|is\b|adalah\b|ialah\b|anda\b"
    r"|kamu\b|your\b|là\b|của bạn\b|คือ|ของคุณ|是|为|\uff1a)"
)


def _after(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A code written after one of the keywords: letters and digits, at least one digit.
    Latin-script keywords count as whole words only ("ref", not "refund")."""
    names = alternation(keywords)
    return re.compile(
        rf"(?:{names})(?:{_FILLER}){{0,8}}"
        r"(?P<code>(?=[\w./-]*[0-9])[0-9A-Za-z](?:[\w./-]*[0-9A-Za-z])?)",
        re.IGNORECASE,
    )


# Words before an identity card's number.
_ID_CARD_AFTER = _after(
    (
        "ic", "i/c", "nric", "fin", "mykad", "mykid", "kad pengenalan", "no. kp", "no kp",
        "ktp", "e-ktp", "no. nik", "nomor nik", "nik ktp", "id card", "identity card",
        "national id", "passport", "pasport", "paspor",
        "บัตรประชาชน", "เลขประจำตัวประชาชน", "เลขบัตรประชาชน",
        "cccd", "cmnd", "cmt", "căn cước", "căn cước công dân", "chứng minh nhân dân",
        "số định danh", "hộ chiếu", "身份证", "护照", "umid", "philsys",
    )
)  # fmt: skip
# Words before a payment's own reference, an order or a parcel's tracking number.
_REFERENCE_AFTER = _after(
    (
        "ref", "ref.", "reference", "transaction id", "transaction no", "transaction number",
        "txn", "txn id", "trx", "trx id", "trans id", "order id", "order no", "invoice no",
        "tracking no", "tracking number", "awb", "no. rujukan", "no rujukan", "rujukan",
        "nombor rujukan", "id transaksi", "no. transaksi", "no transaksi", "nomor transaksi",
        "kod transaksi", "kode transaksi", "no. referensi", "referensi", "no. resi", "no resi",
        "resi", "no. pesanan", "no. invois", "เลขที่อ้างอิง", "รหัสอ้างอิง", "หมายเลขอ้างอิง",
        "เลขที่รายการ", "เลขพัสดุ", "mã giao dịch", "mã gd", "số tham chiếu", "mã tham chiếu",
        "mã đơn hàng", "mã vận đơn", "交易号", "交易编号", "参考号", "流水号", "订单号", "运单号",
    )
)  # fmt: skip
# Words before a one-time code; and "123456 is your code", the code first.
_ONE_TIME_CODE_AFTER = _after(
    (
        "otp", "tac", "pin", "verification code", "one-time password", "one time password",
        "kod pengesahan", "kode verifikasi", "kode otp", "mã otp", "mã xác thực", "mã xác nhận",
        "รหัส otp", "รหัสยืนยัน", "รหัส otp คือ", "验证码", "动态码",
    )
)  # fmt: skip
_ONE_TIME_CODE_BEFORE = re.compile(
    r"(?<![0-9])[0-9]{4,8}(?![0-9])(?=\s*(?:is|adalah|ialah|là|คือ|是)\s*(?:[^\W\d_]+\s+){0,3}"
    r"(?:otp|tac|code|kod|kode|mã|รหัส|验证码))",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"[0-9]")
_OUR_REFERENCE = re.compile(r"\bWSP-?[0-9A-Z]{4}-?[0-9A-Z]{4}\b", re.IGNORECASE)
DATE = re.compile(
    r"\b(?:[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})\b"
)
# A dot time needs its am/pm: "0.00" may end a phone number written with dots.
_TIME = re.compile(
    r"(?<![0-9.])[0-9]{1,2}(?::[0-9]{2}(?::[0-9]{2})?(?:\s*[ap]\.?m\b\.?)?"
    r"|\.[0-9]{2}\s*[ap]\.?m\b\.?)(?![0-9:])",
    re.IGNORECASE,
)


def blank_identity_cards(text: str) -> str:
    """Text without identity card numbers: by their shape, or after the words naming one."""
    return _replace_identity_cards(text, _blanks)


def mask_identity_cards(text: str) -> str:
    """Text with the digits of identity card numbers masked ("••••••-••-••••"), so a report
    never stores or forwards the victim's own number, yet still reads as it was written."""
    return _replace_identity_cards(text, _masked)


def _replace_identity_cards(text: str, replace: Callable[[str], str]) -> str:
    def where(condition: Callable[[re.Match[str]], bool]) -> Callable[[re.Match[str]], str]:
        def replaced(match: re.Match[str]) -> str:
            if condition(match) and bank_before(text, match.start()) is None:
                return replace(match.group())
            return match.group()

        return replaced

    text = _MALAYSIAN_IC.sub(where(_is_malaysian_ic), text)
    text = _THAI_ID.sub(where(lambda match: _is_thai_id(match.group())), text)
    text = _INDONESIAN_NIK.sub(where(_is_nik), text)
    text = _SINGAPORE_NRIC.sub(lambda match: replace(match.group()), text)
    return _replace_group(_ID_CARD_AFTER, text, replace)


def _blanks(written: str) -> str:
    return " " * len(written)


def _masked(written: str) -> str:
    return _DIGIT.sub("•", written)


def blank_references_codes_and_amounts(text: str) -> str:
    """Text without payment references, one-time codes, amounts, times and our references.
    Dates are left: a phone number may hold a date-shaped run such as 3-1-2026."""
    text = _blank_group(_REFERENCE_AFTER, text)
    text = _blank_group(_ONE_TIME_CODE_AFTER, text)
    for pattern in (_ONE_TIME_CODE_BEFORE, CURRENCY_AMOUNT, _OUR_REFERENCE, _TIME):
        text = blank(pattern, text)
    return text


def blank(pattern: re.Pattern[str], text: str) -> str:
    """Text with the pattern's matches blanked out; positions stay where they were."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Text with the (start, end) spans blanked out; positions stay where they were."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _blank_group(pattern: re.Pattern[str], text: str) -> str:
    return _replace_group(pattern, text, _blanks)


def _replace_group(pattern: re.Pattern[str], text: str, replace: Callable[[str], str]) -> str:
    def replaced(match: re.Match[str]) -> str:
        code_starts = match.start("code") - match.start()
        written = match.group()
        return written[:code_starts] + replace(written[code_starts:])

    return pattern.sub(replaced, text)


def _is_malaysian_ic(match: re.Match[str]) -> bool:
    """Both dashes, or a real birth date and state code (else a 12-digit account is lost)."""
    year, month, day, dash, state, second_dash = match.groups()
    return dash == second_dash == "-" or (
        _is_date(2000 + int(year), int(month), int(day)) and int(state) in _IC_STATE_CODES
    )


def _is_thai_id(written: str) -> bool:
    digits = [int(d) for d in written if d.isascii() and d.isdigit()]
    total = sum(digit * (13 - place) for place, digit in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == digits[12]


def _is_nik(match: re.Match[str]) -> bool:
    day = int(match["day"])
    day = day - 40 if day > 40 else day
    return 11 <= int(match["province"]) <= 94 and _is_date(2000, int(match["month"]), day)


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
