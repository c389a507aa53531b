"""Mask personal data in log output before it is written.

Three layers, all installed by `install_masking()`:

1. `MaskingFilter` on the root logger's handlers and on the handlers of every logger
   that exists at that moment (sanic's ``sanic.access``/``sanic.error`` and others
   that do not propagate to the root). The filter formats the message (`msg % args`),
   masks it and stores it back (``record.msg = masked``, ``record.args = ()``); the
   traceback text and stack info are masked as well.
2. A log-record factory (`logging.setLogRecordFactory`) that does the same when a
   record is created, so handlers added *after* `install_masking()` (Rasa's
   coloredlogs handler, a handler a library adds late) never see the raw text either.
   Records are marked, so a record is masked once however many handlers it passes.
3. A structlog processor. Rasa 3.6 logs part of its messages through structlog
   (rasa.core.processor, rasa.core.actions.forms, rasa.core.channels.rest, ...).
   When Rasa is started through its CLI, `rasa.utils.log_utils.configure_structlog`
   renders the event dict and hands the string to a stdlib logger (layers 1-2 then
   apply too); when it is started like `bot.rasa_server` (``serve_application``),
   structlog keeps its defaults and *prints to stdout*, bypassing stdlib logging
   entirely. `install_structlog_masking()` therefore inserts `mask_structlog_event`
   into whatever processor chain is configured, right before the renderer, in place,
   so loggers that structlog already cached pick it up. Call it (or
   `install_masking()`) again after anything that calls `structlog.configure(...)`.

Where to call it: first thing in every process that logs conversation content (the
Rasa server, the action server, the web app), after logging is configured and before
the first message is handled; `bot.rasa_server.main` right after its
`logging.basicConfig(...)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any

from privacy.masking import mask_personal_data, mask_structure

__all__ = [
    "MaskingFilter",
    "install_masking",
    "install_structlog_masking",
    "mask_log_record",
    "mask_structlog_event",
    "uninstall_masking",
]

_MARK = "_wegwijzer_masked"
_fallback_formatter = logging.Formatter()


def mask_log_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a record in place (message with its arguments, traceback, stack info).
    Never raises: a record that cannot be formatted is replaced by a masked repr."""
    if getattr(record, _MARK, False):
        return record
    try:
        try:
            message = record.getMessage()
        except Exception:  # bad format string or args: keep what we can, masked
            message = f"{record.msg!r} {record.args!r}"
        record.msg = mask_personal_data(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = _fallback_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
    except Exception:  # pragma: no cover - never let logging break the app
        record.msg = "[log message removed: could not be masked]"
        record.args = ()
    setattr(record, _MARK, True)
    return record


class MaskingFilter(logging.Filter):
    """Masks personal data in every record it sees; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_log_record(record)
        return True


def _masking_factory(previous: Callable[..., logging.LogRecord]) -> Callable[..., Any]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_log_record(previous(*args, **kwargs))

    factory._wegwijzer_previous = previous  # type: ignore[attr-defined]
    return factory


def _add_filter(handler: logging.Handler, flt: MaskingFilter) -> None:
    if not any(isinstance(f, MaskingFilter) for f in handler.filters):
        handler.addFilter(flt)


# ---------------------------------------------------------------------- structlog
_STRUCTLOG_KEEP = frozenset({"level", "timestamp", "logger", "event_key", "log_level"})


def mask_structlog_event(_logger: Any, _name: str, event_dict: MutableMapping[str, Any]) -> Any:
    """structlog processor: mask every string in the event dict (the event text and
    all values, nested dicts and lists included). Objects that are not strings, dicts
    or lists are converted with `str()` first when they could carry text (Rasa passes
    events, trackers and messages as values)."""
    try:
        for key, value in list(event_dict.items()):
            if key in _STRUCTLOG_KEEP:
                continue
            if isinstance(value, (str, dict, list, tuple, set, bytes)):
                event_dict[key] = mask_structure(value)
            elif (
                value is not None
                and not isinstance(value, (int, float, bool))
                and key not in ("exc_info", "stack_info")
            ):
                event_dict[key] = mask_personal_data(str(value))
            elif (
                isinstance(value, int)
                and not isinstance(value, bool)
                and 10_000_000 <= abs(value) < 10_000_000_000
            ):
                # an int as long as a BSN or phone number: mask its text
                masked = mask_personal_data(str(value))
                if masked != str(value):
                    event_dict[key] = masked
    except Exception:  # pragma: no cover
        return {"event": "[log message removed: could not be masked]"}
    return event_dict


def install_structlog_masking() -> bool:
    """Insert `mask_structlog_event` before the renderer of the configured structlog
    chain (in place: cached loggers see it too). Returns False when structlog is not
    installed. Idempotent."""
    try:
        import structlog
    except ImportError:  # pragma: no cover
        return False
    processors = structlog.get_config()["processors"]
    if any(p is mask_structlog_event for p in processors):
        return True
    if isinstance(processors, list):
        processors.insert(max(len(processors) - 1, 0), mask_structlog_event)
    else:
        new = list(processors)
        new.insert(max(len(new) - 1, 0), mask_structlog_event)
        structlog.configure(processors=new)
    return True


# -------------------------------------------------------------------- install
def install_masking(
    logger_names: Iterable[str] | None = None,
    record_factory: bool = True,
    structlog_too: bool = True,
) -> MaskingFilter:
    """Mask personal data in all log output of this process.

    Adds a `MaskingFilter` to the root logger's handlers and to the handlers of the
    loggers named in `logger_names` (default: every logger that exists now), installs
    the masking record factory (`record_factory`) and the structlog processor
    (`structlog_too`). Safe to call more than once."""
    flt = MaskingFilter()
    root = logging.getLogger()
    for handler in root.handlers:
        _add_filter(handler, flt)
    if logger_names is None:
        names = [
            n
            for n, lg in logging.Logger.manager.loggerDict.items()
            if isinstance(lg, logging.Logger)
        ]
    else:
        names = list(logger_names)
    for name in names:
        for handler in logging.getLogger(name).handlers:
            _add_filter(handler, flt)
    if record_factory:
        current = logging.getLogRecordFactory()
        if not hasattr(current, "_wegwijzer_previous"):
            logging.setLogRecordFactory(_masking_factory(current))
    if structlog_too:
        install_structlog_masking()
    return flt


def uninstall_masking() -> None:
    """Remove what `install_masking` added (for tests)."""
    current = logging.getLogRecordFactory()
    previous = getattr(current, "_wegwijzer_previous", None)
    if previous is not None:
        logging.setLogRecordFactory(previous)
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    for lg in loggers:
        for handler in lg.handlers:
            for f in [f for f in handler.filters if isinstance(f, MaskingFilter)]:
                handler.removeFilter(f)
    try:
        import structlog
    except ImportError:  # pragma: no cover
        return
    processors = structlog.get_config()["processors"]
    if isinstance(processors, list):
        while mask_structlog_event in processors:
            processors.remove(mask_structlog_event)
