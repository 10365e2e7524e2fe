"""Data releases: a dated, immutable data package of every public method, listed at ``/data/``.

``make_release`` writes the package (the same Frictionless package as an export, with
the release's version and the CSV's checksum inside), stores it with the SHA-256 of the
whole file, and records which methods it holds. ``withheld_count`` tells how many of those
methods are no longer public now: such a release is not served (never altered), because
no public response may contain what the site itself no longer shows.
"""

import hashlib

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .exporting import export_meta, spooled, write_zip
from .models import DataRelease, MethodPage
from .postings import tag_index


def next_version(today=None):
    """``YYYY-MM-DD`` for the first release of a day, then ``YYYY-MM-DD.2`` and so on."""
    today = (today or timezone.localdate()).isoformat()
    taken = set(DataRelease.objects.filter(version__startswith=today).values_list("version", flat=True))
    if today not in taken:
        return today
    number = 2
    while f"{today}.{number}" in taken:
        number += 1
    return f"{today}.{number}"


def make_release(note="", user=None):
    ids = list(MethodPage.objects.visible().ordered("title").values_list("pk", flat=True))
    with transaction.atomic():
        version = next_version()
        meta = export_meta({"release": version}, f"dataversion {version}: alla publicerade metoder", len(ids))
        meta["release"] = version
        stream = spooled()
        write_zip(ids, stream, meta)
        stream.seek(0)
        digest, size = hashlib.sha256(), 0
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
        stream.seek(0)
        release = DataRelease(
            version=version,
            created_by=user,
            note=note,
            sha256=digest.hexdigest(),
            size=size,
            method_count=len(ids),
            method_ids=ids,
        )
        release.file.save(f"metodbanken-{version}.zip", File(stream), save=False)
        release.save()
    return release


def withheld_count(release, visible=None):
    """How many of the release's methods the public may not see now (0: the release may be served).

    ``visible`` is the request's visible set (``tag_index().visible()``: one query), read here if not given.
    """
    visible = tag_index().visible() if visible is None else visible
    return sum(1 for pk in release.method_ids if pk not in visible)
