"""Sharing confirmed scam indicators with partner centres: STIX 2.1 over TAXII 2.1, MISP and
CSV out; partners' TAXII collections in. Nothing personal ever leaves: only identifiers the
centre's operators confirmed, with their scam type and dates."""
