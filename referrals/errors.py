"""The errors of the referral domain. Each message is a clear sentence for staff.

The web layer maps them to HTTP: InvalidInput 400, ReferralNotFound 404, the others 409.
"""

from __future__ import annotations


class ReferralError(ValueError):
    """Something that cannot be done with a referral; the message says why."""


class InvalidInput(ReferralError):
    """A value is missing or not in a valid form (400)."""


class ReferralNotFound(ReferralError):
    """No referral with this number (404)."""


class InvalidTransition(ReferralError):
    """The status change is not allowed from the current status (409)."""


class ConsentMissing(ReferralError):
    """Personal data or a handover without the person's explicit consent (409, or 400 on
    creation: the request itself is wrong)."""
