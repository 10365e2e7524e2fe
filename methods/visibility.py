"""What the public may not see, as one condition: the complement of Wagtail's ``live().public()``.

Used by ``MethodPage.objects.hidden()`` (``methods.querysets``) and by the tag index's
visible set (``methods.postings``), so that both ask the database the same question.
"""


def hidden_pks(pages):
    """Primary keys of the pages among ``pages`` (a ``PageQuerySet``) that the public may not see: drafts, and
    pages in view-restricted sections (the complement of Wagtail's ``live().public()``).

    One query in two parts, so that the drafts come from their partial index (migration 0013)
    instead of a scan of every page.
    """
    pages = pages.order_by()
    return pages.filter(~pages.live_q()).union(pages.filter(pages.private_q())).values_list("pk", flat=True)
