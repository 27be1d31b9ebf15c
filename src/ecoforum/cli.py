"""The ``ecoforum`` command.

``ecoforum demo`` loads the demo edition (idempotent), ``ecoforum serve`` serves
the site, and every Django command (``ecoforum migrate``, ``ecoforum
createsuperuser`` …) is still there.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoforum.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    execute_from_command_line(["ecoforum", *argv[1:]])


if __name__ == "__main__":
    main()
