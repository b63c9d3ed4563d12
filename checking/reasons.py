"""Why a verdict is what it is: a closed set of codes, each with an optional detail (a source,
a count, a domain, a country), rendered in words by the handlers."""

from dataclasses import dataclass
from enum import StrEnum


class ReasonCode(StrEnum):
    ALLOWLISTED = "allowlisted"
    # Confirmed by the centre's operators; the detail is the report it came from, if any.
    OPERATOR_CONFIRMED = "operator_confirmed"
    LISTED_BY = "listed_by"
    # A partner centre's confirmation: trusted as confirmed, or only as a report.
    PARTNER_CONFIRMED = "partner_confirmed"
    PARTNER_REPORTED = "partner_reported"
    REPORTED_BY = "reported_by"
    USER_CONTENT_ON = "user_content_on"
    IP_LITERAL = "ip_literal_link"
    SHORTENER = "url_shortener"
    PUNYCODE = "punycode_host"
    MIXED_SCRIPTS = "mixed_scripts"
    LOOKALIKE = "lookalike_of"
    BRAND_IN_PATH = "brand_in_path"
    GOVERNMENT_NAME_OUTSIDE = "government_name_outside"
    EXPANDS_TO = "expands_to"
    NUMBER_RANGE_UNVERIFIED = "number_range_unverified"
    NUMBER_COUNTRY_FROM_LANGUAGE = "number_country_from_language"
    NUMBER_COUNTRY_GUESSED = "number_country_guessed"


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    detail: str = ""

    def __str__(self) -> str:
        """`code` or `code:detail`, as the command line's JSON prints it."""
        return f"{self.code}:{self.detail}" if self.detail else str(self.code)
