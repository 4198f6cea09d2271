//! The site's settings: incidex.yaml, checked key by key, with defaults for everything.

mod due_days;
mod paths;
mod reader;
mod services;
mod settings;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::diagnostic::{Code, Diagnostic, Fatal, Location};
use crate::incident::Severity;
use crate::yaml::parse_mapping;
use paths::{Escape, leaves_root, linked_out};
use reader::Reader;
pub use settings::{LANGUAGE_NAMES, SLO_BOUNDS, ServiceSetting, Setting};

/// Types that can run script when opened from the site (HTML, SVG, XML and its styles,
/// JavaScript, pages a server may execute): published only when `publish_active_types` names
/// them, never through `publish_types`.
pub const ACTIVE_TYPES: &[&str] = &[
    "html", "htm", "shtml", "shtm", "xhtml", "xht", "mht", "mhtml", "js", "mjs", "cjs", "svg",
    "svgz", "xml", "xsl", "xslt", "rss", "atom", "rdf", "mml", "swf", "php", "phtml", "asp",
    "aspx", "jsp", "cgi",
];

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "incidex.yaml";

/// The folder of the site root that holds the themes, `themes/<name>/`.
pub const THEMES_DIR: &str = "themes";

/// The language of the site's labels, dates and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    French,
    English,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::French => "fr",
            Language::English => "en",
        }
    }
}

/// How a page links to another page, which is a folder's `index.html`: `pretty` writes the
/// folder (`stats/`), for a web server that answers with its `index.html`; `file` writes the
/// file (`stats/index.html`), for an archive opened from disk, where a folder link would show
/// the folder's listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Links {
    #[default]
    Pretty,
    File,
}

impl Links {
    /// Every style, by its name in incidex.yaml and on the command line.
    pub const NAMES: [(&'static str, Links); 2] =
        [("pretty", Links::Pretty), ("file", Links::File)];

    /// The style named `name` (`pretty`, `file`), whatever its case.
    pub fn named(name: &str) -> Option<Links> {
        Links::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, links)| *links)
    }
}

/// A service the reports may name, described in incidex.yaml under `services:` (by its slug,
/// the URL name its reports' `Services` values take).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceConfig {
    /// The name shown for the service; without it, the name its newest report writes.
    pub name: Option<String>,
    /// The availability objective in percent (`99.9`), strictly between 0 and 100.
    pub slo: Option<f64>,
}

/// Where a service of `services:` is written in incidex.yaml: its key as written (`API
/// publique`) and the place of that key, for the warning about a service no report names.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceKey {
    pub written: String,
    pub location: Location,
}

/// Per severity, the days from an incident's start to the due date of its action items that
/// state none (`action_due_days:`); None leaves such items without a due date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionDueDays {
    /// Critical, high, medium, low.
    days: [Option<u32>; 4],
}

impl ActionDueDays {
    /// The days given to items of a `severity` incident.
    pub fn of(&self, severity: Severity) -> Option<u32> {
        let i = Severity::ALL.iter().position(|&s| s == severity)?;
        self.days[i]
    }

    pub fn set(&mut self, severity: Severity, days: u32) {
        if let Some(i) = Severity::ALL.iter().position(|&s| s == severity) {
            self.days[i] = Some(days);
        }
    }
}

/// Fields that `private:` may list, left out of public builds.
pub use crate::public::PRIVATE_FIELDS;

/// Every setting of a site, defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (holds incidex.yaml and the content folder).
    pub root: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub language: Language,
    pub timezone: Tz,
    /// ISO 4217 code for amounts written without a currency.
    pub currency: String,
    pub base_url: Option<String>,
    /// Relative to `root` unless absolute.
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    /// A URL with `{ticket}`, e.g. `https://tracker.example.org/browse/{ticket}`.
    pub ticket_url: Option<String>,
    pub theme: Option<String>,
    pub allow_raw_html: bool,
    pub private: Vec<String>,
    /// File types published besides the passive ones, lower case, without the dot.
    pub publish_types: Vec<String>,
    /// Types that can run script, published all the same (an explicit opt-in).
    pub publish_active_types: Vec<String>,
    /// Links to folders, or to their `index.html` (`build --links` overrides it).
    pub links: Links,
    /// The services described in incidex.yaml, by slug.
    pub services: BTreeMap<String, ServiceConfig>,
    /// Where each service of `services` is written, by slug (also those whose settings are
    /// wrong).
    pub service_keys: BTreeMap<String, ServiceKey>,
    /// The due date of action items that state none, by severity.
    pub action_due_days: ActionDueDays,
}

impl Config {
    /// The defaults for a site at `root` without incidex.yaml.
    pub fn defaults(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            title: "Incidents".into(),
            description: None,
            language: Language::English,
            timezone: Tz::UTC,
            currency: "USD".into(),
            base_url: None,
            content_dir: PathBuf::from("content"),
            output_dir: PathBuf::from("public"),
            ticket_url: None,
            theme: None,
            allow_raw_html: false,
            private: Vec::new(),
            publish_types: Vec::new(),
            publish_active_types: Vec::new(),
            links: Links::Pretty,
            services: BTreeMap::new(),
            service_keys: BTreeMap::new(),
            action_due_days: ActionDueDays::default(),
        }
    }

    /// The content folder, resolved against the root.
    pub fn content_path(&self) -> PathBuf {
        self.root.join(&self.content_dir)
    }

    /// The output folder, resolved against the root.
    pub fn output_path(&self) -> PathBuf {
        self.root.join(&self.output_dir)
    }

    /// The output folder when the command line names none: `output_dir` was checked when
    /// read, but the default `public` may be a link committed in the repository, leading out
    /// of the site root.
    pub fn configured_output(&self) -> Result<PathBuf, Fatal> {
        match leaves_root(&self.root, &self.output_dir) {
            None => Ok(self.output_path()),
            Some(problem) => {
                let to = match problem {
                    Escape::Link(to) => format!(" through a symbolic link (to `{}`)", to.display()),
                    Escape::Absolute | Escape::Up => String::new(),
                };
                Err(Fatal::with_help(
                    format!(
                        "the output folder `{}` leads outside the site root{to}",
                        self.output_dir.display()
                    ),
                    "remove the link, or name the folder to write on the command line (`--output`)",
                ))
            }
        }
    }

    /// Reads `root/incidex.yaml` if it exists. `display` is how to name the file in messages.
    /// Every problem is reported at once.
    pub fn load(root: &Path, display: &Path) -> Result<Config, Vec<Diagnostic>> {
        let mut config = Config::defaults(root);
        let Some(text) = read_config_file(root, display)? else {
            return Ok(config);
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let doc = parse_mapping(text, display, 1, Code::InvalidConfig).map_err(|d| vec![*d])?;
        let mut problems = Vec::new();
        let mut reader = Reader {
            doc: &doc,
            file: display,
            problems: &mut problems,
        };
        for (key, value) in doc.entries() {
            reader.setting(&mut config, &key, value);
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }
}

/// The text of `root/incidex.yaml`; None when there is no such file. A link out of the site
/// root, a file that is not UTF-8 or cannot be read is an error.
fn read_config_file(root: &Path, display: &Path) -> Result<Option<String>, Vec<Diagnostic>> {
    if let Some(target) = linked_out(root) {
        // Its lines would be quoted in the messages: a link to `/proc/self/environ` or
        // `.git/config` would print the CI's secrets.
        return Err(vec![
            Diagnostic::new(
                Code::InvalidConfig,
                Location::file(display),
                format!(
                    "{CONFIG_FILE} is a symbolic link to `{}`, outside the site root or into a hidden folder: it is not read",
                    target.display()
                ),
            )
            .with_help(format!("write the configuration in {CONFIG_FILE} itself, in the site root")),
        ]);
    }
    match std::fs::read(root.join(CONFIG_FILE)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(e) => Err(vec![Diagnostic::new(
                Code::InvalidConfig,
                Location::file(display),
                format!(
                    "{CONFIG_FILE} is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ),
            )]),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(vec![Diagnostic::new(
            Code::InvalidConfig,
            Location::file(display),
            format!("cannot read {CONFIG_FILE}: {e}"),
        )]),
    }
}
