//! The site's settings: incidex.yaml, checked key by key, with defaults for everything.

use std::path::{Component, Path, PathBuf};

use chrono_tz::Tz;
use serde_yaml::Value;

use crate::diagnostic::{Code, Diagnostic, Location, closest};
use crate::discover::ACTIVE_TYPES;
use crate::yaml::{YamlDoc, describe, parse_mapping};

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
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "timezone",
    "currency",
    "base_url",
    "content_dir",
    "output_dir",
    "ticket_url",
    "theme",
    "allow_raw_html",
    "private",
    "publish_types",
    "publish_active_types",
];

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
    /// of the site root. Err: the message, then the help.
    pub fn configured_output(&self) -> Result<PathBuf, (String, &'static str)> {
        match leaves_root(&self.root, &self.output_dir) {
            None => Ok(self.output_path()),
            Some(problem) => {
                let to = match problem {
                    Escape::Link(to) => format!(" through a symbolic link (to `{}`)", to.display()),
                    Escape::Absolute | Escape::Up => String::new(),
                };
                Err((
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

/// How a path of the configuration leaves the site root.
#[derive(Debug, PartialEq, Eq)]
enum Escape {
    Absolute,
    /// Through `..`.
    Up,
    /// Through a symbolic link, to this place.
    Link(PathBuf),
}

/// Where `root/incidex.yaml` points when it is a symbolic link that resolves outside the
/// site root or into a hidden entry of it (`.git/config`); None for a plain file, a link
/// inside, or no file.
fn linked_out(root: &Path) -> Option<PathBuf> {
    let path = root.join(CONFIG_FILE);
    if !std::fs::symlink_metadata(&path)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    let target = std::fs::read_link(&path).unwrap_or_default();
    let inside = std::fs::canonicalize(root).ok().and_then(|root| {
        let resolved = std::fs::canonicalize(&path).ok()?;
        let relative = resolved.strip_prefix(&root).ok()?.to_path_buf();
        let hidden = relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        (!hidden).then_some(())
    });
    inside.is_none().then_some(target)
}

/// How `path` (relative to `root`) leads outside the site root, if it does: an absolute path,
/// a `..` above the root, or a link (the longest part of it that exists, resolved, must lie
/// inside the resolved root).
fn leaves_root(root: &Path, path: &Path) -> Option<Escape> {
    if path.has_root() || path.is_absolute() {
        return Some(Escape::Absolute);
    }
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return Some(Escape::Up),
            },
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    let root = std::fs::canonicalize(root).ok()?;
    // A link that leads nowhere counts: the folder would be created where it points.
    let mut existing = root.join(path);
    while std::fs::symlink_metadata(&existing).is_err() {
        existing = existing.parent()?.to_path_buf();
    }
    match std::fs::canonicalize(&existing) {
        Ok(resolved) if resolved.starts_with(&root) => None,
        Ok(resolved) => Some(Escape::Link(resolved)),
        Err(_) => Some(Escape::Link(
            std::fs::read_link(&existing).unwrap_or(existing),
        )),
    }
}

/// Reads typed values out of the configuration, recording a diagnostic for each wrong one.
struct Reader<'a, 'd> {
    doc: &'a YamlDoc<'d>,
    file: &'a Path,
    problems: &'a mut Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    /// One key of the configuration, read into `config` when its value is valid.
    fn setting(&mut self, config: &mut Config, key: &str, value: &Value) {
        let root = config.root.clone();
        match key {
            "title" => {
                if let Some(s) = self.text(key, value) {
                    config.title = s;
                }
            }
            "description" => config.description = self.text(key, value),
            "language" => {
                if let Some(language) = self.language(key, value) {
                    config.language = language;
                }
            }
            "timezone" => {
                if let Some(tz) = self.timezone(key, value) {
                    config.timezone = tz;
                }
            }
            "currency" => {
                if let Some(code) = self.currency(key, value) {
                    config.currency = code;
                }
            }
            "base_url" => {
                if let Some(url) = self.base_url(key, value) {
                    config.base_url = Some(url);
                }
            }
            "content_dir" | "output_dir" => {
                if let Some(folder) = self.folder(&root, key, value) {
                    if key == "content_dir" {
                        config.content_dir = folder;
                    } else {
                        config.output_dir = folder;
                    }
                }
            }
            "ticket_url" => {
                if let Some(url) = self.ticket_url(key, value) {
                    config.ticket_url = Some(url);
                }
            }
            "theme" => {
                if let Some(name) = self.theme(&root, key, value) {
                    config.theme = Some(name);
                }
            }
            "publish_types" | "publish_active_types" => {
                if let Some(list) = self.list(key, value) {
                    let types = self.file_types(key, list);
                    if key == "publish_types" {
                        config.publish_types = types;
                    } else {
                        config.publish_active_types = types;
                    }
                }
            }
            "allow_raw_html" => {
                if let Some(b) = self.boolean(key, value) {
                    config.allow_raw_html = b;
                }
            }
            "private" => {
                if let Some(list) = self.list(key, value) {
                    for field in list {
                        if let Some(field) = self.private_field(key, field) {
                            config.private.push(field);
                        }
                    }
                }
            }
            _ => self.unknown_key(key),
        }
    }

    fn language(&mut self, key: &str, value: &Value) -> Option<Language> {
        let s = self.text(key, value)?;
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "fr-fr" | "french" | "français" => Some(Language::French),
            "en" | "en-us" | "en-gb" | "english" => Some(Language::English),
            _ => {
                self.invalid(
                    key,
                    format!("unsupported language `{s}`"),
                    "use `fr` or `en`",
                );
                None
            }
        }
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
                format!("`{s}` is not an absolute http(s) URL"),
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
        let help = match closest(key, KEYS.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("the keys are: {}", KEYS.join(", ")),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        Config::load(dir.path(), Path::new("incidex.yaml"))
    }

    #[test]
    fn defaults_without_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(dir.path(), Path::new("incidex.yaml")).unwrap();
        assert_eq!(c.language, Language::English);
        assert_eq!(c.timezone, Tz::UTC);
        assert_eq!(c.currency, "USD");
        assert_eq!(c.content_dir, PathBuf::from("content"));
        assert_eq!(c.output_dir, PathBuf::from("public"));
    }

    #[test]
    fn every_key_is_read() {
        let c = load(
            "title: Incidents\ndescription: Our archive\nlanguage: fr\ntimezone: Europe/Paris\ncurrency: eur\n\
             base_url: https://x.example.org/\ncontent_dir: reports\noutput_dir: site\n\
             ticket_url: https://t.example.org/{ticket}\ntheme: mine\nallow_raw_html: true\nprivate: [cost]\n",
        )
        .unwrap();
        assert_eq!(c.language, Language::French);
        assert_eq!(c.timezone, chrono_tz::Europe::Paris);
        assert_eq!(c.currency, "EUR");
        assert_eq!(c.content_dir, PathBuf::from("reports"));
        assert_eq!(
            c.ticket_url.as_deref(),
            Some("https://t.example.org/{ticket}")
        );
        assert!(c.allow_raw_html);
        assert_eq!(c.private, vec!["cost".to_string()]);
    }

    #[test]
    fn unknown_keys_and_wrong_values_are_all_reported_at_their_line() {
        let e = load("title: x\nlanguage: de\ntitel: y\ntimezone: Europe/Pariss\nallow_raw_html: yes please\n").unwrap_err();
        let lines: Vec<_> = e
            .iter()
            .map(|d| (d.location.line, d.message.clone()))
            .collect();
        assert_eq!(e.len(), 4, "{lines:?}");
        assert_eq!(e[0].location.line, 2);
        assert!(e[0].message.contains("unsupported language `de`"));
        assert_eq!(e[1].location.line, 3);
        assert_eq!(e[1].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(e[2].location.line, 4);
        assert_eq!(e[2].help.as_deref(), Some("did you mean `Europe/Paris`?"));
        assert_eq!(e[3].location.line, 5);
        assert!(e[3].message.contains("must be `true` or `false`"));
    }

    #[test]
    fn paths_must_stay_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for inside in ["content", "a/../content", "./docs/incidents", "themes/../x"] {
            assert_eq!(leaves_root(root, Path::new(inside)), None, "{inside}");
        }
        for up in ["..", "../outside", "a/../../outside", "themes/../../x"] {
            assert_eq!(leaves_root(root, Path::new(up)), Some(Escape::Up), "{up}");
        }
        assert_eq!(
            leaves_root(root, Path::new("/tmp/x")),
            Some(Escape::Absolute)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_root_counts_as_outside() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink("/nonexistent-x", dir.path().join("nowhere")).unwrap();
        let resolved = outside.path().canonicalize().unwrap();
        for path in ["out", "out/below/not/yet", "nowhere"] {
            assert!(
                matches!(
                    leaves_root(dir.path(), Path::new(path)),
                    Some(Escape::Link(_))
                ),
                "{path}"
            );
        }
        assert_eq!(
            leaves_root(dir.path(), Path::new("out")),
            Some(Escape::Link(resolved))
        );
        std::fs::write(dir.path().join(CONFIG_FILE), "content_dir: out\n").unwrap();
        let e = Config::load(dir.path(), Path::new(CONFIG_FILE)).unwrap_err();
        assert!(
            e[0].message.starts_with(
                "`content_dir: out` leads outside the site root through a symbolic link"
            ),
            "{e:?}"
        );
    }

    #[test]
    fn published_types_are_read_and_active_ones_need_their_own_key() {
        let c = load("publish_types: [YAML, .md5]\npublish_active_types: [svg]\n").unwrap();
        assert_eq!(c.publish_types, vec!["yaml", "md5"]);
        assert_eq!(c.publish_active_types, vec!["svg"]);
        let e = load("publish_types: [png, svg, \"a b\"]\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(
            e[0].message,
            "`svg` files can run script in the reader's browser"
        );
        assert_eq!((e[0].location.line, e[0].location.column), (1, 22));
        assert_eq!(e[1].message, "`a b` is not a file extension");
    }

    #[test]
    fn syntax_errors_and_bombs_are_diagnostics() {
        let e = load("title: [unclosed\n").unwrap_err();
        assert_eq!(e[0].code, Code::InvalidConfig);
        assert!(e[0].message.starts_with("invalid YAML"));
    }
}
