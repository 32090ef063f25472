"""The default player theme, shipped inside the wheel; a project's own templates/ folder overrides it."""
