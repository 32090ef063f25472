"""The files `moduletool init` and `moduletool new` write, shipped as package data.

`project/` holds a content project's own files (settings, .gitignore, editor settings, README),
`module/` a module that shows every block type and question kind and builds as it is.
Placeholders are `string.Template` fields (`$module_id`, `$title`, `$language`).
"""
