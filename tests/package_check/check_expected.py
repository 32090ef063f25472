"""What `moduletool check` says about each case of check_corpus.py: `code | headline`, then its hint.

Generated with MODULETOOL_UPDATE_CHECK_CORPUS=1 and reviewed line by line; edit by hand or regenerate.
"""

EXPECTED: dict[str, tuple[str, ...]] = {
    'not-a-zip': (
        'not-a-zip | not-a-zip.zip: the file is not a zip archive',
        '  hint: LMSs import SCORM, cmi5 and Tin Can packages as .zip files',
    ),
    'empty-file': (
        'not-a-zip | empty-file.zip: the file is empty, not a zip',
    ),
    'truncated-zip': (
        'zip-truncated | truncated-zip.zip: the zip is truncated or damaged: its table of contents (at the end of the file) is missing',
        '  hint: download or build the package again',
    ),
    'zip-slip': (
        'zip-slip | zip-slip.zip: entry name `../evil.sh` climbs out of the package with `..`',
        '  hint: every file must be inside the package; remove the `..`',
    ),
    'zip-slip-nested': (
        'zip-slip | zip-slip-nested.zip: entry name `media/../../evil.sh` climbs out of the package with `..`',
        '  hint: every file must be inside the package; remove the `..`',
    ),
    'zip-absolute-path': (
        'zip-absolute-path | zip-absolute-path.zip: entry name `/etc/cron.d/evil` is an absolute path',
        "  hint: use a path relative to the package root: a leading `/` points at the web server's root",
    ),
    'zip-drive-path': (
        'zip-drive-path | zip-drive-path.zip: entry name `C:\\Windows\\evil.dll` is a Windows drive path',
        '  hint: use a path relative to the package root, e.g. `media/photo.jpg`',
    ),
    'zip-backslash-path': (
        'zip-backslash-path | zip-backslash-path.zip: entry name `media\\photo2.jpg` contains a backslash',
        '  hint: use forward slashes: `\\` is a file-name character on the Linux servers most LMSs run on',
    ),
    'zip-slip-backslash': (
        'zip-slip | zip-slip-backslash.zip: entry name `..\\..\\evil.bat` climbs out of the package with `..`',
        '  hint: every file must be inside the package; remove the `..`',
    ),
    'zip-duplicate-entry': (
        'zip-duplicate-entry | zip-duplicate-entry.zip: `index.html` is in the zip more than once',
        '  hint: LMSs keep one of them, and which one differs between unzip tools',
    ),
    'zip-case-collision': (
        'zip-case-collision | zip-case-collision.zip: warning: `Index.html` and `index.html` differ only in letter case',
        '  hint: on Windows and macOS servers one overwrites the other',
        'file-unlisted | zip-case-collision.zip!imsmanifest.xml: warning: 1 file is in the zip but listed in no resource: `Index.html`',
        '  hint: add a <file href=…> for each to the resource that uses it',
    ),
    'zip-name-not-utf8': (
        'zip-name-encoding | zip-name-not-utf8.zip: warning: `media/caf├⌐.jpg` has non-ASCII characters but is not marked as UTF-8',
        '  hint: re-create the zip with a tool that writes UTF-8 names (flag bit 11)',
        'file-unlisted | zip-name-not-utf8.zip!imsmanifest.xml: warning: 1 file is in the zip but listed in no resource: `media/caf├⌐.jpg`',
        '  hint: add a <file href=…> for each to the resource that uses it',
    ),
    'zip-encrypted-entry': (
        'zip-encrypted | zip-encrypted-entry.zip!index.html: `index.html` is encrypted',
        '  hint: LMSs cannot open password-protected packages; zip it without a password',
    ),
    'zip-bzip2-entry': (
        'zip-compression | zip-bzip2-entry.zip!index.html: `index.html` uses compression method 12; only stored and deflate are read by every LMS',
        '  hint: re-create the zip with the default (deflate) compression',
    ),
    'zip-bomb-ratio': (
        'zip-bomb-ratio | zip-bomb-ratio.zip!media/zeros.bin: `media/zeros.bin` inflates 1028:1 (4080 → 4194304 bytes), more than 100:1',
        '  hint: this looks like a zip bomb; it was not unpacked',
    ),
    'zip-too-many-entries': (
        'zip-too-many-entries | zip-too-many-entries.zip: the zip has 23 entries, more than the 10 a package may hold',
        '  hint: this looks like a zip bomb; a real package has far fewer files',
    ),
    'zip-too-large': (
        'zip-too-large | zip-too-large.zip: the zip unpacks to 2854 bytes, more than the limit of 1000 bytes',
        '  hint: this looks like a zip bomb; it was not unpacked',
    ),
    'no-manifest': (
        'no-manifest | no-manifest.zip: no `imsmanifest.xml`, `cmi5.xml` or `tincan.xml` at the root of the zip: this is not a SCORM, cmi5 or Tin Can package',
        '  hint: a SCORM package needs imsmanifest.xml at the zip root',
    ),
    'manifest-in-folder': (
        'manifest-not-at-root | manifest-in-folder.zip!course/imsmanifest.xml: `imsmanifest.xml` is in `course/`, not at the root of the zip',
        '  hint: zip the contents of `course/`, not the folder itself: LMSs only look at the root',
    ),
    'manifest-mis-cased': (
        'root-document-case | manifest-mis-cased.zip!IMSManifest.xml: `IMSManifest.xml` must be named `imsmanifest.xml`',
        '  hint: LMSs look for the exact lower-case name; Linux servers do not find it otherwise',
    ),
    'malformed-xml': (
        'xml-syntax | malformed-xml.zip!imsmanifest.xml:14:20: not well-formed XML: Opening and ending tag mismatch: item line 12 and organization',
        '  hint: LMSs refuse the whole package when this file is not well-formed',
    ),
    'xml-external-entity': (
        'xml-entities | xml-external-entity.zip!imsmanifest.xml:1: warning: entity references are not expanded by `check`, so the values using them are checked as written',
        '  hint: write the text out instead of declaring entities in a DOCTYPE',
    ),
    'xml-billion-laughs': (
        'xml-entity-bomb | xml-billion-laughs.zip!imsmanifest.xml:1: the DOCTYPE declares entities that expand enormously (an entity bomb); the file was not read',
        '  hint: remove the DOCTYPE: packages do not need entity declarations',
    ),
    'wrong-namespace': (
        'wrong-namespace | wrong-namespace.zip!imsmanifest.xml:4: the root element is `{http://www.imsproject.org/xsd/imscp_rootv1p1p3}manifest`; expected `manifest` in `http://www.imsproject.org/xsd/imscp_rootv1p1p2` (SCORM 1.2) or `http://www.imsglobal.org/xsd/imscp_v1p1` (SCORM 2004 4th Edition)',
        '  hint: declare the content-packaging namespace as the default, e.g. <manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" …> for SCORM 1.2',
    ),
    'schemaversion-whitespace': (
        "schemaversion-whitespace | schemaversion-whitespace.zip!imsmanifest.xml:8: `<schemaversion>` is '\\n      2004 4th Edition\\n    ', with whitespace around `2004 4th Edition`; Moodle compares it exactly and then treats the package as SCORM 1.2",
        '  hint: write <schemaversion>2004 4th Edition</schemaversion> on one line',
    ),
    'schemaversion-wrong-version': (
        'schemaversion-wrong | schemaversion-wrong-version.zip!imsmanifest.xml:8: `<schemaversion>` is `1.2`, but the manifest uses the SCORM 2004 4th Edition namespace',
        '  hint: write <schemaversion>2004 4th Edition</schemaversion>',
    ),
    'schemaversion-missing': (
        'schemaversion-missing | schemaversion-missing.zip!imsmanifest.xml:5: `<metadata>` has no `<schemaversion>`; Moodle then treats the package as SCORM 1.2',
        '  hint: add <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>',
    ),
    'schema-name-wrong': (
        'schema-name | schema-name-wrong.zip!imsmanifest.xml:7: `<metadata><schema>` is `SCORM`; it must be `ADL SCORM`',
        '  hint: write <schema>ADL SCORM</schema> just before <schemaversion>',
    ),
    'dangling-default': (
        'dangling-default | dangling-default.zip!imsmanifest.xml:9: `<organizations default="ORG-2">` names no organization',
        '  hint: did you mean `ORG-1`?',
    ),
    'dangling-identifierref': (
        'dangling-identifierref | dangling-identifierref.zip!imsmanifest.xml:12: item `ITEM-1` points at resource `RES-2`, which does not exist',
        '  hint: did you mean `RES-1`?',
    ),
    'duplicate-identifier': (
        'duplicate-identifier | duplicate-identifier.zip!imsmanifest.xml:18: identifier `RES-1` is used more than once (first at line 12)',
        '  hint: identifiers must be unique across the whole manifest',
    ),
    'identifier-not-ncname': (
        'identifier-not-ncname | identifier-not-ncname.zip!imsmanifest.xml:12: identifier `1 item` is not an XML name (NCName)',
        '  hint: start with a letter or `_`, then letters, digits, `-`, `_` or `.`; no spaces or colons',
    ),
    'leaf-without-identifierref-2004': (
        'leaf-without-resource | leaf-without-identifierref-2004.zip!imsmanifest.xml:23: item `ITEM-2` has no child items and no `identifierref`',
        '  hint: point it at a resource, or remove it: LMSs show it but cannot launch anything',
    ),
    'leaf-without-identifierref-12': (
        'leaf-without-resource | leaf-without-identifierref-12.zip!imsmanifest.xml:15: warning: item `ITEM-2` has no child items and no `identifierref`',
        '  hint: point it at a resource, or remove it: LMSs show it but cannot launch anything',
    ),
    'identifierref-on-parent-2004': (
        'identifierref-on-parent | identifierref-on-parent-2004.zip!imsmanifest.xml:13: item `ITEM-1` has child items and an `identifierref`',
        '  hint: only leaf items may reference a resource',
    ),
    'resource-without-href': (
        'resource-without-href | resource-without-href.zip!imsmanifest.xml:18: resource `RES-1` is launched by item `ITEM-1` but has no `href`',
        '  hint: set href to the file the LMS should open, e.g. href="index.html"',
    ),
    'dangling-dependency': (
        'dangling-dependency | dangling-dependency.zip!imsmanifest.xml:21: resource `RES-1` depends on `RES-COMMON`, which does not exist',
    ),
    'sub-manifest': (
        'sub-manifest | sub-manifest.zip!imsmanifest.xml:23: warning: the manifest contains a sub-manifest',
        "  hint: ADL's validator reports them and most LMSs ignore them; put every organization and resource in the main manifest",
    ),
    'listed-file-missing': (
        'file-missing | listed-file-missing.zip!imsmanifest.xml:20: listed file `media/photo.jpg` is not in the zip',
        '  hint: add the file to the package or fix the path',
    ),
    'launch-file-mis-cased': (
        'file-missing | launch-file-mis-cased.zip!imsmanifest.xml:18: the launch file `Index.html` of resource `RES-1` is not in the zip',
        "  hint: the zip has `index.html`: letter case matters on the LMS's server",
    ),
    'unlisted-file': (
        'file-unlisted | unlisted-file.zip!imsmanifest.xml: warning: 1 file is in the zip but listed in no resource: `media/unused.png`',
        '  hint: add a <file href=…> for each to the resource that uses it',
    ),
    'href-backslash': (
        'file-unlisted | href-backslash.zip!imsmanifest.xml: warning: 1 file is in the zip but listed in no resource: `media/photo.jpg`',
        '  hint: add a <file href=…> for each to the resource that uses it',
        'href-backslash | href-backslash.zip!imsmanifest.xml:20: listed file `media\\photo.jpg` contains a backslash',
        '  hint: use forward slashes: `\\` is a file-name character on the Linux servers most LMSs run on',
    ),
    'href-absolute': (
        'file-unlisted | href-absolute.zip!imsmanifest.xml: warning: 1 file is in the zip but listed in no resource: `media/photo.jpg`',
        '  hint: add a <file href=…> for each to the resource that uses it',
        'href-absolute | href-absolute.zip!imsmanifest.xml:20: listed file `/media/photo.jpg` is an absolute path',
        "  hint: use a path relative to the package root: a leading `/` points at the web server's root",
    ),
    'href-parent': (
        'file-unlisted | href-parent.zip!imsmanifest.xml: warning: 1 file is in the zip but listed in no resource: `media/photo.jpg`',
        '  hint: add a <file href=…> for each to the resource that uses it',
        'href-escape | href-parent.zip!imsmanifest.xml:20: listed file `../media/photo.jpg` climbs out of the package with `..`',
        '  hint: every file must be inside the package; remove the `..`',
    ),
    'href-url-for-sco': (
        'href-url | href-url-for-sco.zip!imsmanifest.xml:18: the launch file `https://example.org/index.html` of resource `RES-1` points outside the package',
        '  hint: package files must be referenced by relative paths',
    ),
    'xml-base-without-slash': (
        'file-unlisted | xml-base-without-slash.zip!imsmanifest.xml: warning: 2 files are in the zip but listed in no resource: `index.html`, `media/photo.jpg`',
        '  hint: add a <file href=…> for each to the resource that uses it',
        'xml-base | xml-base-without-slash.zip!imsmanifest.xml:18: xml:base `media` does not end with `/`',
        '  hint: write xml:base="media/"',
    ),
    'scormtype-missing': (
        'scormtype-missing | scormtype-missing.zip!imsmanifest.xml:18: resource `RES-1` has no `adlcp:scormtype`; Moodle treats it as an asset and records nothing',
        '  hint: add adlcp:scormtype="sco" (or "asset" for files that do not talk to the LMS)',
    ),
    'scormtype-2004-spelling-in-12': (
        'scormtype-missing | scormtype-2004-spelling-in-12.zip!imsmanifest.xml:18: resource `RES-1` has no `adlcp:scormtype`; Moodle treats it as an asset and records nothing',
        '  hint: it is spelled `scormType`; SCORM 1.2 needs `adlcp:scormtype`',
    ),
    'scormtype-value': (
        'scormtype-value | scormtype-value.zip!imsmanifest.xml:26: resource `RES-1` has adlcp:scormType="SCO"; it must be `sco` or `asset`',
    ),
    'wrong-prefix': (
        'moodle-prefix | wrong-prefix.zip!imsmanifest.xml:18: `http://www.adlnet.org/xsd/adlcp_rootv1p2` is used with the prefix `adl:`; Moodle only recognises `adlcp:` and silently ignores the rest',
        '  hint: declare xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" and use `adlcp:`',
    ),
    'imscp-prefixed': (
        'moodle-prefix | imscp-prefixed.zip!imsmanifest.xml:4: content-packaging elements use the prefix `cp:`; Moodle only reads them unprefixed',
        '  hint: declare xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" on <manifest> and drop the prefix',
    ),
    'other-version-namespace': (
        'scormtype-missing | other-version-namespace.zip!imsmanifest.xml:26: resource `RES-1` has no `adlcp:scormType`; Moodle treats it as an asset and records nothing',
        '  hint: it is spelled `scormType` in the SCORM 1.2 namespace; SCORM 2004 4th Edition needs `adlcp:scormType`',
        'wrong-namespace | other-version-namespace.zip!imsmanifest.xml:26: namespace `http://www.adlnet.org/xsd/adlcp_rootv1p2` belongs to the other SCORM version, not SCORM 2004 4th Edition',
        '  hint: take every namespace of the manifest from the same SCORM version',
    ),
    'asset-first': (
        'asset-before-sco | asset-first.zip!imsmanifest.xml:12: the first item Moodle launches, `ITEM-0`, is an asset (resource `RES-0`); Moodle marks it completed on launch, so the course counts as complete with grade 0',
        '  hint: move the SCO item `ITEM-1` before it',
    ),
    'no-sco': (
        'no-sco | no-sco.zip!imsmanifest.xml:10: warning: the default organization launches no SCO, so the LMS records nothing but "completed"',
        '  hint: mark the resource that talks to the LMS adlcp:scormtype="sco"',
    ),
    'map-info': (
        'moodle-mapinfo | map-info.zip!imsmanifest.xml:19: warning: `imsss:mapInfo` makes the import fail on Moodle with PHP 8 (no activity is created)',
        '  hint: remove global objective mapping unless the target LMS needs it',
    ),
    'control-documents-missing-2004': (
        'control-document-missing | control-documents-missing-2004.zip!imsmanifest.xml:7: control document `imscp_v1p1.xsd` (named in xsi:schemaLocation) is not in the zip',
        '  hint: copy the XSD files named in xsi:schemaLocation next to imsmanifest.xml',
        'control-document-missing | control-documents-missing-2004.zip!imsmanifest.xml:7: control document `imsss_v1p0.xsd` (named in xsi:schemaLocation) is not in the zip',
        '  hint: copy the XSD files named in xsi:schemaLocation next to imsmanifest.xml',
    ),
    'cmi5-id-not-iri': (
        'cmi5-id-not-iri | cmi5-id-not-iri.zip!cmi5.xml:13: au id `au-1` is not an IRI',
        '  hint: use an absolute IRI you control, e.g. https://example.org/courses/x/au/1',
    ),
    'cmi5-duplicate-id': (
        'cmi5-duplicate-id | cmi5-duplicate-id.zip!cmi5.xml:13: au id `https://example.org/courses/c1` is used more than once (first at line 3)',
        '  hint: every course, block, AU and objective id must be unique',
    ),
    'cmi5-mastery-precision': (
        'cmi5-mastery-precision | cmi5-mastery-precision.zip!cmi5.xml:13: masteryScore `0.12345` has more than 4 decimal places',
        '  hint: round it to 4 decimals, e.g. 0.1234',
    ),
    'cmi5-mastery-range': (
        'cmi5-mastery-range | cmi5-mastery-range.zip!cmi5.xml:13: masteryScore `80` is outside 0..1',
        '  hint: write a decimal between 0 and 1, e.g. 0.8',
    ),
    'cmi5-reserved-query': (
        'cmi5-reserved-query | cmi5-reserved-query.zip!cmi5.xml:19: AU url `au/index.html?lang=en&actor=me` has the query parameter `actor`, which the LMS adds at launch',
        '  hint: rename it: endpoint, fetch, actor, registration, activityId are cmi5 launch parameters (8.1)',
    ),
    'cmi5-url-absolute-path': (
        'cmi5-url-absolute | cmi5-url-absolute-path.zip!cmi5.xml:19: AU url `/au/index.html` is an absolute path',
        "  hint: use a path relative to the package root: a leading `/` points at the web server's root",
    ),
    'cmi5-url-parent': (
        'cmi5-url-escape | cmi5-url-parent.zip!cmi5.xml:19: AU url `../au/index.html` climbs out of the package with `..`',
        '  hint: every file must be inside the package; remove the `..`',
    ),
    'cmi5-url-missing': (
        'cmi5-url-missing | cmi5-url-missing.zip!cmi5.xml:19: AU url `au/start.html` is not in the zip',
        '  hint: did you mean `au/index.html`?',
    ),
    'cmi5-url-external': (
        'cmi5-url-external | cmi5-url-external.zip!cmi5.xml:19: warning: AU url `https://lms.example.org/au/index.html` is outside the package; `check` cannot see it',
        '  hint: fine for AUs hosted elsewhere; otherwise make it relative',
    ),
    'cmi5-unknown-objective': (
        'cmi5-unknown-objective | cmi5-unknown-objective.zip!cmi5.xml:17: objective reference `https://example.org/courses/c1/objectives/o2` names no objective of the course',
        '  hint: did you mean `https://example.org/courses/c1/objectives/o1`?',
    ),
    'cmi5-wrong-namespace': (
        'wrong-namespace | cmi5-wrong-namespace.zip!cmi5.xml:2: the root element is `{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure}courseStructure`; cmi5 expects `courseStructure` in `https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd`',
        '  hint: write <courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">',
    ),
    'tincan-missing-launch': (
        'tincan-no-launch | tincan-missing-launch.zip!tincan.xml:2: no activity has a `<launch>`: the LMS has nothing to open',
        '  hint: add <launch lang="en">index.html</launch> to the course activity',
    ),
    'tincan-launch-missing-file': (
        'tincan-launch-missing | tincan-launch-missing-file.zip!tincan.xml:7: launch `start.html` is not in the zip',
    ),
    'tincan-id-not-iri': (
        'tincan-id-not-iri | tincan-id-not-iri.zip!tincan.xml:4: activity id `course 1` is not an IRI',
        '  hint: use an absolute IRI you control, e.g. https://example.org/courses/x',
    ),
}
