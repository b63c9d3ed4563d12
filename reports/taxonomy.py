"""Closed vocabularies of a report. Codes are stable: they travel in the queue message."""

from enum import StrEnum


class ScamType(StrEnum):
    PHISHING = "phishing"
    AUTHORITY_IMPERSONATION = "authority_impersonation"
    PARCEL = "parcel"
    ONLINE_SHOPPING = "online_shopping"
    INVESTMENT = "investment"
    JOB = "job"
    ROMANCE = "romance"
    LOAN = "loan"
    PRIZE = "prize"
    FAKE_FRIEND = "fake_friend"
    ACCOUNT_TAKEOVER = "account_takeover"
    MALWARE_APP = "malware_app"
    MULE_RECRUITMENT = "mule_recruitment"
    OTHER = "other"


class ContactChannel(StrEnum):
    PHONE_CALL = "phone_call"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    LINE = "line"
    ZALO = "zalo"
    VIBER = "viber"
    MESSENGER = "messenger"
    SOCIAL_MEDIA = "social_media"
    WEBSITE = "website"
    EMAIL = "email"
    IN_PERSON = "in_person"
    OTHER = "other"


class ImpersonatedParty(StrEnum):
    BANK = "bank"
    POLICE_OR_GOVERNMENT = "police_or_government"
    COURIER = "courier"
    EMPLOYER = "employer"
    FRIEND_OR_FAMILY = "friend_or_family"
    ONLINE_SELLER = "online_seller"
    OTHER = "other"
    NOBODY = "nobody"


class PaymentMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    # Each country's instant payment scheme, offered in that country.
    DUITNOW = "duitnow"
    PAYNOW = "paynow"
    PROMPTPAY = "promptpay"
    QRIS = "qris"
    INSTAPAY = "instapay"
    VIETQR = "vietqr"
    EWALLET = "ewallet"
    CARD = "card"
    CRYPTO = "crypto"
    CASH = "cash"
    GIFT_CARD = "gift_card"
    OTHER = "other"


class IncidentPeriod(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    THIS_WEEK = "this_week"
    THIS_MONTH = "this_month"
    EARLIER = "earlier"


class ContactConsent(StrEnum):
    TELEGRAM = "telegram"
    PHONE = "phone"
    NONE = "none"


class ReportStatus(StrEnum):
    """Where a report stands; only the review service moves it."""

    RECEIVED = "received"
    NEEDS_INFORMATION = "needs_information"
    CONFIRMED = "confirmed"
    NOT_A_SCAM = "not_a_scam"
    DUPLICATE = "duplicate"


class EvidenceKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"
    FORWARDED_MESSAGE = "forwarded_message"
