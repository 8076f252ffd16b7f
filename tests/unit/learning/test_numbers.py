"""Numbers as people type them, read in the app's language."""
import pytest

from itlead.i18n import set_locale
from itlead.learning.numbers import NumberError, format_number, parse_number


@pytest.mark.parametrize("locale,text,value", [
    ("fr", "39,5", 39.5), ("es", "39,5", 39.5), ("en", "39.5", 39.5),
    ("fr", "1 500,5", 1500.5), ("fr", "1\u202f500,5", 1500.5), ("en", "1,500", 1500.0), ("es", "1.500,5", 1500.5),
    ("en", "-0.25", -0.25), ("fr", "−2", -2.0), ("en", " 12 ", 12.0),
])
def test_numbers_are_read_in_the_apps_language(locale, text, value):
    assert parse_number(text, locale) == value


@pytest.mark.parametrize("locale,text,hint", [
    ("en", "39,5", "Write decimals with '.'"), ("es", "39.5", "Write decimals with ','"),
    ("en", "abc", "This is not a number"), ("fr", "", "Please give an answer first."), ("en", "1e400", "not a number"),
    ("en", "9" * 50, "not a number"),
])
def test_an_entry_read_otherwise_is_refused_not_changed(locale, text, hint):
    set_locale("en")
    with pytest.raises(NumberError, match=hint):
        parse_number(text, locale)


def test_numbers_are_shown_in_the_apps_language():
    assert (format_number(39.5, "fr"), format_number(39.5, "es"), format_number(39.5, "en")) == ("39,5", "39,5", "39.5")
    assert format_number(12.0, "en") == "12" and format_number(1234.5, "en") == "1234.5"
