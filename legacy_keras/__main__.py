"""``python -m legacy_keras SCRIPT [ARGS...]``: same as ``legacy-run``."""
import sys

from legacy_keras.run import main

sys.exit(main())
