"""Domain errors of green investment. Each message names the item and says what is wrong."""


class InvestmentError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class RequestError(InvestmentError):
    """A meeting request that cannot be sent or answered as asked (duplicate, expired, already answered …)."""
