class DomainError(Exception):
    """A change a service refuses; str() is the message for the user, in Norwegian.

    `field` names the argument the message is about (a date, say), so that a form with a
    field of that name can show the message beside it."""

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field
