from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.http import require_safe
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import urls as search_urls

from . import views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sprak/", views.switch_language, name="switch_language"),  # old links: to the same page in a language
    path("sitemap.xml", require_safe(sitemap)),
    path("favicon.ico", views.favicon),  # for agents that ask for it instead of the page's icon link
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages: Swedish without a prefix, English under /en/ (the same page in the other language is the
# same path with or without the prefix: django.urls.translate_url).
urlpatterns += i18n_patterns(
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("", include(search_urls)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "kb.views.bad_request"
