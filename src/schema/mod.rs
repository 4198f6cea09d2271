//! JSON Schemas of incidex.yaml and of a report's front matter, for editors: made from the
//! lists the readers check against (`config::Setting`, `parse::FrontMatterKey`, the severities,
//! types, triggers, languages…), so that they cannot say otherwise than `incidex check`.

mod config;
mod front_matter;
mod json;
mod patterns;

pub use json::Json;

/// Where the published schemas live, for their `$id`.
const HOME: &str = "https://raw.githubusercontent.com/incidex/incidex/main/schemas/";

/// The JSON Schema draft the schemas are written in: the one editors' YAML tools know best.
const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// A document incidex describes with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// incidex.yaml.
    Config,
    /// The YAML front matter of a report.
    FrontMatter,
}

impl Schema {
    pub const ALL: [Schema; 2] = [Schema::Config, Schema::FrontMatter];

    /// The schema's file name under `schemas/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Schema::Config => "incidex.schema.json",
            Schema::FrontMatter => "front-matter.schema.json",
        }
    }

    /// The schema as a value.
    pub fn json(self) -> Json {
        let (title, description, body) = match self {
            Schema::Config => (
                "incidex.yaml",
                "The settings of an incidex site (incidex.yaml, at the site root).",
                config::schema(),
            ),
            Schema::FrontMatter => (
                "incidex report front matter",
                "The YAML front matter of an incidex incident report (between `---` lines at the top of the file). Values take the French or English spellings.",
                front_matter::schema(),
            ),
        };
        let Json::Object(body) = body else {
            return body;
        };
        let head = [
            ("$schema", Json::text(DRAFT)),
            ("$id", Json::text(format!("{HOME}{}", self.file_name()))),
            (
                "$comment",
                Json::text(format!(
                    "Made by `incidex schema {}` from the lists incidex reads with; do not edit.",
                    self.command_name()
                )),
            ),
            ("title", Json::text(title)),
            ("description", Json::text(description)),
        ];
        Json::Object(head.into_iter().chain(body).collect())
    }

    /// The schema's name on the command line (`incidex schema <name>`).
    pub fn command_name(self) -> &'static str {
        match self {
            Schema::Config => "config",
            Schema::FrontMatter => "front-matter",
        }
    }

    /// The schema as the text of its file: indented JSON and a final newline.
    pub fn text(self) -> String {
        // Serialising values made here cannot fail: every key is text, every number finite.
        let mut text = serde_json::to_string_pretty(&self.json()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// `{"type": …}`: one type, or a list of them.
fn types(names: &[&str]) -> Json {
    let kind = match names {
        [one] => Json::text(*one),
        many => Json::texts(many.iter().copied()),
    };
    Json::object([("type", kind)])
}

/// `schema` with its `description` first, for the editors' hover.
fn described(schema: Json, description: &str) -> Json {
    match schema {
        Json::Object(entries) => Json::Object(
            std::iter::once(("description", Json::text(description)))
                .chain(entries)
                .collect(),
        ),
        other => other,
    }
}
