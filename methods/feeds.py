"""RSS feed of recently published methods (public methods only)."""

from django.contrib.syndication.views import Feed
from django.utils.html import escape

from .models import MethodPage
from .text import printable


class LatestMethodsFeed(Feed):
    title = "Metodbanken – senast publicerade metoder"
    link = "/metoder/"
    description = "Nya och uppdaterade metoder i Metodbanken."

    def items(self):
        return MethodPage.objects.visible().ordered("updated").defer("search_terms")[:30]

    def item_title(self, item):
        return printable(item.title, multiline=False)

    def item_description(self, item):
        # Plain text: feed readers render the description as HTML, so markup in it is escaped here.
        return escape(printable(item.summary))

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.last_published_at
