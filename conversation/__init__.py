"""The conversation: what a message is about (whole text and clauses) and the advice service
that joins understanding to the directory. Plain Python: no Rasa, no aiohttp."""
