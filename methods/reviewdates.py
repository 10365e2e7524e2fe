"""Calendar arithmetic for review cycles: months after a date, clamped to the month's last day."""

import calendar
import datetime


def add_months(date, months):
    """``date`` plus ``months`` calendar months (31 January + 1 month = 28 or 29 February)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def subtract_months(date, months):
    return add_months(date, -months)
