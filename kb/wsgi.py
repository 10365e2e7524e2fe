import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")

application = get_wsgi_application()

# Load the URLconf (and with it every view module) now, then leave everything start-up
# loaded, which lives as long as the process, out of the cyclic garbage collector's
# passes: at 10,000 methods a full pass over it took about 100 ms of some unlucky
# request, after the freeze about 3 ms. Frozen objects are still freed by reference
# counting; only cycles among them would be kept.
import_module(settings.ROOT_URLCONF)
gc.freeze()
