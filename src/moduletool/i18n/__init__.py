"""Translation workflow: gettext catalogs keyed on stable ids.

`extract` turns a module into `translations/templates/<id>.pot`; `init` and `update` create and
maintain `translations/<lang>/<id>.po`, merging on msgctxt so no translator's work is lost.
Catalogs are written exactly as GNU msgcat writes them (`po_format`), and `languages` holds the
per-language facts (plural forms, right-to-left scripts).
"""
