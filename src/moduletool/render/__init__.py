"""Turning a module into the files of a player: Markdown, jinja2 templates, assets."""
