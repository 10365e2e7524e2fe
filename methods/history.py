"""A method's public rating history, built from its published revisions.

Only revisions that went live count (Wagtail's ``wagtail.publish`` log entries name
them), so drafts and rejected changes never show. Each change says when it was
published, what was rated (the overall level or an outcome), the level before and
after, and the justification the reviewer gave with it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from .dimensions import EVIDENCE
from .models.evidence import Outcome
from .terms import load_terms


@dataclass(frozen=True)
class RatingChange:
    published_at: object  # datetime
    revision_id: int
    outcome: object  # an Outcome, or None for the overall level
    before: object  # an evidence level (``terms.Term``), or None when first rated
    after: object  # an evidence level, or None when the rating was removed
    justification: str

    @property
    def subject(self):
        return self.outcome.label if self.outcome is not None else _("Samlad evidensnivå")

    def as_dict(self):
        return {
            "published_at": self.published_at.isoformat(),
            "revision_id": self.revision_id,
            "outcome": self.outcome.slug if self.outcome is not None else None,
            "from": self.before.slug if self.before is not None else None,
            "to": self.after.slug if self.after is not None else None,
            "justification": self.justification,
        }


def _state(content):
    ratings = {}
    for item in content.get("outcome_ratings") or []:
        ratings[item.get("outcome")] = (item.get("level"), item.get("justification") or "")
    return content.get("evidence_level"), content.get("evidence_summary") or "", ratings


def rating_history(page):
    """Every published change of the overall level and of each outcome rating, oldest first."""
    entries = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    levels = {term.pk: term for term in load_terms(EVIDENCE).values()}  # the per-process copy: no query
    outcomes = None  # read only when some published revision rated an outcome
    changes, previous = [], None
    for entry in entries:
        level, summary, ratings = _state(entry.revision.content)
        if ratings and outcomes is None:
            outcomes = {outcome.pk: outcome for outcome in Outcome.objects.all()}
        old_level, _old_summary, old_ratings = previous or (None, "", {})
        if level != old_level:
            changes.append(
                RatingChange(
                    entry.timestamp, entry.revision_id, None, levels.get(old_level), levels.get(level), summary
                )
            )
        known = outcomes or {}
        for outcome in sorted(set(ratings) | set(old_ratings), key=lambda pk: getattr(known.get(pk), "position", 0)):
            before, after = old_ratings.get(outcome, (None, "")), ratings.get(outcome, (None, ""))
            if before[0] != after[0] and outcome in known:
                changes.append(
                    RatingChange(
                        entry.timestamp,
                        entry.revision_id,
                        known[outcome],
                        levels.get(before[0]),
                        levels.get(after[0]),
                        after[1] or before[1],
                    )
                )
        previous = (level, summary, ratings)
    return changes
