"""A recording transport for the official Elasticsearch client: what Metodbanken sends, without a server.

``RecordingNode`` is given to the client as its ``node_class`` (an option of
``elasticsearch.Elasticsearch``), so every request passes through the real client,
its serializer and Wagtail's backend code, and ends here instead of on the network.
``FakeCluster`` keeps just enough state to answer what the backend asks (an index and
its mapping, the documents written, counts) and returns the search hits a test sets.
It does not evaluate queries: tests assert on the recorded request bodies.
"""

import json
import re
from collections import Counter, namedtuple
from dataclasses import dataclass, field

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders

# What a node returns to the transport (read as ``.meta`` and ``.body``).
NodeResponse = namedtuple("NodeResponse", "meta body")


@dataclass
class Request:
    method: str
    path: str
    params: str
    body: object
    headers: dict


@dataclass
class FakeCluster:
    requests: list = field(default_factory=list)
    indexes: dict = field(default_factory=dict)  # name -> {"settings": ..., "mappings": ..., "docs": {id: doc}}
    aliases: dict = field(default_factory=dict)  # alias -> index name
    hits: list | None = None  # [(pk, score)] every search returns; None: every document, score 1
    nodes_created: int = 0

    def searches(self):
        return [r for r in self.requests if r.path.endswith("/_search")]

    def _index(self, name):
        return self.indexes.get(self.aliases.get(name, name))

    def respond(self, method, path, params, body):  # noqa: C901 (one branch per API the backend uses)
        parts = [p for p in path.split("/") if p]
        name = parts[0] if parts else ""
        index = self._index(name)
        if method == "HEAD" and len(parts) == 1:
            return (200 if index is not None else 404), {}
        if method == "PUT" and len(parts) == 1:
            self.indexes[name] = {
                "settings": body.get("settings", {}),
                "mappings": body.get("mappings", {}),
                "docs": {},
            }
            return 200, {"acknowledged": True, "index": name}
        if method == "DELETE" and len(parts) == 1:
            self.indexes.pop(name, None)
            return 200, {"acknowledged": True}
        if parts[-1:] == ["_alias"] or (len(parts) == 3 and parts[1] == "_alias"):
            if method == "PUT":
                self.aliases[parts[2]] = name
                return 200, {"acknowledged": True}
            if method == "DELETE":
                self.aliases.pop(parts[2], None)
                return 200, {"acknowledged": True}
            found = {v: {"aliases": {k: {}}} for k, v in self.aliases.items() if k == name}
            return (200, found) if found else (404, {"error": "alias missing", "status": 404})
        if index is None and name not in ("_bulk", "_refresh"):
            return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
        if parts[1:] == ["_mapping"]:
            if method == "PUT":
                index["mappings"].setdefault("properties", {}).update(body.get("properties", {}))
                return 200, {"acknowledged": True}
            return 200, {self.aliases.get(name, name): {"mappings": index["mappings"]}}
        if parts[1:] == ["_doc", parts[-1]] and method in ("PUT", "POST"):
            index["docs"][parts[-1]] = body
            return 201, {"result": "created", "_id": parts[-1]}
        if len(parts) == 3 and parts[1] == "_doc" and method == "DELETE":
            index["docs"].pop(parts[2], None)
            return 200, {"result": "deleted"}
        if parts[-1] == "_bulk":
            lines = body
            target = name if name != "_bulk" else None
            for action, doc in zip(lines[::2], lines[1::2], strict=True):
                meta = action["index"]
                self._index(meta.get("_index", target))["docs"][str(meta["_id"])] = doc
            return 200, {"errors": False, "items": []}
        if parts[-1] == "_refresh":
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if parts[1:] == ["_count"]:
            wanted = (body or {}).get("query", {}).get("match", {}).get("_django_content_type")
            docs = index["docs"].values()
            count = sum(1 for d in docs if wanted is None or wanted in d.get("_django_content_type", []))
            return 200, {"count": count}
        if parts[1:] == ["_search"] and body.get("aggs"):
            docs = [doc for doc in index["docs"].values() if matches(doc, body["query"])]
            return 200, {
                "took": 1,
                "timed_out": False,
                "hits": {"hits": []},
                "aggregations": aggregate(docs, body["aggs"]),
            }
        if parts[1:] == ["_search"]:
            hits = self.hits
            if hits is None:
                hits = [(doc["pk"], 1.0) for doc in index["docs"].values()]
            response = {
                "took": 1,
                "timed_out": False,
                "hits": {
                    "total": {"value": len(hits), "relation": "eq"},
                    "max_score": max((s for _, s in hits), default=None),
                    "hits": [
                        {"_index": name, "_id": str(pk), "_score": s, "fields": {"pk": [str(pk)]}} for pk, s in hits
                    ],
                },
            }
            return 200, response
        return 400, {"error": f"FakeCluster does not answer {method} {path}", "status": 400}


def _field_values(doc, field):
    value = doc.get(field)
    if value is None:
        return set()
    return {str(v) for v in (value if isinstance(value, list) else [value])}


def _clauses(spec, key):
    found = spec.get(key, [])
    return found if isinstance(found, list) else [found]


def matches(doc, query):
    """Whether a document passes a query, for the filter queries Metodbanken sends with aggregations
    (bool, terms, match on the content type, match_all): Elasticsearch's meaning of each."""
    ((kind, spec),) = query.items()
    if kind == "match_all":
        return True
    if kind == "bool":
        return (
            all(matches(doc, q) for q in _clauses(spec, "must") + _clauses(spec, "filter"))
            and not any(matches(doc, q) for q in _clauses(spec, "must_not"))
            and (not _clauses(spec, "should") or any(matches(doc, q) for q in _clauses(spec, "should")))
        )
    if kind == "terms":
        ((field, values),) = spec.items()
        return bool(_field_values(doc, field) & {str(v) for v in values})
    if kind == "match" and set(spec) == {"_django_content_type"}:
        return spec["_django_content_type"] in doc.get("_django_content_type", [])
    raise NotImplementedError(f"FakeCluster cannot evaluate {kind}")


def aggregate(docs, aggregations):
    """Filter and terms aggregations over ``docs``, as Elasticsearch computes them (buckets by count, then key)."""
    answer = {}
    for name, spec in aggregations.items():
        if "filter" in spec:
            inner = [doc for doc in docs if matches(doc, spec["filter"])]
            answer[name] = {"doc_count": len(inner), **aggregate(inner, spec.get("aggs", {}))}
        elif "terms" in spec:
            terms = spec["terms"]
            counts = Counter(v for doc in docs for v in _field_values(doc, terms["field"]))
            if "include" in terms:
                counts = {k: c for k, c in counts.items() if k in set(terms["include"])}
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: terms.get("size", 10)]
            answer[name] = {"buckets": [{"key": k, "doc_count": c} for k, c in ordered]}
        else:
            raise NotImplementedError(f"FakeCluster cannot aggregate {spec}")
    return answer


CLUSTER = None  # the cluster RecordingNode answers from (set by the test fixture)


class RecordingNode(BaseNode):
    _CLIENT_META_HTTP_CLIENT = ("rec", "1.0")

    def __init__(self, config):
        super().__init__(config)
        CLUSTER.nodes_created += 1

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        path, _, params = target.partition("?")
        text = body.decode() if body else ""
        if "\n" in text.strip():  # NDJSON (bulk)
            parsed = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            parsed = json.loads(text) if text else None
        request = Request(method, path, params, parsed, {k.lower(): v for k, v in (headers or {}).items()})
        CLUSTER.requests.append(request)
        status, payload = CLUSTER.respond(method, path, params, parsed)
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders({"x-elastic-product": "Elasticsearch", "content-type": "application/json"}),
            duration=0.0,
            node=self.config,
        )
        return NodeResponse(meta, b"" if method == "HEAD" else json.dumps(payload).encode())


def query_fields(body):
    """Every field name a compiled query searches (keys of match/match_phrase/multi_match clauses)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("match", "match_phrase", "term", "terms", "prefix") and isinstance(value, dict):
                    found.update(value)
                elif key == "multi_match":
                    found.update(value.get("fields", []))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(body)
    return {re.sub(r"\^.*$", "", f) for f in found}
