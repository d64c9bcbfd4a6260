"""Co-creation: citizen groups claim bounded tasks officials write, work on them together and deliver."""
