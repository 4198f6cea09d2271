//! The JSON Schema of a report's front matter: one property per [`FrontMatterKey`], the
//! spellings of types, severities and triggers those the parser reads.

use super::json::Json;
use super::patterns::{folded, folded_word};
use super::{described, types};
use crate::incident::{Kind, Severity, Trigger};
use crate::parse::{
    CostLine, Field, FrontMatterKey, IMPACT_NO, IMPACT_SEPARATORS, IMPACT_YES, ONGOING,
    ReferenceLine,
};
use crate::values::duration::{GROUP_JOINERS, unit_names};

/// The shape of a date (spec §6): a day, then a time and an offset if written. Impossible days
/// and times are left to `incidex check`.
const DATE: &str = "^\\s*\\d{4}-\\d{2}-\\d{2}(([Tt]|\\s+)\\d{2}:\\d{2}(:\\d{2}([.,]\\d{1,9})?)?\\s*([Zz]|UTC|GMT)?\\s*([+−-]\\d{2}(:?\\d{2})?)?)?\\s*$";

/// Text, as the reader takes it: a string, a number read as its digits, or nothing.
fn text() -> Json {
    types(&["string", "number", "null"])
}

/// A list of texts, one text of comma-separated items, or nothing.
fn list() -> Json {
    types(&["array", "string", "null"]).with("items", types(&["string", "number"]))
}

/// One of the spellings of `read_as`, compared after folding; `shown` are offered to the
/// editor's completion.
fn choice<'a>(
    read_as: impl IntoIterator<Item = &'a str>,
    shown: impl IntoIterator<Item = &'a str>,
) -> Json {
    let mut examples: Vec<&str> = Vec::new();
    for spelling in shown {
        if !examples.contains(&spelling) {
            examples.push(spelling);
        }
    }
    Json::object([
        ("type", Json::text("string")),
        ("pattern", Json::text(folded(read_as))),
        ("examples", Json::texts(examples)),
    ])
}

/// Alternatives of folded words, each written as [`folded_word`] makes it, longest first.
fn words<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.into_iter().collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let words: Vec<String> = words.into_iter().map(folded_word).collect();
    format!("(?:{})", words.join("|"))
}

/// A duration (spec §6) as the parser reads it: `H:MM[:SS]`, or groups of a number and a unit
/// (a bare number only where minutes may follow hours, `1h30`), `~` first and a note in
/// parentheses last if written; or a word for an incident still going on. The groups are
/// written so that no text can be split two ways: a validator that backtracks stays fast.
fn duration() -> Json {
    let number = "\\d+(?:[.,]\\d+)?";
    let with_unit = format!("{number}\\s*{}\\.?", words(unit_names()));
    // Between two groups: a comma, `et` or `and`, spaces; nothing at all after a unit (`1h30min`).
    let joiner = words(GROUP_JOINERS);
    let apart = format!("(?:\\s*,\\s*|\\s+{joiner}\\s+|\\s+)");
    let after_unit = format!("(?:\\s*,\\s*|\\s+{joiner}\\s+|\\s*)");
    let bare_run = format!("{after_unit}{number}(?:{apart}{number})*");
    let groups = format!(
        "{with_unit}(?:{after_unit}{with_unit}|{bare_run}{apart}{with_unit})*(?:{bare_run})?"
    );
    let measured = format!(
        "^\\s*(?:[~≈]\\s*)?(?:\\d+:\\d{{2}}(?::\\d{{2}})?|{groups})\\s*(?:\\([\\s\\S]*\\))?\\s*$"
    );
    let ongoing = format!("^\\s*{}\\s*$", words(ONGOING));
    Json::object([
        ("type", Json::text("string")),
        ("pattern", Json::text(format!("{measured}|{ongoing}"))),
        (
            "examples",
            Json::texts(["25 minutes", "1h30", "01:30", "en cours", "ongoing"]),
        ),
    ])
}

/// `Oui`, `Non`, `Yes`, `No` (or `true`, `false`), then a separator and a description if any.
fn user_impact() -> Json {
    let words: Vec<String> = IMPACT_YES
        .iter()
        .chain(&IMPACT_NO)
        .map(|w| folded_word(w))
        .collect();
    // `-` escaped: between two others it would make a range.
    let separators = IMPACT_SEPARATORS.concat().replace('-', "\\-");
    let pattern = format!(
        "^\\s*({})(\\s*[{separators}][\\s\\S]*)?\\s*$",
        words.join("|")
    );
    Json::object([
        ("type", Json::texts(["string", "boolean"])),
        ("pattern", Json::text(pattern)),
        (
            "examples",
            Json::texts([
                "Oui - Service inaccessible",
                "Non",
                "Yes - Service unavailable",
                "No",
            ]),
        ),
    ])
}

/// The property of a field given as one text.
fn text_field(field: Field) -> (&'static str, Json) {
    let date = || {
        Json::object([
            ("type", Json::text("string")),
            ("pattern", Json::text(DATE)),
        ])
    };
    match field {
        Field::Date => (
            "When the incident started: `YYYY-MM-DD HH:MM`, an offset if needed (`+01:00`, `Z`), or the day alone.",
            date(),
        ),
        Field::Detected => (
            "When the incident was detected (a date, like `date`).",
            date(),
        ),
        Field::Mitigated => (
            "When its effects were mitigated (a date, like `date`).",
            date(),
        ),
        Field::Resolved => ("When it was resolved (a date, like `date`).", date()),
        Field::Type => (
            "The type: Downtime, Erreur/Error, Sécurité/Security, Performance, Coût/Cost.",
            choice(
                Kind::ALL.iter().flat_map(|k| k.read_as()),
                Kind::spellings(),
            ),
        ),
        Field::Severity => (
            "The severity: Critique/Critical, Haute/High, Moyenne/Medium, Basse/Low.",
            choice(
                Severity::ALL.iter().flat_map(|s| s.read_as()),
                Severity::spellings(),
            ),
        ),
        Field::Trigger => (
            "What set the incident off: Déploiement/Deploy, Configuration, Capacité/Capacity, Dépendance/Dependency, Matériel/Hardware, Sécurité/Security, Inconnu/Unknown.",
            choice(
                Trigger::ALL.iter().flat_map(|t| t.read_as()),
                Trigger::spellings(),
            ),
        ),
        Field::Duration => (
            "How long it lasted: `25 minutes`, `1h30`, `01:30`, `2 heures`, `3 jours`… or `en cours`/`ongoing`.",
            duration(),
        ),
        Field::UserImpact => (
            "Whether users were affected: `Oui`/`Yes` or `Non`/`No`, then ` - ` and what they saw.",
            user_impact(),
        ),
        Field::Title => (
            "The incident's title (default: `Incident <date> · <type>`).",
            text(),
        ),
        _ => ("A text.", text()),
    }
}

/// `schema` with the message editors show when a value breaks its pattern: what the field
/// expects, as `incidex check` says it, in French and English (`patternErrorMessage`, a
/// keyword of yaml-language-server and VS Code that other validators ignore).
fn with_expected(schema: Json, field: Field) -> Json {
    if schema.get("pattern").is_none() {
        return schema;
    }
    let (french, english) = (field.expected(false), field.expected(true));
    let message = if french == english {
        format!("expected {french}")
    } else {
        format!("expected {french} / {english}")
    };
    schema.with("patternErrorMessage", Json::text(message))
}

/// The property of a field given as a list.
fn list_field(field: Field) -> &'static str {
    match field {
        Field::Services => {
            "The services affected, as a list or comma-separated; each becomes a page."
        }
        Field::Factors => "What made the incident possible or worse: a free list.",
        Field::Tags => "Tags, as a list or comma-separated; each becomes a page.",
        Field::Related => "Related incidents: their slugs or file names.",
        _ => "A list of texts.",
    }
}

/// A mapping of the keys `keys`, each a text (`tickets` a list), or nothing.
fn sub_mapping(keys: impl IntoIterator<Item = &'static str>) -> Json {
    let properties = keys.into_iter().map(|key| {
        let schema = if key == ReferenceLine::Tickets.key() {
            list()
        } else {
            text()
        };
        (key, schema)
    });
    types(&["object", "null"])
        .with("properties", Json::object(properties))
        .with("additionalProperties", Json::Bool(false))
}

/// The property of `key`.
fn property(key: FrontMatterKey) -> Json {
    let (description, schema) = match key {
        FrontMatterKey::Text(field) => {
            let (description, schema) = text_field(field);
            (description, with_expected(schema, field))
        }
        FrontMatterKey::List(field) => (list_field(field), list()),
        FrontMatterKey::Draft => (
            "A draft: checked, left out of `build` (without `--drafts`), shown with a badge by `serve`.",
            types(&["boolean"]),
        ),
        FrontMatterKey::Slug => (
            "The page's URL name, instead of the file's; it needs a letter or a digit.",
            text()
                .with("pattern", Json::text("[^\\s!-/:-@\\[-`{-~]"))
                .with(
                    "patternErrorMessage",
                    Json::text("a URL name needs a letter or a digit"),
                ),
        ),
        FrontMatterKey::Aliases => ("Old URL names that redirect to this report.", list()),
        FrontMatterKey::Cost => (
            "The costs: `downtime` (a duration), `lost` and `resolution` (amounts such as `$1,234.56` or `1 234,56 €`, or `N/A`).",
            sub_mapping(CostLine::ALL.map(CostLine::key)),
        ),
        FrontMatterKey::References => (
            "References: `logs` and `dashboard` (links), `tickets` (a list).",
            sub_mapping(ReferenceLine::ALL.map(ReferenceLine::key)),
        ),
    };
    described(schema, description)
}

/// The schema of a report's front matter.
pub fn schema() -> Json {
    let properties = FrontMatterKey::ALL.map(|key| (key.key(), property(key)));
    types(&["object", "null"])
        .with("properties", Json::object(properties))
        .with("additionalProperties", Json::Bool(false))
}
