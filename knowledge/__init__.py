"""The directory of help: who helps with what, where, and how to reach them.

Plain Python and SQLAlchemy; no Rasa and no web framework. The public face:

    from knowledge import Directory, Understanding, advise
    directory = Directory.from_session(session)          # or Directory.from_files()
    advice = advise(directory, Understanding(text, intents, entities), gemeente="GM9991")
    advice.to_dict()
"""

from knowledge.advice import Advice, Suggestion, Understanding, advise
from knowledge.directory import Directory

__all__ = ["Advice", "Directory", "Suggestion", "Understanding", "advise"]
