"""Domain errors of green investment. Each message names the item and says what is wrong."""


class InvestmentError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
