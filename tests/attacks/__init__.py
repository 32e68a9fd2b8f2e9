"""Attack suites: access across schools and classes, and script injection through every field."""
