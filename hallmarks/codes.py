"""The hallmarks a message can show, and how strongly a message signals a scam."""

from enum import StrEnum


class HallmarkCode(StrEnum):
    CREDENTIALS = "credentials"  # asks for an OTP, PIN, password or card number
    URGENCY_THREAT = "urgency_threat"  # account frozen, arrest warrant, last chance
    IMPERSONATION = "impersonation"  # a bank, police, court, tax, customs, courier, government
    PAY_PERSONAL_ACCOUNT = "pay_personal_account"  # pay into a personal account or e-wallet
    TOO_GOOD_RETURNS = "too_good_returns"  # guaranteed profit, money game
    JOB_TASK = "job_task"  # part-time tasks for commission
    PRIZE_FEE = "prize_fee"  # a prize that costs a fee to claim
    NEW_NUMBER = "new_number"  # "it's me, this is my new number"
    INSTALL_APP = "install_app"  # install an app (APK) from a link
    MOVE_APP = "move_app"  # move the conversation to another app
    LOOKALIKE_LINK = "lookalike_link"  # a link that imitates a bank's or an agency's


class ScamSignals(StrEnum):
    HIGH = "high"
    SOME = "some"
    NONE = "none"
