"""Site-wide settings that editors keep in the admin (Inställningar).

The module also makes Django send ``post_migrate`` for this app (see ``kb.apps``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class AccessibilityContact(BaseSiteSetting):
    """Who answers for the site's accessibility: shown in the accessibility statement (tillgänglighetsredogörelse)."""

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    assessed_on = models.DateField(
        _("senast bedömd"), null=True, blank=True, help_text=_("När webbplatsens tillgänglighet senast granskades.")
    )

    panels = [FieldPanel("organisation"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("assessed_on")]

    class Meta:
        verbose_name = _("tillgänglighet och kontakt")
