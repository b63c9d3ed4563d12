"""Scam hallmarks: the methods a message uses (asking for an OTP, urgency, impersonation…),
each named with the words that show it. Deterministic and explainable: per-language lexicons
written and reviewed by readers of each language, matched as phrases; never a verdict alone."""
