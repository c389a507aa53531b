"""Warm referrals (warme doorverwijzing): the domain, with no aiohttp in it.

- models: Referral (give_consent, add_person, change_status, hand_over,
  erase_personal_data), ReferralEvent (audit log), HandoverMessage (outbox)
- service: create_referral, give_consent, read_referral, change_status, list_referrals,
  export_personal_data, erase_personal_data, views
- handover: the overdrachtsformulier as data, HTML and plain text
- mail: hand_over (queue the note), deliver, send_pending (SMTP)
- retention: purge_referrals
"""
