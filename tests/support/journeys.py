"""Whole journeys a person makes, for end-to-end tests and benchmarks alike."""

from tests.support.harness import Person

# What a newcomer types in `waspada chat` for a phishing report with a link and a number.
TERMINAL_REPORT = [
    "3",  # English, in the language picker that greets a newcomer
    "1",  # Report a scam
    "2",  # money did not leave in the last hours
    "1",  # phishing
    "2",  # SMS
    "1",  # a bank
    "Your Maybank account is locked, verify at maybank2u-verify.com/login or call 03-2345 6789",
    "1",  # Done
    "2",  # yesterday
    "2",  # no money lost
    "Got an SMS about my account being locked.",
    "1",  # Done with evidence
    "3",  # do not contact me
    "1",  # tell me what the centre decides
    "1",  # Submit
]


async def report_journey(person: Person) -> None:
    """/report and every step to Submit; each action waits for the bot's next question."""
    await person.says("/report", expect="urgent question")
    await person.taps("No", expect="What kind of scam")
    await person.taps("Parcel or courier", expect="How did the scammer first contact")
    await person.taps("WhatsApp", expect="Who did they claim")
    await person.taps("A courier", expect="Send the scammer's phone numbers")
    await person.says("He called from 012-345 6789", expect="So far:")
    await person.taps("Done", expect="When did it happen")
    await person.taps("Yesterday", expect="Did you lose any money")
    await person.taps("Yes", expect="How much did you lose")
    await person.says("5000", expect="How did you pay")
    await person.taps("Bank transfer", expect="In your own words")
    await person.says(
        "A man said my parcel was held at customs and asked me to pay a fee to release it.",
        expect="Send screenshots",
    )
    await person.taps("Done", expect="May an officer")
    await person.taps("message me on Telegram", expect="what the anti-scam centre decides")
    await person.taps("No", expect="Please check your report")
    await person.taps("Submit", expect="Report received")
