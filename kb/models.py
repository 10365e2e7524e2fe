"""No models: the module makes Django send ``post_migrate`` for this app (see ``kb.apps``)."""
