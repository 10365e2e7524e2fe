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
