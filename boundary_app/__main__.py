"""`python -m boundary_app`: the same as the `boundary-app` command."""

import sys

from boundary_app.cli import main

sys.exit(main())
