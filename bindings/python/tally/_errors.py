"""tally's errors as Python exceptions: one class per stable code of tally::error."""


class Error(Exception):
    """An error of tally: ``code`` is its stable number (100 io, 101 parse, ...), ``name`` its
    short name, ``file`` and ``line`` where it was found (empty, 0 when not known), ``detail``
    the message without its position. ``str(e)`` is the message the tool prints."""

    def __init__(self, message, code=110, name="internal", file="", line=0, detail=""):
        super().__init__(message)
        self.code = code
        self.name = name
        self.file = file
        self.line = line
        self.detail = detail or message


class InputError(Error):
    """A file cannot be opened or read (code 100, io)."""


class ParseError(Error):
    """Malformed input, or an input of another kind (code 101, parse)."""


class CountOverflowError(Error):
    """A checked 64-bit count or amount would overflow (code 102)."""


class UsageError(Error):
    """An option outside its domain: a key, rule or model tally does not know (code 107)."""


class ValidationError(Error):
    """Rows were rejected and ``strict=True`` was asked (code 109)."""


_BY_CODE = {100: InputError, 101: ParseError, 102: CountOverflowError, 107: UsageError,
            109: ValidationError}


def class_for(code):
    """The exception class of a code."""
    return _BY_CODE.get(code, Error)
