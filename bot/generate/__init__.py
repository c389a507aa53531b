"""Rasa files generated from the knowledge data, so nothing is written twice.

python -m bot.generate           # write data/rules/themes.yml (and lookups)
python -m bot.generate --check   # exit 1 when a committed file is out of date
"""
