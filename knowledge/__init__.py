"""The directory of help: who helps with what, where, and how to reach them.

Plain Python and SQLAlchemy; no Rasa and no web framework. The public face:

    from knowledge import Directory, Understanding, advise
    directory = Directory.from_session(session)          # or Directory.from_files()
    advice = advise(directory, Understanding(text, intents), gemeente="GM9991")
    advice.to_dict()
"""

from knowledge.advice import (
    Advice,
    Suggestion,
    advise,
    general_help_for,
    nearest_ido,
    suggestion_for,
)
from knowledge.directory import Directory
from knowledge.understanding import Understanding

__all__ = [
    "Advice",
    "Directory",
    "Suggestion",
    "Understanding",
    "advise",
    "general_help_for",
    "nearest_ido",
    "suggestion_for",
]
