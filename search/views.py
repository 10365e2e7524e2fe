def search(request):
    raise NotImplementedError


def autocomplete(request):
    raise NotImplementedError
