"""Money: a Decimal amount in a named currency, never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CURRENCIES = [("CNY", _("Chinese yuan")), ("USD", _("US dollar")), ("EUR", _("Euro"))]
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€"}
YI = Decimal(100_000_000)  # 亿
WAN = Decimal(10_000)  # 万


class AmountField(models.DecimalField):
    """A money amount: 18 digits, 2 decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class CurrencyField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("choices", CURRENCIES)
        kwargs.setdefault("default", "CNY")
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = "CNY"

    def __post_init__(self) -> None:
        if isinstance(self.amount, float):
            raise TypeError("Money takes a Decimal or an int, never a float")
        object.__setattr__(self, "amount", Decimal(self.amount))

    def __add__(self, other: Money) -> Money:
        if self.currency != other.currency:
            raise ValueError(f"cannot add {self.currency} and {other.currency}")
        return Money(self.amount + other.amount, self.currency)

    def format(self, language: str | None = None) -> str:
        """Readable in the reader's language: ``1,300亿元`` / ``CNY 130.00 bn``."""
        language = language or get_language() or "zh-hans"
        amount = self.amount
        if language.startswith("zh") and self.currency == "CNY":
            if abs(amount) >= YI:
                return f"{_trim(amount / YI):,}亿元"
            if abs(amount) >= WAN:
                return f"{_trim(amount / WAN):,}万元"
            return f"{_trim(amount):,}元"
        if abs(amount) >= Decimal(1_000_000_000):
            return f"{self.currency} {_trim(amount / Decimal(1_000_000_000)):,} bn"
        if abs(amount) >= Decimal(1_000_000):
            return f"{self.currency} {_trim(amount / Decimal(1_000_000)):,} m"
        return f"{self.currency} {amount.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"

    def __str__(self) -> str:
        return self.format()


def _trim(value: Decimal) -> Decimal:
    """Two decimals at most, trailing zeros dropped."""
    value = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return value.to_integral() if value == value.to_integral() else value.normalize()
