"""Co-creation use cases, one module per part: groups, tasks, claims."""
