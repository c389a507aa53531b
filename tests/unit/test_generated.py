from bot.generate.files import GENERATED


def test_generated_rasa_files_are_up_to_date():
    for path, make in GENERATED.items():
        assert path.read_text(encoding="utf-8") == make(), (
            f"{path.name} is out of date: run `python -m bot.generate`"
        )
