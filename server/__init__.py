"""The HTTP layer: `create_app` in app.py; one package per area (accounts, consultations, ...)."""
