"""The execution log: the lines the console's test invoke prints (PAR part I, VPB 0.6 and
Example F-1, MISC-2).

Every line is ``<timestamp> : <message>`` after a first line ``Execution log for request
<id>``. The timestamp is Java's ``Date.toString()`` in UTC (``Thu Aug 31 01:07:25 UTC
2017``); maps print as Java maps (``{k=v, k2=v2}``, ``{}`` when empty). Time and the request
id are arguments: the log never reads a clock.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping

__all__ = [
    "LOG_MESSAGE_LIMIT",
    "ExecutionLog",
    "format_log_map",
    "format_log_time",
    "log_lines",
    "mask_authorization",
    "truncate_log_message",
]

#: Messages longer than this are cut and end in `` [TRUNCATED]`` (PAR I.2: 1,021 characters
#: before the marker in both recorded blog logs; PAR OQ-I2).
LOG_MESSAGE_LIMIT = 1021

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@functools.lru_cache(maxsize=256)
def format_log_time(epoch_millis: int) -> str:
    """Java ``Date.toString()`` in UTC for an epoch in milliseconds (PAR I.2):
    ``format_log_time(1504141645000) == "Thu Aug 31 01:07:25 UTC 2017"``."""
    moment = datetime.datetime.fromtimestamp(epoch_millis / 1000, tz=datetime.UTC)
    return (
        f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} UTC {moment.year}"
    )


def format_log_map(values: Mapping[str, object] | None) -> str:
    """A map as Java's ``Map.toString()`` prints it: ``{k=v, k2=v2}``; ``{}`` when empty
    (PAR I.2, MISC-2). A list value prints its items joined with ``,`` (Example E-8:
    ``multivalueheader=foo,header1Valheader2Val``)."""
    if not values:
        return "{}"
    parts = []
    for key, value in values.items():
        if type(value) is str:
            pass  # the usual path parameter
        elif type(value) is list and len(value) == 1 and type(value[0]) is str:
            value = value[0]  # the usual header or query value
        elif isinstance(value, _SEQUENCES):
            value = ",".join(str(v) for v in value)
        parts.append(f"{key}={value}")
    return "{" + ", ".join(parts) + "}"


_SEQUENCES = (list, tuple)  # made once: ``list | tuple`` builds a union at every test


def truncate_log_message(message: str, limit: int = LOG_MESSAGE_LIMIT) -> str:
    """Cut a message longer than ``limit`` characters and mark it `` [TRUNCATED]`` (PAR I.2)."""
    if len(message) <= limit:
        return message
    return message[:limit] + " [TRUNCATED]"


def mask_authorization(value: str) -> str:
    """An ``Authorization`` value as logs show it: all but the last 6 characters masked with
    ``*`` (PAR I.2, Example I-1)."""
    return "*" * max(len(value) - 6, 0) + value[-6:]


class ExecutionLog:
    """Accumulates the messages of one execution and renders the log lines.

    ``request_id`` is ``$context.requestId``; ``epoch_millis`` the request time, used for
    every line (the core has no clock). Both are fixed at construction: the lines are kept
    formatted as they are added.
    """

    __slots__ = ("_epoch_millis", "_lines", "_prefix", "_request_id")

    def __init__(self, request_id: str, epoch_millis: int = 0) -> None:
        self._request_id = request_id
        self._epoch_millis = epoch_millis
        self._prefix = format_log_time(epoch_millis) + " : "
        self._lines = [_first_line(request_id)]

    @property
    def request_id(self) -> str:
        """``$context.requestId``, as the header line prints it."""
        return self._request_id

    @property
    def epoch_millis(self) -> int:
        """The request time every line carries."""
        return self._epoch_millis

    def add(self, message: str) -> None:
        """Append one message (cut at :data:`LOG_MESSAGE_LIMIT`)."""
        if len(message) > LOG_MESSAGE_LIMIT:
            message = truncate_log_message(message)
        self._lines.append(self._prefix + message)

    def extend(self, messages: Iterable[str]) -> None:
        """Append several messages."""
        self._lines.extend(_timed(self._prefix, messages))

    @property
    def messages(self) -> list[str]:
        """The messages so far, without timestamps."""
        start = len(self._prefix)
        return [line[start:] for line in self._lines[1:]]

    def lines(self) -> list[str]:
        """The log as the console prints it: the header line, then ``<time> : <message>``."""
        return list(self._lines)


def log_lines(request_id: str, epoch_millis: int, messages: Iterable[str]) -> list[str]:
    """``ExecutionLog(request_id, epoch_millis)``'s lines once ``messages`` are added, for a
    caller that has every message at the end (``invoke_method``'s MOCK path)."""
    return [_first_line(request_id), *_timed(format_log_time(epoch_millis) + " : ", messages)]


def _first_line(request_id: str) -> str:
    return f"Execution log for request {request_id}"


def _timed(prefix: str, messages: Iterable[str]) -> list[str]:
    """Messages as lines: the time ``prefix``, each cut at :data:`LOG_MESSAGE_LIMIT`."""
    return [
        prefix + (message if len(message) <= LOG_MESSAGE_LIMIT else truncate_log_message(message))
        for message in messages
    ]
