"""The JSON API: the shared pieces (base.py: input schemas and operation records; openapi.py: the document).
Each area keeps its operations in its own package (`server/<area>/api.py`); app.py mounts them under /api/v1."""
