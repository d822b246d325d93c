"""Working days for proposing meetings: no weekends, no Finnish public holidays.

The holidays are computed, not entered: Finland's public holidays follow fixed
dates, Easter (dateutil, one of Odoo's own requirements) and the Saturdays of
Midsummer and All Saints' Day, so no holiday calendar has to be kept up to
date by hand each year.
"""

from datetime import date, timedelta

from dateutil.easter import easter


def finnish_public_holidays(year):
    """The public holidays (and the eves offices close on) of ``year``."""
    easter_sunday = easter(year)
    # Midsummer Day is the Saturday of 20-26 June, All Saints' Day the
    # Saturday of 31 October - 6 November
    midsummer_day = date(year, 6, 20) + timedelta(
        days=(5 - date(year, 6, 20).weekday()) % 7
    )
    all_saints = date(year, 10, 31) + timedelta(
        days=(5 - date(year, 10, 31).weekday()) % 7
    )
    return {
        date(year, 1, 1),  # New Year's Day
        date(year, 1, 6),  # Epiphany
        easter_sunday - timedelta(days=2),  # Good Friday
        easter_sunday,
        easter_sunday + timedelta(days=1),  # Easter Monday
        date(year, 5, 1),  # May Day
        easter_sunday + timedelta(days=39),  # Ascension Day
        easter_sunday + timedelta(days=49),  # Pentecost
        midsummer_day - timedelta(days=1),  # Midsummer Eve
        midsummer_day,
        all_saints,
        date(year, 12, 6),  # Independence Day
        date(year, 12, 24),  # Christmas Eve
        date(year, 12, 25),  # Christmas Day
        date(year, 12, 26),  # Boxing Day
    }


def is_working_day(day):
    """Neither a weekend nor a Finnish public holiday."""
    return day.weekday() < 5 and day not in finnish_public_holidays(day.year)


def next_working_day(day):
    """``day`` itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
