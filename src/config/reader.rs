//! Reads typed values out of incidex.yaml, one setting at a time, recording a diagnostic for
//! each wrong one.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde_yaml::Value;

use super::ACTIVE_TYPES;
use super::paths::{Escape, leaves_root};
use super::{
    CONFIG_FILE, Config, LANGUAGE_NAMES, Language, Links, PRIVATE_FIELDS, Setting, THEMES_DIR,
};
use crate::diagnostic::{Code, Diagnostic, Location, closest};
use crate::yaml::{YamlDoc, describe};

/// Reads typed values out of the configuration, recording a diagnostic for each wrong one.
pub(super) struct Reader<'a, 'd> {
    pub(super) doc: &'a YamlDoc<'d>,
    pub(super) file: &'a Path,
    pub(super) problems: &'a mut Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    /// One key of the configuration, read into `config` when its value is valid.
    pub(super) fn setting(&mut self, config: &mut Config, key: &str, value: &Value) {
        let root = config.root.clone();
        let Some(setting) = Setting::named(key) else {
            self.unknown_key(key);
            return;
        };
        match setting {
            Setting::Title => {
                if let Some(s) = self.text(key, value) {
                    config.title = s;
                }
            }
            Setting::Description => config.description = self.text(key, value),
            Setting::Language => {
                if let Some(language) = self.language(key, value) {
                    config.language = language;
                }
            }
            Setting::Timezone => {
                if let Some(tz) = self.timezone(key, value) {
                    config.timezone = tz;
                }
            }
            Setting::Currency => {
                if let Some(code) = self.currency(key, value) {
                    config.currency = code;
                }
            }
            Setting::BaseUrl => {
                if let Some(url) = self.base_url(key, value) {
                    config.base_url = Some(url);
                }
            }
            Setting::ContentDir | Setting::OutputDir => {
                if let Some(folder) = self.folder(&root, key, value) {
                    if setting == Setting::ContentDir {
                        config.content_dir = folder;
                    } else {
                        config.output_dir = folder;
                    }
                }
            }
            Setting::TicketUrl => {
                if let Some(url) = self.ticket_url(key, value) {
                    config.ticket_url = Some(url);
                }
            }
            Setting::Theme => {
                if let Some(name) = self.theme(&root, key, value) {
                    config.theme = Some(name);
                }
            }
            Setting::PublishTypes | Setting::PublishActiveTypes => {
                if let Some(list) = self.list(key, value) {
                    let types = self.file_types(key, list);
                    if setting == Setting::PublishTypes {
                        config.publish_types = types;
                    } else {
                        config.publish_active_types = types;
                    }
                }
            }
            Setting::AllowRawHtml => {
                if let Some(allowed) = self.boolean(key, value) {
                    config.allow_raw_html = allowed && self.sanitiser_built(key);
                }
            }
            Setting::Links => {
                if let Some(links) = self.links(key, value) {
                    config.links = links;
                }
            }
            Setting::Private => {
                if let Some(list) = self.list(key, value) {
                    for field in list {
                        if let Some(field) = self.private_field(key, field) {
                            config.private.push(field);
                        }
                    }
                }
            }
            Setting::Services => {
                if let Some((services, keys)) = self.services(key, value) {
                    config.services = services;
                    config.service_keys = keys;
                }
            }
            Setting::ActionDueDays => config.action_due_days = self.action_due_days(key, value),
        }
    }

    /// Whether this binary can sanitise raw HTML (the `raw-html` feature): `allow_raw_html: true`
    /// in one that cannot is an error, which says how to get one that can.
    fn sanitiser_built(&mut self, key: &str) -> bool {
        if cfg!(feature = "raw-html") {
            return true;
        }
        self.invalid(
            key,
            "`allow_raw_html: true` needs incidex built with the `raw-html` feature".to_string(),
            &format!(
                "install it with `cargo install --locked --git {} --tag v{} --features raw-html incidex` (release binaries and the Docker image have it), or remove the line to show raw HTML as text",
                env!("CARGO_PKG_REPOSITORY"),
                env!("CARGO_PKG_VERSION"),
            ),
        );
        false
    }

    fn language(&mut self, key: &str, value: &Value) -> Option<Language> {
        let s = self.text(key, value)?;
        let name = s.trim().to_ascii_lowercase();
        match LANGUAGE_NAMES.iter().find(|(n, _)| *n == name) {
            Some((_, language)) => Some(*language),
            None => {
                self.invalid(
                    key,
                    format!("unsupported language `{s}`"),
                    "use `fr` or `en`",
                );
                None
            }
        }
    }

    fn links(&mut self, key: &str, value: &Value) -> Option<Links> {
        let s = self.text(key, value)?;
        let links = Links::named(&s);
        if links.is_none() {
            self.invalid(
                key,
                format!("unknown link style `{s}`"),
                "use `pretty` (links to folders, for a web server) or `file` (links to their `index.html`, for an archive opened from disk)",
            );
        }
        links
    }

    fn timezone(&mut self, key: &str, value: &Value) -> Option<Tz> {
        let s = self.text(key, value)?;
        match s.trim().parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
                let help = match closest(&s, names) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => "use an IANA time zone name such as `Europe/Paris`, `America/New_York` or `UTC`".into(),
                };
                self.invalid(key, format!("unknown time zone `{s}`"), &help);
                None
            }
        }
    }

    fn currency(&mut self, key: &str, value: &Value) -> Option<String> {
        let s = self.text(key, value)?;
        let code = s.trim().to_ascii_uppercase();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(code)
        } else {
            self.invalid(
                key,
                format!("`{s}` is not an ISO 4217 currency code"),
                "use a three-letter code such as `USD`, `EUR` or `GBP`",
            );
            None
        }
    }

    fn base_url(&mut self, key: &str, value: &Value) -> Option<String> {
        let s = self.text(key, value)?;
        let s = s.trim().to_string();
        if s.starts_with("https://") || s.starts_with("http://") {
            Some(s)
        } else {
            self.invalid(
                key,
                format!("`{s}` is not an absolute address starting with `https://` or `http://`"),
                "write the full address, e.g. `https://incidents.example.org/`",
            );
            None
        }
    }

    /// `content_dir` or `output_dir`: a folder inside the site root.
    fn folder(&mut self, root: &Path, key: &str, value: &Value) -> Option<PathBuf> {
        let s = self.text(key, value)?;
        if s.trim().is_empty() {
            self.invalid(
                key,
                format!("`{key}` is empty"),
                "name a folder, relative to the site root",
            );
            None
        } else if let Some(problem) = leaves_root(root, Path::new(s.trim())) {
            self.outside_root(key, s.trim(), problem);
            None
        } else {
            Some(PathBuf::from(s.trim()))
        }
    }

    fn ticket_url(&mut self, key: &str, value: &Value) -> Option<String> {
        let s = self.text(key, value)?;
        if s.contains("{ticket}") {
            Some(s.trim().to_string())
        } else {
            self.invalid(
                key,
                "`ticket_url` has no `{ticket}` in it".to_string(),
                "mark where the ticket number goes, e.g. `https://tracker.example.org/browse/{ticket}`",
            );
            None
        }
    }

    /// The theme's name: its folder, `themes/<name>/`, must be inside the site root.
    fn theme(&mut self, root: &Path, key: &str, value: &Value) -> Option<String> {
        let name = self.text(key, value)?;
        let folder = Path::new(THEMES_DIR).join(&name);
        match leaves_root(root, &folder) {
            Some(problem) => {
                self.outside_root(key, &name, problem);
                None
            }
            None => Some(name),
        }
    }

    /// One item of `private:`: a field that can be made private.
    fn private_field(&mut self, key: &str, field: String) -> Option<String> {
        if PRIVATE_FIELDS.contains(&field.as_str()) {
            return Some(field);
        }
        let help = match closest(&field, PRIVATE_FIELDS.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("private fields are: {}", PRIVATE_FIELDS.join(", ")),
        };
        let span = self.doc.item_span(key, &field);
        self.problems.push(
            Diagnostic::new(
                Code::InvalidConfig,
                Location::new(self.file, span.line, span.column, span.len),
                format!("`{field}` is not a field that can be made private"),
            )
            .with_help(help),
        );
        None
    }

    fn unknown_key(&mut self, key: &str) {
        let help = match closest(key, Setting::keys()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!(
                "the keys are: {}",
                Setting::keys().collect::<Vec<_>>().join(", ")
            ),
        };
        let span = self.doc.key_span(&[key]);
        self.problems.push(
            Diagnostic::new(
                Code::InvalidConfig,
                Location::new(self.file, span.line, span.column, span.len),
                format!("unknown key `{key}` in {CONFIG_FILE}"),
            )
            .with_help(help),
        );
    }

    fn location(&self, key: &str) -> Location {
        let span = self.doc.value_span(&[key]);
        Location::new(self.file, span.line, span.column, span.len)
    }

    fn invalid(&mut self, key: &str, message: String, help: &str) {
        let location = self.location(key);
        self.problems
            .push(Diagnostic::new(Code::InvalidConfig, location, message).with_help(help));
    }

    /// A path of the configuration that would read or write outside the site root.
    fn outside_root(&mut self, key: &str, value: &str, problem: Escape) {
        let message = match problem {
            Escape::Absolute => format!("`{key}: {value}` is an absolute path"),
            Escape::Up => format!("`{key}: {value}` leads outside the site root"),
            Escape::Link(to) => format!(
                "`{key}: {value}` leads outside the site root through a symbolic link (to `{}`)",
                to.display()
            ),
        };
        let help = if key == "theme" {
            "name a folder of `themes/` in the site root, e.g. `theme: mine` for `themes/mine/`"
        } else {
            "name a folder inside the site root; a folder elsewhere can be given on the command line (`--root`, `--output`)"
        };
        self.invalid(key, message, help);
    }

    /// The file types of `list`, checked one by one: lower case, without the dot; a type that
    /// can run script is refused in `publish_types`.
    fn file_types(&mut self, key: &str, list: Vec<String>) -> Vec<String> {
        let mut types = Vec::new();
        for item in list {
            let kind = item.trim().trim_start_matches('.').to_ascii_lowercase();
            let span = self.doc.item_span(key, &item);
            let location = Location::new(self.file, span.line, span.column, span.len);
            let problem = if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_alphanumeric()) {
                Some((
                    format!("`{item}` is not a file extension"),
                    "write extensions without the dot, e.g. `[yaml, md5]`".to_string(),
                ))
            } else if key == "publish_types" && ACTIVE_TYPES.contains(&kind.as_str()) {
                Some((
                    format!("`{kind}` files can run script in the reader's browser"),
                    format!(
                        "to publish them all the same, list `{kind}` under `publish_active_types` (read README, “Published files”, first)"
                    ),
                ))
            } else {
                None
            };
            match problem {
                Some((message, help)) => self
                    .problems
                    .push(Diagnostic::new(Code::InvalidConfig, location, message).with_help(help)),
                None => types.push(kind),
            }
        }
        types
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Value) {
        let location = self.location(key);
        self.problems.push(Diagnostic::new(
            Code::InvalidConfig,
            location,
            format!("`{key}` must be {expected}, found {}", describe(value)),
        ));
    }

    fn text(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => {
                self.wrong_type(key, "text", value);
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, value: &Value) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(key, "`true` or `false`", value);
                None
            }
        }
    }

    fn list(&mut self, key: &str, value: &Value) -> Option<Vec<String>> {
        match value {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        other => {
                            self.wrong_type(key, "a list of texts", other);
                            return None;
                        }
                    }
                }
                Some(out)
            }
            Value::Null => Some(Vec::new()),
            _ => {
                self.wrong_type(key, "a list, e.g. `[cost, references.logs]`", value);
                None
            }
        }
    }
}
