"""StreamField blocks for method descriptions."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Rubrik")
        template = "blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citat"))
    attribution = blocks.CharBlock(label=_("Källa"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citat")
        template = "blocks/quote.html"


class DescriptionBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul"], icon="pilcrow")
    heading = HeadingBlock()
    list = blocks.ListBlock(blocks.CharBlock(label=_("Punkt")), label=_("Punktlista"), icon="list-ul")
    quote = QuoteBlock()


def description_to_text(stream_value):
    """Plain text of a description StreamField, paragraphs separated by blank lines."""
    from html import unescape

    from django.utils.html import strip_tags

    parts = []
    for child in stream_value or []:
        value = child.value
        if child.block_type == "paragraph":
            html = value.source if hasattr(value, "source") else str(value)
            html = html.replace("</p>", "</p>\n\n").replace("<br/>", "\n").replace("</li>", "</li>\n")
            parts.append(unescape(strip_tags(html)).strip())
        elif child.block_type == "list":
            parts.append("\n".join(f"- {item}" for item in value))
        elif child.block_type == "quote":
            parts.append(value["text"])
        else:
            parts.append(str(value))
    return "\n\n".join(p for p in parts if p)


def paragraphs(text):
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def normalize_text(text):
    """Plain text as it reads back after a round trip through the description field."""
    return "\n\n".join(paragraphs(text))


def text_to_description(text):
    """StreamField data for plain text: one paragraph block per blank-line separated paragraph."""
    from django.utils.html import escape

    return [("paragraph", "<p>" + escape(p).replace("\n", "<br/>") + "</p>") for p in paragraphs(text)]
