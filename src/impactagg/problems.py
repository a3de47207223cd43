"""Problems found in submissions, and the catalogue of every kind of problem.

A problem is data, not an exception: loaders and checks return them, the
report collects them and the command line only formats them. Each kind has a
stable code (a slug that CI scripts and the docs can rely on), a severity and
a category; the category tells input/output failures (exit code 2) apart from
invalid data (exit code 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Category(StrEnum):
    DATA = "data"  # the file was read, its content breaks the standard
    IO = "io"  # the file could not be read at all


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of problem: its code, title and a sentence for the docs."""

    code: str
    title: str
    description: str
    severity: Severity = Severity.ERROR
    category: Category = Category.DATA


RULE_LIST = [
    # Reading the file
    Rule("file-not-found", "File not found", "The path given does not exist.", category=Category.IO),
    Rule(
        "file-too-large",
        "File too large",
        "The file (or a workbook unpacked) is larger than the size limit; raise it with --max-file-size "
        "if the file is genuine.",
        category=Category.IO,
    ),
    Rule(
        "file-unreadable",
        "File cannot be read",
        "The file exists but could not be opened or read (permissions, a folder given as a file, a device).",
        category=Category.IO,
    ),
    Rule(
        "encoding-error",
        "Unknown text encoding",
        "The file is not UTF-8 or UTF-16 text. Save it again as UTF-8 (in Excel: 'CSV UTF-8').",
        category=Category.IO,
    ),
    Rule(
        "symlink-skipped",
        "Symbolic link not followed",
        "A symbolic link inside a data folder is not read; name the file itself to read it.",
        severity=Severity.WARNING,
    ),
    Rule(
        "no-files",
        "No submission files",
        "A folder given holds no .yaml, .yml, .csv or .xlsx file.",
        category=Category.IO,
    ),
    Rule(
        "unsupported-file-type",
        "Not a submission file",
        "Only .yaml, .yml, .csv and .xlsx files are submissions.",
        category=Category.IO,
    ),
    Rule(
        "encoding-guessed",
        "Text encoding guessed",
        "The file is not UTF-8 and was read as Windows-1252; accented letters may be wrong.",
        severity=Severity.WARNING,
    ),
    Rule("empty-file", "Empty file", "The file holds no data, so no submission can be read."),
    Rule(
        "binary-content",
        "Binary content",
        "The file contains a NUL byte: it is not a text file, or it is damaged.",
        category=Category.IO,
    ),
    # YAML structure
    Rule("yaml-syntax", "YAML syntax error", "The file is not well-formed YAML."),
    Rule(
        "yaml-not-mapping",
        "Not a submission",
        "The top of a YAML submission must be a mapping with schema_version, entity, year and outcomes.",
    ),
    Rule(
        "yaml-multiple-documents",
        "Several YAML documents",
        "A submission file holds exactly one YAML document.",
    ),
    Rule(
        "yaml-anchor",
        "YAML anchors and aliases",
        "Anchors (&name), aliases (*name) and merge keys (<<) are not allowed: write each value out in full.",
    ),
    Rule("yaml-tag", "YAML tag", "Explicit YAML tags such as !!python/object are not allowed."),
    Rule("yaml-complex-key", "Complex YAML key", "Keys must be plain text."),
    Rule(
        "duplicate-key",
        "Duplicate key",
        "The same key appears twice in one mapping; only one value can be kept, so the file must say which.",
    ),
    Rule("too-many-keys", "Too many keys", "A mapping has far more keys than any part of a submission."),
    Rule(
        "too-deep",
        "Nesting too deep",
        "Values are nested deeper than any submission needs; raise the limit with --max-depth.",
    ),
    # CSV structure
    Rule(
        "csv-syntax",
        "CSV syntax error",
        "The file is not well-formed CSV (for example an unterminated quote).",
    ),
    Rule("no-rows", "No outcome rows", "The table has a header but no outcome rows."),
    Rule(
        "unknown-column",
        "Unknown column",
        "A column header is not part of the standard (often a misspelling).",
    ),
    Rule("missing-column", "Missing column", "A required column is not in the header row."),
    Rule("duplicate-column", "Duplicate column", "Two columns have the same header."),
    Rule("repeated-header", "Header row repeated", "The header row appears again among the outcome rows."),
    Rule(
        "row-length",
        "Wrong number of cells",
        "A row has more or fewer cells than the header row has columns.",
    ),
    Rule(
        "entity-mismatch",
        "Entity details disagree",
        "Rows of the same entity give different entity details (name, type, region or "
        "year); every row of an entity must repeat the same details.",
    ),
    # Spreadsheets
    Rule(
        "not-a-workbook",
        "Not an Excel workbook",
        "The .xlsx file cannot be opened as a workbook (damaged, or another kind of file renamed).",
        category=Category.IO,
    ),
    Rule("missing-sheet", "No outcomes sheet", "The workbook has no sheet named 'outcomes'."),
    Rule(
        "header-row",
        "Header not on the first row",
        "The header row of the 'outcomes' sheet must be its first row.",
    ),
    Rule(
        "merged-cells",
        "Merged cells",
        "Cells of the outcomes sheet are merged; each cell of a table needs its own value.",
    ),
    Rule(
        "formula-without-value",
        "Formula without a value",
        "A cell holds a formula that was never calculated, so its value is unknown.",
    ),
    Rule(
        "too-many-outcomes",
        "Too many outcomes",
        "The file holds more outcomes (rows, list items) than the limit; raise it with --max-outcomes.",
    ),
    Rule(
        "value-too-long",
        "Value too long",
        "A value is longer than the limit; raise it with --max-value-length.",
    ),
    # Fields
    Rule("missing-value", "Missing value", "A required field is absent or empty."),
    Rule("unknown-field", "Unknown field", "A field that is not part of the standard (often a misspelling)."),
    Rule("unknown-code", "Unknown code", "A coded field holds a value that is not in its list."),
    Rule("unknown-country", "Unknown country code", "A country is not an ISO 3166-1 alpha-2 code."),
    Rule("invalid-date", "Invalid date", "A date is not a real calendar date written as YYYY-MM-DD."),
    Rule("invalid-number", "Not a whole number", "A field that takes a whole number holds something else."),
    Rule("out-of-range", "Number out of range", "A number is outside the range the field allows."),
    Rule(
        "invalid-id",
        "Invalid identifier",
        "Identifiers use letters, digits, '-', '_' and '.', and start with a letter or digit.",
    ),
    Rule(
        "wrong-type",
        "Wrong kind of value",
        "A field holds a list or mapping where text is expected, or the reverse.",
    ),
    Rule(
        "unsupported-schema-version",
        "Unsupported schema version",
        "The file declares a version of the standard this impactagg does not know.",
    ),
    # Across outcomes and files
    Rule(
        "duplicate-outcome-id",
        "Duplicate outcome id",
        "Outcome ids are unique within a year, across every submission.",
    ),
    Rule(
        "duplicate-submission",
        "Duplicate submission",
        "An entity sends at most one submission a year; two files claim the same entity "
        "and year, and neither is counted until one is removed.",
    ),
    Rule(
        "unknown-entity",
        "Entity not in the registry",
        "The submission's entity id is not in the registry of entities expected to report.",
    ),
    Rule(
        "registry-mismatch",
        "Entity details differ from the registry",
        "The submission gives the entity a name, type or region that differs from the registry's.",
    ),
    Rule(
        "inactive-entity",
        "Entity not active that year",
        "The registry does not expect the entity to report for the submission's year.",
        severity=Severity.WARNING,
    ),
    Rule("duplicate-entity", "Entity listed twice", "The registry lists the same entity id twice."),
    Rule(
        "unknown-link",
        "Link to an unknown outcome",
        "related_outcomes names an outcome id that no submission of the same year reports (yet).",
        severity=Severity.WARNING,
    ),
    Rule(
        "one-way-link",
        "Link not returned",
        "An outcome names another in related_outcomes, but that outcome does not name it back.",
        severity=Severity.WARNING,
    ),
    Rule(
        "contact-details",
        "Contact details in free text",
        "A title, description, contribution or stakeholder name contains an e-mail address or a phone "
        "number. Outcome reports travel far: do not spread the contact details of people who may be at "
        "risk. Silence it for a file with the comment '# impactagg: ignore contact-details' (YAML) or "
        "for a run with --ignore contact-details.",
        severity=Severity.WARNING,
    ),
    Rule(
        "template-example",
        "Template example left in",
        "An outcome is the template's example, unchanged; it would be counted like any other.",
        severity=Severity.WARNING,
    ),
    Rule(
        "date-outside-year",
        "Date outside the reporting year",
        "An outcome's date is not in the year of its submission.",
        severity=Severity.WARNING,
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in RULE_LIST}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located as precisely as the format allows.

    ``line`` and ``column`` are 1-based. ``column`` is the character column in
    YAML and the column's position in CSV. ``field`` is the dotted name in the
    standard (``outcomes[2].date`` for YAML, ``date`` for a CSV row).
    """

    path: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    sheet: str | None = None  # spreadsheets only
    cell: str | None = None  # spreadsheets only, e.g. "K5"
    value: str | None = None  # the value found, when there is one to show
    suggestion: str | None = None  # the likely intended value (did you mean)

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def category(self) -> Category:
        return self.rule.category

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)

    def to_dict(self) -> dict[str, object]:
        document: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }
        if self.sheet is not None:
            document["sheet"] = self.sheet
            document["cell"] = self.cell
        return document
