"""Moved: ``legacy-convert`` lives in :mod:`legacy_keras.saving.cli` (kept until pyproject points there)."""
from legacy_keras.saving.cli import main  # noqa: F401

if __name__ == "__main__":
    raise SystemExit(main())
