class DomainError(Exception):
    """A change a service refuses; str() is the message for the user, in Norwegian."""
