"""API: every way in from outside — the FastAPI app and the ``safetykg`` command line."""
