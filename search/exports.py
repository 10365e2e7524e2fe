"""Download views: the search page's collection, or a curated collection, in every format."""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from methods.catalog import get_catalog
from methods.exporting import FORMATS, export_meta, filename, iter_text, parse_options, spooled, write_export

from .query import MethodQuery, QueryError
from .results import run


def bad_request(message):
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


def export_response(options, ids, meta, stem):
    fmt = FORMATS[options.fmt]
    name = filename(stem, options.fmt)
    if options.fmt in ("csv", "json", "ris"):
        chunks = (chunk.encode("utf-8") for chunk in iter_text(options, ids, meta))
        response = StreamingHttpResponse(chunks, content_type=fmt.content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        stream = spooled()
        write_export(options, ids, stream, meta)
        stream.seek(0)
        response = FileResponse(stream, as_attachment=True, filename=name, content_type=fmt.content_type)
    response["X-Method-Count"] = str(len(ids))
    response["Cache-Control"] = "no-store"
    return response


def query_stem(query):
    parts = ["metodbanken"]
    if query.text:
        parts.append(slugify(query.text)[:40])
    for values in query.filters.values():
        parts.extend(values)
    return "-".join(p for p in parts if p)[:120]


@require_GET
def search_export(request):
    """``/sok/export/?format=...&<the search page's parameters>``: exactly what the search lists, all pages."""
    catalog = get_catalog()
    try:
        options = parse_options(request.GET)
        query = MethodQuery.from_params(request.GET, catalog)
    except (ValueError, QueryError) as exc:
        return bad_request(str(exc))
    outcome = run(query, catalog)
    meta = export_meta(query.as_dict(), query.describe(), len(outcome.ids))
    return export_response(options, outcome.ids, meta, query_stem(query))
