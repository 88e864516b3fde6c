"""ささえあいノート: guides a town through the STEP 1–3 method of community building."""

__version__ = "0.1.0"
APP_NAME = "ささえあいノート"
