"""``python -m matchdesk``: the same as the ``matchdesk`` command."""

import sys

from matchdesk.cli import main

sys.exit(main())
