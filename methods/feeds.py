"""RSS feed of recently published methods (public methods only)."""

from django.contrib.syndication.views import Feed

from .models import MethodPage


class LatestMethodsFeed(Feed):
    title = "Metodbanken – senast publicerade metoder"
    link = "/metoder/"
    description = "Nya och uppdaterade metoder i Metodbanken."

    def items(self):
        return MethodPage.objects.visible().ordered("updated").defer("search_terms")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.last_published_at
