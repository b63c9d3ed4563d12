"""Who holds an account: the bank, e-wallet or platform a message names beside a number or
handle ("Maybank 5140…", "กสิกร 123-4-…", "TnG 012…", "telegram @…", "Line ID: …")."""

import re
from dataclasses import dataclass

from identifiers.keywords import alternation


@dataclass(frozen=True)
class Provider:
    code: str
    # As people know it; shown back to them and to operators, never translated.
    name: str
    # What people write for it. Latin-script words count as whole words only; words in scripts
    # written without spaces (Thai, Chinese) count wherever they stand.
    words: tuple[str, ...]


BANKS = (
    # Malaysia
    Provider("MBB", "Maybank", ("maybank", "maybank2u", "m2u", "malayan banking", "马来亚银行")),
    Provider("CIMB", "CIMB", ("cimb", "cimb clicks", "cimb niaga", "联昌")),
    Provider("PBB", "Public Bank", ("public bank", "pbb", "pbe", "大众银行")),
    Provider("RHB", "RHB", ("rhb",)),
    Provider("HLB", "Hong Leong Bank", ("hong leong", "hlb", "丰隆")),
    Provider("AMB", "AmBank", ("ambank", "am bank")),
    Provider("BIMB", "Bank Islam", ("bank islam", "bimb")),
    Provider("BKRM", "Bank Rakyat", ("bank rakyat",)),
    Provider("BSN", "BSN", ("bsn", "bank simpanan nasional")),
    Provider("AFFIN", "Affin Bank", ("affin", "affin bank")),
    Provider("ABMB", "Alliance Bank", ("alliance bank",)),
    Provider("AGRO", "Agrobank", ("agrobank", "agro bank")),
    Provider("MUAMALAT", "Bank Muamalat", ("bank muamalat", "muamalat")),
    # Regional
    Provider("OCBC", "OCBC", ("ocbc", "华侨银行")),
    Provider("UOB", "UOB", ("uob", "大华银行")),
    Provider("HSBC", "HSBC", ("hsbc", "汇丰")),
    Provider("DBS", "DBS", ("dbs", "posb", "星展")),
    Provider("SCBANK", "Standard Chartered", ("standard chartered", "stanchart")),
    # Indonesia
    Provider("BCA", "BCA", ("bca", "bank central asia", "klikbca")),
    Provider("BRI", "BRI", ("bri", "bank rakyat indonesia", "brimo")),
    Provider("BNI", "BNI", ("bni",)),
    Provider("MANDIRI", "Bank Mandiri", ("mandiri", "bank mandiri", "livin")),
    Provider("BSI", "BSI", ("bsi", "bank syariah indonesia")),
    Provider("BTN", "BTN", ("btn",)),
    Provider("PERMATA", "PermataBank", ("permata", "permatabank")),
    Provider("DANAMON", "Danamon", ("danamon",)),
    Provider("JAGO", "Bank Jago", ("bank jago",)),
    Provider("SEABANK", "SeaBank", ("seabank",)),
    # Thailand
    Provider("KBANK", "Kasikornbank", ("kasikorn", "kbank", "k plus", "kplus", "กสิกร")),
    Provider("SCB", "SCB", ("scb", "siam commercial", "ไทยพาณิชย์")),
    Provider("BBL", "Bangkok Bank", ("bangkok bank", "bualuang", "ธนาคารกรุงเทพ", "บัวหลวง")),
    Provider("KTB", "Krungthai", ("krungthai", "krung thai", "ktb", "กรุงไทย")),
    Provider("BAY", "Krungsri", ("krungsri", "bank of ayudhya", "กรุงศรี")),
    Provider("TTB", "ttb", ("ttb", "tmbthanachart", "ทหารไทยธนชาต", "ทีทีบี")),
    Provider("GSB", "GSB", ("gsb", "government savings bank", "ออมสิน")),
    # Vietnam
    Provider("VCB", "Vietcombank", ("vietcombank", "vcb")),
    Provider("TCB", "Techcombank", ("techcombank", "tcb")),
    Provider("MBBANK", "MB Bank", ("mb bank", "mbbank", "ngân hàng quân đội")),
    Provider("BIDV", "BIDV", ("bidv",)),
    Provider("CTG", "VietinBank", ("vietinbank", "vietin bank")),
    Provider("VPB", "VPBank", ("vpbank", "vp bank")),
    Provider("ACB", "ACB", ("acb",)),
    Provider("AGRIBANK", "Agribank", ("agribank",)),
    Provider("TPB", "TPBank", ("tpbank", "tp bank", "tpb")),
    Provider("STB", "Sacombank", ("sacombank",)),
    # Philippines
    Provider("BDO", "BDO", ("bdo", "banco de oro")),
    Provider("BPI", "BPI", ("bpi", "bank of the philippine islands")),
    Provider("MBTC", "Metrobank", ("metrobank",)),
    Provider("LBP", "Landbank", ("landbank", "land bank")),
    Provider("UBP", "UnionBank", ("unionbank", "union bank")),
    Provider("PNB", "PNB", ("pnb", "philippine national bank")),
    Provider("RCBC", "RCBC", ("rcbc",)),
    Provider("SECB", "Security Bank", ("security bank",)),
    # Cambodia, Myanmar, Laos
    Provider("ABA", "ABA Bank", ("aba bank",)),
    Provider("ACLEDA", "ACLEDA", ("acleda",)),
    Provider("KBZ", "KBZ Bank", ("kbz", "kbz bank")),
    Provider("AYA", "AYA Bank", ("aya bank",)),
    Provider("CBBANK", "CB Bank", ("cb bank",)),
    Provider("BCEL", "BCEL", ("bcel",)),
)
# E-wallets are reached through the owner's phone number.
EWALLETS = (
    Provider("TNG", "Touch 'n Go eWallet", ("touch 'n go", "touch n go", "touchngo", "tng")),
    Provider("GRABPAY", "GrabPay", ("grabpay", "grab pay")),
    Provider("BOOST", "Boost", ("boost",)),
    Provider("SHOPEEPAY", "ShopeePay", ("shopeepay", "shopee pay")),
    Provider("GOPAY", "GoPay", ("gopay", "go-pay")),
    Provider("OVO", "OVO", ("ovo",)),
    # Not plain "dana" (Indonesian for "funds") nor "maya" (a common name).
    Provider("DANA", "DANA", ("dana ewallet", "e-wallet dana", "akun dana")),
    Provider("GCASH", "GCash", ("gcash",)),
    Provider("MAYA", "Maya", ("paymaya", "maya wallet")),
    Provider("TRUEMONEY", "TrueMoney", ("truemoney", "true money", "ทรูมันนี่")),
    Provider("PROMPTPAY", "PromptPay", ("promptpay", "prompt pay", "พร้อมเพย์")),
    Provider("MOMO", "MoMo", ("momo", "ví momo")),
    Provider("ZALOPAY", "ZaloPay", ("zalopay", "zalo pay")),
    Provider("VIETTELMONEY", "Viettel Money", ("viettel money", "viettelpay", "viettel pay")),
    Provider("WING", "Wing", ("wing money",)),
    Provider("KBZPAY", "KBZPay", ("kbzpay", "kbz pay")),
    Provider("WAVEPAY", "WavePay", ("wavepay", "wave pay", "wave money")),
    Provider("LINEPAY", "LINE Pay", ("line pay", "rabbit line pay")),
)
# Where a handle lives; a LINE ID is often written without its "@".
PLATFORMS = (
    Provider("TELEGRAM", "Telegram", ("telegram", "tele", "tg")),
    Provider("LINE", "LINE", ("line", "line id", "ไลน์")),
    Provider("WHATSAPP", "WhatsApp", ("whatsapp", "wasap", "wa")),
    Provider("FACEBOOK", "Facebook", ("facebook", "fb", "messenger")),
    Provider("INSTAGRAM", "Instagram", ("instagram", "ig", "insta")),
    Provider("TIKTOK", "TikTok", ("tiktok", "tik tok")),
    Provider("X", "X (Twitter)", ("twitter",)),
    Provider("WECHAT", "WeChat", ("wechat", "微信")),
    Provider("ZALO", "Zalo", ("zalo",)),
    Provider("VIBER", "Viber", ("viber",)),
)
PROVIDERS = {provider.code: provider for provider in (*BANKS, *EWALLETS, *PLATFORMS)}

# How far before a number a bank or wallet name may stand and still be its own.
_NAME_REACH = 40
# A new sentence starts with a capital, so "no. akaun" stays in the sentence naming the bank.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z])|\n")


def _name_pattern(providers: tuple[Provider, ...]) -> re.Pattern[str]:
    return re.compile(alternation(w for p in providers for w in p.words), re.IGNORECASE)


_BANK_NAME = _name_pattern(BANKS)
_EWALLET_NAME = _name_pattern(EWALLETS)
_PLATFORM_NAME = _name_pattern(PLATFORMS)
_CODE_OF = {
    word: provider.code
    for providers in (BANKS, EWALLETS, PLATFORMS)
    for provider in providers
    for word in provider.words
}


def bank_before(text: str, position: int) -> str | None:
    """The code of the bank named closest before the position, within the same sentence."""
    return _named_before(_BANK_NAME, text, position)


def bank_after(text: str, position: int) -> str | None:
    """The code of a bank named just after the position, within the same sentence
    ("STK 0071001234567 Vietcombank")."""
    window = _SENTENCE_BREAK.split(text[position : position + _NAME_REACH])[0]
    name = _BANK_NAME.search(window)
    return _CODE_OF[name.group().lower()] if name else None


def ewallet_before(text: str, position: int) -> str | None:
    """The code of the e-wallet named closest before the position, within the same sentence."""
    return _named_before(_EWALLET_NAME, text, position)


def platform_before(text: str, position: int) -> str | None:
    """The code of the platform named closest before the position, within the same sentence."""
    return _named_before(_PLATFORM_NAME, text, position)


def provider_name(code: str) -> str:
    """The name people know a provider by; an unknown code as it is."""
    provider = PROVIDERS.get(code)
    return provider.name if provider else code


def _named_before(pattern: re.Pattern[str], text: str, position: int) -> str | None:
    window_start = max(0, position - _NAME_REACH)
    window = _SENTENCE_BREAK.split(text[window_start:position])[-1]
    names = pattern.findall(window)
    return _CODE_OF[names[-1].lower()] if names else None
