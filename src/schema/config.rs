//! The JSON Schema of incidex.yaml: one property per [`Setting`], its values taken from the
//! lists and bounds the reader checks against.

use std::path::Path;

use super::json::Json;
use super::patterns::ascii_caseless;
use super::{described, types};
use crate::config::{
    ACTIVE_TYPES, Config, LANGUAGE_NAMES, Language, Links, PRIVATE_FIELDS, SLO_BOUNDS,
    ServiceSetting, Setting,
};
use crate::incident::Severity;

/// Text, as the reader takes it: a string, or a number read as its digits.
fn text() -> Json {
    types(&["string", "number"])
}

/// A list of texts, or nothing (an empty list).
fn list(items: Json) -> Json {
    types(&["array", "null"]).with("items", items)
}

/// A file extension without the dot (a leading dot is dropped), in any case.
fn file_type() -> Json {
    Json::object([
        ("type", Json::text("string")),
        ("pattern", Json::text("^\\s*\\.*[A-Za-z0-9]+\\s*$")),
        (
            "patternErrorMessage",
            Json::text("write extensions without the dot, e.g. `[yaml, md5]`"),
        ),
    ])
}

/// What `setting` is for, shown by the editor.
fn description(setting: Setting) -> &'static str {
    match setting {
        Setting::Title => "The site's title, in the page header and the browser tab.",
        Setting::Description => {
            "One line describing the archive, on the home page and in the pages' description."
        }
        Setting::Language => "The language of the site's labels, dates and numbers: `fr` or `en`.",
        Setting::Timezone => {
            "The IANA time zone of dates written without an offset, and of the monthly statistics."
        }
        Setting::Currency => {
            "The ISO 4217 code of amounts written without a currency, e.g. `USD`, `EUR`."
        }
        Setting::BaseUrl => {
            "The absolute address the site is published under, for canonical links, feeds and the sitemap."
        }
        Setting::ContentDir => {
            "The folder holding the reports, relative to the site root and inside it."
        }
        Setting::OutputDir => {
            "The folder the site is written to, relative to the site root and inside it."
        }
        Setting::TicketUrl => {
            "The address of a ticket, `{ticket}` standing for its number: tickets become links."
        }
        Setting::Theme => "The theme: the name of a folder of `themes/` in the site root.",
        Setting::AllowRawHtml => {
            "Keep the HTML written in reports (sanitised) instead of showing it as text. Needs incidex built with the `raw-html` feature (release binaries and the Docker image are; `cargo install … --features raw-html`)."
        }
        Setting::Private => "The fields left out of `build --public`.",
        Setting::PublishTypes => {
            "File types published from the content folder besides the passive ones, without the dot. Types that can run script belong to `publish_active_types`."
        }
        Setting::PublishActiveTypes => {
            "File types that can run script in the reader's browser (HTML, SVG, JavaScript…), published all the same."
        }
        Setting::Links => {
            "How pages link to each other: `pretty` (folders, for a web server) or `file` (their `index.html`, for an archive opened from disk)."
        }
        Setting::Services => {
            "The services the reports name, each under its name as the reports write it, with the name shown and the availability objective."
        }
        Setting::ActionDueDays => {
            "Per severity, the days from an incident's start to the due date of its action items that give none."
        }
    }
}

/// A string matching `pattern`, with `examples` for the editor's completion.
fn string_matching<'a>(pattern: String, examples: impl IntoIterator<Item = &'a str>) -> Json {
    let schema = Json::object([
        ("type", Json::text("string")),
        ("pattern", Json::text(pattern)),
    ]);
    let examples: Vec<&str> = examples.into_iter().collect();
    if examples.is_empty() {
        schema
    } else {
        schema.with("examples", Json::texts(examples))
    }
}

/// The values `setting` accepts.
fn value(setting: Setting) -> Json {
    match setting {
        Setting::Title | Setting::Description => text(),
        Setting::Language => string_matching(
            ascii_caseless(LANGUAGE_NAMES.map(|(n, _)| n)),
            [Language::French.code(), Language::English.code()],
        ),
        Setting::Timezone => Json::object([
            ("type", Json::text("string")),
            (
                "enum",
                Json::texts(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())),
            ),
        ]),
        Setting::Currency => string_matching("^\\s*[A-Za-z]{3}\\s*$".into(), []),
        Setting::BaseUrl => {
            string_matching("^\\s*https?://".into(), ["https://incidents.example.org/"])
        }
        Setting::ContentDir | Setting::OutputDir => {
            text().with("pattern", Json::text("^\\s*[^\\s/]"))
        }
        Setting::TicketUrl => string_matching(
            "\\{ticket\\}".into(),
            ["https://tracker.example.org/browse/{ticket}"],
        ),
        Setting::Theme => text().with("pattern", Json::text("^([^/]|$)")),
        Setting::AllowRawHtml => types(&["boolean"]),
        Setting::Private => list(Json::object([(
            "enum",
            Json::texts(PRIVATE_FIELDS.iter().copied()),
        )])),
        Setting::PublishTypes => list(file_type().with(
            "not",
            described(
                Json::object([("pattern", Json::text(active_type()))]),
                "a type that can run script: list it under `publish_active_types`",
            ),
        )),
        Setting::PublishActiveTypes => list(file_type()),
        Setting::Links => string_matching(
            ascii_caseless(Links::NAMES.map(|(n, _)| n)),
            Links::NAMES.map(|(n, _)| n),
        ),
        Setting::Services => types(&["object", "null"]).with("additionalProperties", service()),
        Setting::ActionDueDays => due_days(),
    }
}

/// What editors say when a value of `setting` is refused, as `incidex check` says it
/// (`patternErrorMessage` and `errorMessage`, keywords of yaml-language-server and VS Code that
/// other validators ignore).
fn refusal(setting: Setting) -> Option<(&'static str, &'static str)> {
    let pattern = "patternErrorMessage";
    Some(match setting {
        Setting::Language => (pattern, "use `fr` or `en`"),
        Setting::Timezone => (
            "errorMessage",
            "use an IANA time zone name such as `Europe/Paris`, `America/New_York` or `UTC`",
        ),
        Setting::Currency => (
            pattern,
            "use a three-letter code such as `USD`, `EUR` or `GBP`",
        ),
        Setting::BaseUrl => (
            pattern,
            "write the full address, starting with `https://` or `http://`",
        ),
        Setting::ContentDir | Setting::OutputDir => (
            pattern,
            "name a folder, relative to the site root and inside it",
        ),
        Setting::TicketUrl => (
            pattern,
            "mark where the ticket number goes, e.g. `https://tracker.example.org/browse/{ticket}`",
        ),
        Setting::Theme => (
            pattern,
            "name a folder of `themes/` in the site root, e.g. `theme: mine` for `themes/mine/`",
        ),
        Setting::Links => (pattern, "use `pretty` or `file`"),
        _ => return None,
    })
}

/// The property of `setting`, with `default` (its value when left out) when it has one.
fn property(setting: Setting, default: Option<Json>) -> Json {
    let mut schema = described(value(setting), description(setting));
    if let Some((keyword, message)) = refusal(setting) {
        schema = schema.with(keyword, Json::text(message));
    }
    match default {
        Some(default) => schema.with("default", default),
        None => schema,
    }
}

/// The types of `ACTIVE_TYPES` as a pattern, in any case, with the dot the reader drops.
fn active_type() -> String {
    ascii_caseless(ACTIVE_TYPES.iter().copied()).replacen("^\\s*(", "^\\s*\\.*(", 1)
}

/// One service of `services:`: nothing, or its name and objective.
fn service() -> Json {
    let properties = ServiceSetting::ALL.map(|setting| {
        let schema = match setting {
            ServiceSetting::Name => described(
                text().with("pattern", Json::text("\\S")),
                "The name shown for the service (default: the one its newest report writes).",
            ),
            ServiceSetting::Slo => described(
                Json::object([
                    ("type", Json::text("number")),
                    ("exclusiveMinimum", Json::Number(SLO_BOUNDS.0)),
                    ("exclusiveMaximum", Json::Number(SLO_BOUNDS.1)),
                ]),
                "The monthly availability objective, in percent, without `%`: `99.9`.",
            ),
        };
        (setting.key(), schema)
    });
    types(&["object", "null"])
        .with("properties", Json::object(properties))
        .with("additionalProperties", Json::Bool(false))
}

/// `action_due_days:`: a positive whole number of days per severity.
fn due_days() -> Json {
    let days = Json::object([
        ("type", Json::text("integer")),
        ("minimum", Json::Number(1.0)),
        ("maximum", Json::Number(f64::from(u32::MAX))),
    ]);
    let properties = Severity::ALL.map(|severity| (severity.slug(), days.clone()));
    types(&["object", "null"])
        .with("properties", Json::object(properties))
        .with("additionalProperties", Json::Bool(false))
}

/// The default of `setting` as incidex.yaml would write it, when it has one.
fn default_of(setting: Setting, defaults: &Config) -> Option<Json> {
    Some(match setting {
        Setting::Title => Json::text(defaults.title.clone()),
        Setting::Language => Json::text(defaults.language.code()),
        Setting::Timezone => Json::text(defaults.timezone.name()),
        Setting::Currency => Json::text(defaults.currency.clone()),
        Setting::ContentDir => Json::text(defaults.content_dir.to_string_lossy()),
        Setting::OutputDir => Json::text(defaults.output_dir.to_string_lossy()),
        Setting::AllowRawHtml => Json::Bool(defaults.allow_raw_html),
        Setting::Links => Json::text(Links::NAMES.iter().find(|(_, l)| *l == defaults.links)?.0),
        _ => return None,
    })
}

/// The schema of incidex.yaml.
pub fn schema() -> Json {
    let defaults = Config::defaults(Path::new("."));
    let properties = Setting::ALL.map(|setting| {
        (
            setting.key(),
            property(setting, default_of(setting, &defaults)),
        )
    });
    types(&["object", "null"])
        .with("properties", Json::object(properties))
        .with("additionalProperties", Json::Bool(false))
}
