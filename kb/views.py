"""Error answers for the whole site."""

from django.shortcuts import render


def bad_request(request, exception):
    """HTTP 400 with the reason (``BadRequest("...")`` raised anywhere) for a person to read."""
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "400.html", {"message": message}, status=400)
