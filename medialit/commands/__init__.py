"""Sub-commands of the ``medialit`` command, one module each (see ``medialit.cli``)."""
