"""Rasa custom actions: thin adapters from the dialogue to the knowledge and referral domain."""
