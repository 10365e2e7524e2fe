"""One pagination rule (methods/pagination.py): the page asked for, or a clear message past the end."""

import pytest

from methods.pagination import PageNotFound, paginate


def test_the_page_number_given_wins_over_the_request_parameter():
    page = paginate(list(range(25)), {"page": "1"}, 10, number=2)
    assert page.number == 2 and list(page.object_list) == list(range(10, 20))
    assert paginate(list(range(25)), {"page": "3"}, 10).object_list == [20, 21, 22, 23, 24]


def test_a_page_past_the_end_says_how_many_pages_there_are():
    with pytest.raises(PageNotFound) as error:
        paginate(list(range(25)), {"page": "5"}, 10)
    assert str(error.value) == "Sidan 5 finns inte. Det finns 3 sidor."
    assert paginate([], {}, 10).number == 1  # an empty list still has its first page


def test_a_page_number_that_is_not_one_is_refused_in_words():
    from django.core.exceptions import BadRequest

    from methods.pagination import page_number

    with pytest.raises(BadRequest) as error:
        page_number("två")
    assert str(error.value) == "Sidnumret ”två” är inte ett positivt heltal."
    with pytest.raises(BadRequest) as error:
        page_number("1" * 30 + "x")
    assert str(error.value) == "Sidnumret ”" + "1" * 20 + "” är inte ett positivt heltal."  # at most 20 characters
