"""`moduletool check`: is this zip a package every LMS will import and track correctly?

For SCORM 1.2/2004, cmi5 and Tin Can zips, ours or anyone's: the zip is read defensively
(`zip_safety`), its standard recognised (`detect`), its documents parsed safely
(`xml_safety`), checked against the rules the schemas miss (`scorm_rules`, `scorm_files`,
`moodle_rules`, `cmi5_rules`, `tincan_rules`) and, when a schemas folder is available,
validated offline against the official XSDs (`schemas`). Findings are ordinary diagnostics
located as `package.zip!entry:line` (`report`).
"""

from .check import check_package_files, check_zip
from .namespaces import FORMAT_STANDARDS, Standard
from .report import PackageReport
from .schemas import SCHEMAS_ENV, SKIPPED_NOTE, SchemaSet, locate_schemas
from .zip_safety import ZipLimits

__all__ = ["FORMAT_STANDARDS", "SCHEMAS_ENV", "SKIPPED_NOTE", "PackageReport", "SchemaSet", "Standard", "ZipLimits",
           "check_package_files", "check_zip", "locate_schemas"]
