"""Load benchmark: ``.venv/bin/python -m bench.load`` (see ``__main__``)."""
