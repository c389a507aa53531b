"""Personal data never reaches a log stream: stdlib logging and Rasa's structlog."""

from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from privacy.logging_filter import (
    MaskingFilter,
    install_masking,
    install_structlog_masking,
    uninstall_masking,
)

SECRET = "bsn 123456782, iban NL91ABNA0417164300, tel 06-12345678, mail a.b@example.nl"
RAW = ["123456782", "NL91ABNA0417164300", "06-12345678", "a.b@example.nl"]


@pytest.fixture
def clean_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    factory = logging.getLogRecordFactory()
    structlog_config = structlog.get_config()
    yield
    uninstall_masking()
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.setLogRecordFactory(factory)
    structlog.reset_defaults()
    structlog.configure(**structlog_config)


def _stream_logger(name: str, propagate: bool = True):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger(name)
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = propagate
    return logger, stream


def assert_clean(output: str):
    for raw in RAW:
        assert raw not in output, output


def test_filter_masks_the_formatted_message_and_its_arguments(clean_logging):
    logger, stream = _stream_logger("test.privacy.filter", propagate=False)
    logger.handlers[0].addFilter(MaskingFilter())
    logger.info("user said %s (id %d)", SECRET, 7)
    out = stream.getvalue()
    assert_clean(out)
    assert "[BSN]" in out and "[IBAN]" in out and "[TELEFOON]" in out and "[E-MAIL]" in out
    assert "(id 7)" in out


def test_filter_masks_tracebacks_too(clean_logging):
    logger, stream = _stream_logger("test.privacy.exc", propagate=False)
    logger.handlers[0].addFilter(MaskingFilter())
    try:
        raise ValueError(f"could not parse {SECRET}")
    except ValueError:
        logger.exception("failed")
    out = stream.getvalue()
    assert "ValueError" in out
    assert_clean(out)


def test_install_masking_covers_existing_handlers_of_non_propagating_loggers(clean_logging):
    logger, stream = _stream_logger("sanic.access.test", propagate=False)
    install_masking(record_factory=False, structlog_too=False)
    logger.info("GET /webhook?text=%s", SECRET)
    assert_clean(stream.getvalue())


def test_install_masking_covers_handlers_added_later(clean_logging):
    install_masking(structlog_too=False)
    logger, stream = _stream_logger("rasa.core.late", propagate=False)  # after install
    logger.info("late handler: %s", SECRET)
    logger.info(SECRET)
    assert_clean(stream.getvalue())
    assert stream.getvalue().count("[BSN]") == 2


def test_install_masking_is_safe_to_call_twice(clean_logging):
    logger, stream = _stream_logger("test.privacy.twice", propagate=False)
    install_masking()
    install_masking()
    assert sum(isinstance(f, MaskingFilter) for f in logger.handlers[0].filters) == 1
    logger.warning("x %s", SECRET)
    assert_clean(stream.getvalue())


def test_rasa_structlog_configuration_is_masked(clean_logging):
    """Rasa's CLI configures structlog to render JSON into a stdlib logger."""
    from rasa.utils.log_utils import configure_structlog

    stream = io.StringIO()
    root = logging.getLogger()
    root.handlers[:] = [logging.StreamHandler(stream)]
    root.setLevel(logging.DEBUG)
    configure_structlog(logging.DEBUG)
    rasa_logger = structlog.get_logger()
    rasa_logger.info("processor.message.parse", text="before install")  # caches logger
    install_masking()
    rasa_logger.debug(
        "processor.message.parse",
        text=SECRET,
        parse_data_entities=[{"entity": "phone", "value": "06-12345678"}],
    )
    structlog.get_logger().info("rest.message.received", user_text=SECRET)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["event"] for line in lines] == [
        "processor.message.parse",
        "processor.message.parse",
        "rest.message.received",
    ]
    assert_clean(stream.getvalue())
    assert lines[1]["text"].startswith("bsn [BSN]")
    assert lines[1]["parse_data_entities"][0]["value"] == "[TELEFOON]"
    assert lines[2]["user_text"].startswith("bsn [BSN]")


def test_structlog_processor_alone_masks_without_the_stdlib_filter(clean_logging):
    """Even a handler that never got the filter sees masked structlog output."""
    from rasa.utils.log_utils import configure_structlog

    stream = io.StringIO()
    root = logging.getLogger()
    root.handlers[:] = []
    configure_structlog(logging.DEBUG)
    install_structlog_masking()
    root.handlers[:] = [logging.StreamHandler(stream)]  # added afterwards, no filter
    structlog.get_logger().info("forms.validate", slot_values={"contact": SECRET})
    assert "forms.validate" in stream.getvalue()
    assert_clean(stream.getvalue())


def test_default_structlog_printing_to_stdout_is_masked(clean_logging, capsys):
    """`bot.rasa_server` starts Rasa without its CLI: structlog keeps its defaults and
    prints straight to stdout, past every logging handler."""
    structlog.reset_defaults()
    install_masking()
    structlog.get_logger().info("forms.slot.extracted", slot_value=SECRET)
    out = capsys.readouterr().out
    assert "forms.slot.extracted" in out
    assert_clean(out)
