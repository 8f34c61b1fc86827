"""``python -m unison ...`` runs the command line."""

import sys

from unison.cli import main

sys.exit(main())
