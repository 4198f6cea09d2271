//! The theme: templates, static files and labels, built in and overridable per site.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tera::Tera;

use crate::config::Config;

/// The default theme, compiled into the binary so incidex works anywhere.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "templates/home.html",
        include_str!("../themes/default/templates/home.html"),
    ),
    (
        "templates/incidents-table.html",
        include_str!("../themes/default/templates/incidents-table.html"),
    ),
    (
        "templates/incident-row.html",
        include_str!("../themes/default/templates/incident-row.html"),
    ),
    (
        "templates/listing.html",
        include_str!("../themes/default/templates/listing.html"),
    ),
    (
        "templates/incident.html",
        include_str!("../themes/default/templates/incident.html"),
    ),
    (
        "templates/stats.html",
        include_str!("../themes/default/templates/stats.html"),
    ),
    (
        "templates/service-months.html",
        include_str!("../themes/default/templates/service-months.html"),
    ),
    (
        "templates/actions.html",
        include_str!("../themes/default/templates/actions.html"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "templates/redirect.html",
        include_str!("../themes/default/templates/redirect.html"),
    ),
    (
        "templates/taxonomy.html",
        include_str!("../themes/default/templates/taxonomy.html"),
    ),
    (
        "static/style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "static/filter.js",
        include_str!("../themes/default/static/filter.js"),
    ),
    (
        "static/actions.js",
        include_str!("../themes/default/static/actions.js"),
    ),
    (
        "static/favicon.svg",
        include_str!("../themes/default/static/favicon.svg"),
    ),
    (
        "i18n/en.yaml",
        include_str!("../themes/default/i18n/en.yaml"),
    ),
    (
        "i18n/fr.yaml",
        include_str!("../themes/default/i18n/fr.yaml"),
    ),
];

/// A static file to publish under `static/`, with its fingerprinted name.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// `static/style.3f2a9c1e.css`
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Templates parsed once, static files and the labels of the site's language.
pub struct Theme {
    pub tera: Tera,
    /// Keyed by their name in the theme (`style.css`).
    pub statics: BTreeMap<String, StaticFile>,
    /// The labels of `i18n/<lang>.yaml`.
    pub labels: Value,
    /// The text labels again, by their dotted path (`severity.critical`): a page asks for
    /// dozens, faster found in one table than map by map.
    texts: HashMap<String, String, ahash::RandomState>,
    /// A hash of every file of the theme: a build whose inputs did not change is skipped.
    pub fingerprint: u64,
    /// What the templates' global context was last filled for (see `render`).
    pub globals_for: Option<String>,
    /// The files of the site's theme that differ from the built-in one (`templates/base.html`).
    replaced: BTreeSet<String>,
    /// The site's theme, `themes/<name>/`, if any.
    site_theme: Option<String>,
}

/// The files of the site's theme `themes/<name>/`, laid over `files` (by their path in the
/// theme); `replaced` gets those that differ from the built-in ones.
fn read_site_theme(
    config: &Config,
    name: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
    replaced: &mut BTreeSet<String>,
) -> Result<(), ThemeError> {
    let dir = config.root.join("themes").join(name);
    if !dir.is_dir() {
        return Err(ThemeError {
            file: dir,
            message: format!("the theme folder for `theme: {name}` does not exist"),
        });
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ThemeError {
            file: dir.clone(),
            message: e.to_string(),
        })?;
        if !entry.file_type().is_file()
            || crate::discover::is_ignored(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let key = rel.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(entry.path()).map_err(|e| ThemeError {
            file: entry.path().to_path_buf(),
            message: format!("cannot read: {e}"),
        })?;
        if files.get(&key) != Some(&bytes) {
            replaced.insert(key.clone());
        }
        files.insert(key, bytes);
    }
    Ok(())
}

/// The theme's `templates/`, parsed once; `site_theme` names the site's theme and the files
/// it replaces, for the messages.
fn templates(
    files: &BTreeMap<String, Vec<u8>>,
    site_theme: Option<(&str, &BTreeSet<String>)>,
) -> Result<Tera, ThemeError> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut templates = Vec::new();
    for (path, bytes) in files {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes.clone()).map_err(|_| ThemeError {
                file: PathBuf::from(path),
                message: "not valid UTF-8".into(),
            })?;
            templates.push((name.to_string(), text));
        }
    }
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(&error_chain(&e), site_theme))?;
    Ok(tera)
}

/// A template that does not compile (see [`template_message`]).
fn template_error(tera_message: &str, site_theme: Option<(&str, &BTreeSet<String>)>) -> ThemeError {
    let (file, message) = template_message(tera_message, site_theme);
    ThemeError {
        file: PathBuf::from(file.unwrap_or_else(|| "templates".to_string())),
        message: match message.contains(" --> ") {
            true => format!("the template cannot be compiled: {message}"),
            false => message,
        },
    }
}

/// Tera's message about a template, with the template named by its path from the site root
/// when it is the site's (`themes/<name>/templates/home.html`), as `templates/<name>` of the
/// built-in theme otherwise, instead of Tera's bare name in ` --> home.html:1:54`; Tera's
/// own "error: " left out. Also that path, when the message gives a place.
fn template_message(
    tera_message: &str,
    site_theme: Option<(&str, &BTreeSet<String>)>,
) -> (Option<String>, String) {
    let message = tera_message.strip_prefix("error: ").unwrap_or(tera_message);
    let name = message
        .split_once(" --> ")
        .and_then(|(_, place)| place.split_once(':'))
        .map(|(name, _)| name.to_string());
    let Some(name) = name else {
        return (None, message.to_string());
    };
    let key = format!("templates/{name}");
    let (file, shown) = match site_theme {
        Some((theme, replaced)) if replaced.contains(&key) => {
            let path = format!("{}/{theme}/{key}", crate::config::THEMES_DIR);
            (path.clone(), path)
        }
        _ => (key.clone(), format!("{key} (built-in)")),
    };
    let message = message.replacen(&format!(" --> {name}:"), &format!(" --> {file}:"), 1);
    (Some(shown), message)
}

/// The labels of the site's language. A site's label file is laid over the built-in one: it
/// may change a few labels without repeating the others, and a label it forgets still has a
/// value.
fn labels(config: &Config, files: &BTreeMap<String, Vec<u8>>) -> Result<Value, ThemeError> {
    let lang_file = format!("i18n/{}.yaml", config.language.code());
    let read_labels = |bytes: &[u8]| -> Result<Value, ThemeError> {
        serde_yaml::from_str(&String::from_utf8_lossy(bytes)).map_err(|e| ThemeError {
            file: PathBuf::from(&lang_file),
            message: e.to_string(),
        })
    };
    let built_in = BUILT_IN
        .iter()
        .find(|(p, _)| *p == lang_file)
        .map(|(_, c)| c.as_bytes())
        .unwrap_or_default();
    let mut labels = read_labels(built_in)?;
    if let Some(site) = files.get(&lang_file).filter(|b| b.as_slice() != built_in) {
        merge(&mut labels, read_labels(site)?);
    }
    Ok(labels)
}

/// Why a theme could not be loaded (exit code 2).
#[derive(Debug)]
pub struct ThemeError {
    pub file: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for ThemeError {}

impl Theme {
    /// Loads the built-in theme, with the site's `themes/<name>/` files replacing built-in ones
    /// of the same path and adding new ones.
    pub fn load(config: &Config) -> Result<Theme, ThemeError> {
        let mut files: BTreeMap<String, Vec<u8>> = BUILT_IN
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect();
        let mut replaced = BTreeSet::new();
        if let Some(name) = &config.theme {
            read_site_theme(config, name, &mut files, &mut replaced)?;
        }

        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            files.hash(&mut hasher);
            hasher.finish()
        };
        let site_theme = config.theme.as_deref().map(|name| (name, &replaced));
        let tera = templates(&files, site_theme)?;
        let statics = files
            .iter()
            .filter_map(|(path, bytes)| {
                let name = path.strip_prefix("static/")?;
                Some((
                    name.to_string(),
                    StaticFile {
                        path: fingerprinted(name, bytes),
                        bytes: bytes.clone(),
                    },
                ))
            })
            .collect();
        let labels = labels(config, &files)?;
        let mut texts = HashMap::default();
        flatten(&labels, &mut String::new(), &mut texts);
        Ok(Theme {
            tera,
            statics,
            texts,
            labels,
            fingerprint,
            globals_for: None,
            replaced,
            site_theme: config.theme.clone(),
        })
    }

    /// Why `template` could not be rendered, from Tera's error: the template named by its path
    /// from the site root (see [`template_message`]).
    pub fn render_error(&self, template: &str, error: &tera::Error) -> String {
        let site_theme = self.site_theme.as_deref().map(|n| (n, &self.replaced));
        let (file, message) = template_message(&error_chain(error), site_theme);
        let file = file.unwrap_or_else(|| match site_theme {
            Some((theme, replaced)) if replaced.contains(&format!("templates/{template}")) => {
                format!("{}/{theme}/templates/{template}", crate::config::THEMES_DIR)
            }
            _ => format!("templates/{template} (built-in)"),
        });
        format!("template {file}: {message}")
    }

    /// A label by its path in the i18n file (`["severity", "critical"]`); the path itself when
    /// missing, so a gap shows in the page instead of failing the build.
    pub fn label(&self, path: &[&str]) -> String {
        let mut key = String::with_capacity(64);
        for (n, part) in path.iter().enumerate() {
            if n > 0 {
                key.push('.');
            }
            key.push_str(part);
        }
        if let Some(text) = self.texts.get(&key) {
            return text.clone();
        }
        let mut value = &self.labels;
        for key in path {
            match value.get(key) {
                Some(v) => value = v,
                None => return path.join("."),
            }
        }
        match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// Whether the theme's file at `path` (`templates/base.html`) is the built-in one.
    pub fn is_built_in(&self, path: &str) -> bool {
        !self.replaced.contains(path) && BUILT_IN.iter().any(|(p, _)| *p == path)
    }

    /// The label at a dotted path (`incident.back`) when it is text; None when it is missing
    /// or another kind of value (which Tera prints its own way).
    pub fn text_label(&self, dotted: &str) -> Option<&str> {
        self.texts.get(dotted).map(String::as_str)
    }

    /// The published path of a static file (`static/style.3f2a9c1e.css`).
    pub fn static_path(&self, name: &str) -> String {
        self.statics
            .get(name)
            .map(|s| s.path.clone())
            .unwrap_or_else(|| format!("static/{name}"))
    }
}

/// Puts every text label of `labels` into `texts` by its dotted path (`prefix` is the path so
/// far); a key holding a dot is left out (looked up map by map instead).
fn flatten(
    labels: &Value,
    prefix: &mut String,
    texts: &mut HashMap<String, String, ahash::RandomState>,
) {
    match labels {
        Value::String(text) => {
            texts.insert(prefix.clone(), text.clone());
        }
        Value::Object(map) => {
            for (key, value) in map.iter().filter(|(k, _)| !k.contains('.')) {
                let length = prefix.len();
                if length > 0 {
                    prefix.push('.');
                }
                prefix.push_str(key);
                flatten(value, prefix, texts);
                prefix.truncate(length);
            }
        }
        _ => {}
    }
}

/// Lays `over` onto `base`, map by map.
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
}

/// `style.css` → `static/style.3f2a9c1e.css`: a name that changes with the content, so
/// browsers may cache it forever.
fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = crate::hash::content_hash(bytes);
    match Path::new(name).extension() {
        Some(ext) => {
            let stem = &name[..name.len() - ext.len() - 1];
            format!("static/{stem}.{hash:08x}.{}", ext.to_string_lossy())
        }
        None => format!("static/{name}.{hash:08x}"),
    }
}

/// A Tera error with its causes, on one line.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_labels_are_laid_over_the_built_in_ones() {
        let mut base = serde_json::json!({"nav": {"home": "Home", "stats": "Statistics"}, "ongoing": "ongoing"});
        merge(&mut base, serde_json::json!({"nav": {"stats": "Figures"}}));
        assert_eq!(
            base,
            serde_json::json!({"nav": {"home": "Home", "stats": "Figures"}, "ongoing": "ongoing"})
        );
    }

    #[test]
    fn a_site_theme_overrides_templates_and_labels() {
        let dir = tempfile::tempdir().unwrap();
        let theme = dir.path().join("themes/mine");
        std::fs::create_dir_all(theme.join("templates")).unwrap();
        std::fs::create_dir_all(theme.join("i18n")).unwrap();
        std::fs::write(
            theme.join("templates/404.html"),
            "custom {{ t.page.not_found }}",
        )
        .unwrap();
        std::fs::write(
            theme.join("i18n/en.yaml"),
            "page:\n  not_found: Lost\ndraft: 3\n\"a.b\": dotted\n",
        )
        .unwrap();
        let mut config = Config::defaults(dir.path());
        config.theme = Some("mine".into());
        let theme = Theme::load(&config).unwrap();
        assert_eq!(theme.label(&["page", "not_found"]), "Lost");
        assert_eq!(theme.label(&["draft"]), "3", "not text");
        assert_eq!(theme.text_label("draft"), None, "not text");
        assert_eq!(theme.text_label("page.not_found"), Some("Lost"));
        assert_eq!(theme.label(&["a.b"]), "dotted", "a key with a dot");
        assert_eq!(
            theme.label(&["severity", "critical"]),
            "Critical",
            "built-in labels remain"
        );
        assert_eq!(theme.label(&["severity", "unknown"]), "severity.unknown");
        assert_eq!(
            theme.label(&["severity"]),
            r#"{"critical":"Critical","high":"High","low":"Low","medium":"Medium"}"#
        );
        let mut ctx = tera::Context::new();
        ctx.insert("t", &theme.labels);
        assert_eq!(theme.tera.render("404.html", &ctx).unwrap(), "custom Lost");
        config.theme = Some("missing".into());
        assert!(Theme::load(&config).is_err());
    }

    #[test]
    fn fingerprints_change_with_content() {
        let a = fingerprinted("style.css", b"body{}");
        let b = fingerprinted("style.css", b"body{ }");
        assert!(a.starts_with("static/style.") && a.ends_with(".css"), "{a}");
        assert_ne!(a, b);
        assert_eq!(a, fingerprinted("style.css", b"body{}"));
    }
}
