"""``python -m tempviz``: the command line in :mod:`tempviz.cli`."""

import sys

from tempviz.cli import main

sys.exit(main())
