//! `incidex init` (start an archive: settings, an example report, Netlify and CI files) and
//! `incidex new` (a report from the team's template, ready to fill in).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::check::display_path;
use crate::config::{CONFIG_FILE, Config, Language};
use crate::diagnostic::closest;
use crate::discover::discover;
use crate::error::{ArchiveError, Fatal};
use crate::incident::{Kind, SectionKind, Severity};
use crate::parse::Field;
use crate::text::slugify;
use crate::values::{DateError, parse_date};

pub mod ci_files;
use ci_files::{netlify_file, workflow_file};

/// The site at `root`, for commands that write reports into it: incidex.yaml must exist and be
/// valid, and the content folder must exist; else says how to start.
pub(crate) fn open_site(root: &Path) -> Result<Config, ArchiveError> {
    if !root.join(CONFIG_FILE).is_file() {
        let shown = display_path(root);
        let shown = if shown.as_os_str().is_empty() {
            ".".to_string()
        } else {
            shown.display().to_string()
        };
        return Err(ArchiveError::Fatal(Fatal::with_help(
            format!("no {CONFIG_FILE} in `{shown}`: it is not an incident archive"),
            "start one here with `incidex init`, or name the archive's folder with `--root DIR`",
        )));
    }
    Ok(crate::site::load_site(root)?)
}

/// Writes `text` to a new file at `path`, never replacing one.
pub(crate) fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let written = file.write_all(text.as_bytes());
    if written.is_err() {
        // Only the file this call created is removed.
        let _ = std::fs::remove_file(path);
    }
    written
}

// ----- incidex new -----

/// Options of `incidex new`.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    pub root: PathBuf,
    pub title: Option<String>,
    pub severity: Option<String>,
    pub kind: Option<String>,
    /// The start as the author writes it; default: now in the site's time zone.
    pub date: Option<String>,
}

/// What a new report says; `None` leaves the template's placeholder.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// `2025-01-15 14:30`.
    pub date: String,
    pub title: Option<String>,
    pub kind: Option<Kind>,
    pub severity: Option<Severity>,
}

/// The team's template (the seed document's `Template d'Incident`, or its English
/// translation) with the date, and the title, type and severity when given.
pub fn template(draft: &Draft, language: Language) -> String {
    let english = language == Language::English;
    let pick = |fr: &'static str, en: &'static str| if english { en } else { fr };
    let colon = pick(" :", ":");
    let section = |kind: SectionKind| {
        if english {
            kind.english()
        } else {
            kind.french()
        }
    };
    let mut out = format!("## Incident {}", draft.date);
    if let Some(title) = &draft.title {
        out.push_str(" — ");
        out.push_str(title);
        if title.ends_with('#') {
            // A trailing `#` would be read as the heading's closing sequence.
            out.push_str(" #");
        }
    }
    out.push_str("\n\n");
    let kind = match draft.kind {
        Some(k) => pick(k.french(), k.english()),
        None => pick(
            "[Downtime / Erreur / Sécurité / Performance / Coût]",
            "[Downtime / Error / Security / Performance / Cost]",
        ),
    };
    let severity = match draft.severity {
        Some(s) => pick(s.french(), s.english()),
        None => pick(
            "[Critique / Haute / Moyenne / Basse]",
            "[Critical / High / Medium / Low]",
        ),
    };
    let fields = [
        ("Type", kind),
        (pick("Sévérité", "Severity"), severity),
        (
            pick("Durée", "Duration"),
            pick("[X minutes/heures]", "[X minutes/hours]"),
        ),
        (
            pick("Impact utilisateurs", "User impact"),
            pick("[Oui/Non - Description]", "[Yes/No - Description]"),
        ),
    ];
    for (label, value) in fields {
        out.push_str(&format!("**{label}{colon}** {value}\n"));
    }
    // Optional, empty: the services affected (comma-separated), what set the incident off (one
    // of seven words), then the slugs or file names of related incidents, if any.
    out.push_str(&format!("**Services{colon}**\n"));
    out.push_str(&format!("**{}{colon}**\n", pick("Déclencheur", "Trigger")));
    out.push_str(&format!("**{}{colon}**\n", pick("Liés", "Related")));
    let bodies = section_bodies(english);
    for (kind, body) in bodies {
        out.push_str(&format!("\n### {}\n{body}\n", section(kind)));
    }
    out
}

/// The template's sections and the placeholder text under each.
fn section_bodies(english: bool) -> [(SectionKind, &'static str); 7] {
    let pick = |fr: &'static str, en: &'static str| if english { en } else { fr };
    [
        (
            SectionKind::Cause,
            pick(
                "[Description détaillée de la cause racine]",
                "[Detailed description of the root cause]",
            ),
        ),
        (
            SectionKind::Symptoms,
            pick(
                "- [Symptôme 1]\n- [Symptôme 2]",
                "- [Symptom 1]\n- [Symptom 2]",
            ),
        ),
        (
            SectionKind::ImmediateActions,
            pick(
                "1. [Action prise immédiatement]\n2. [Action prise immédiatement]",
                "1. [Action taken immediately]\n2. [Action taken immediately]",
            ),
        ),
        (
            SectionKind::Resolution,
            pick(
                "[Description de la résolution appliquée]",
                "[Description of the resolution applied]",
            ),
        ),
        (
            SectionKind::Prevention,
            pick(
                "[Mesures mises en place pour éviter récurrence]",
                "[Measures taken to prevent a recurrence]",
            ),
        ),
        (
            SectionKind::CostImpact,
            pick(
                "- **Temps d'indisponibilité :** [X heures]\n- **Coût perdu :** [Si applicable]\n- **Coût résolution :** [Si applicable]",
                "- **Downtime:** [X hours]\n- **Lost cost:** [If applicable]\n- **Resolution cost:** [If applicable]",
            ),
        ),
        (
            SectionKind::References,
            pick(
                "- Logs : [Lien vers logs pertinents]\n- Dashboard : [Lien vers métriques]\n- Tickets : [Numéros de tickets si applicable]",
                "- Logs: [Link to the relevant logs]\n- Dashboard: [Link to the metrics]\n- Tickets: [Ticket numbers if applicable]",
            ),
        ),
    ]
}

/// A value given on the command line, read like the report would read it. A misspelling gets
/// the closest value, as `check` gives it: in the site's language.
fn read_choice<T: Copy>(
    text: &str,
    what: &str,
    field: Field,
    english: bool,
    parse: fn(&str) -> Option<T>,
    names: fn(T) -> (&'static str, &'static str),
    spellings: &mut dyn Iterator<Item = &'static str>,
) -> Result<T, Fatal> {
    parse(text).ok_or_else(|| {
        let help = match closest(text, spellings).and_then(parse).map(names) {
            Some((fr, en)) => format!("did you mean `{}`?", if english { en } else { fr }),
            None => format!("write one of {}", field.expected(english)),
        };
        Fatal::with_help(
            format!(
                "unknown {what} `{text}`: expected {}",
                field.expected(english)
            ),
            help,
        )
    })
}

/// The draft `incidex new` writes, from its options; on a bad value, the message and a help.
fn draft_of(opts: &NewOptions, config: &Config) -> Result<Draft, Fatal> {
    let english = config.language == Language::English;
    let severity = opts
        .severity
        .as_deref()
        .map(|s| {
            read_choice(
                s,
                "severity",
                Field::Severity,
                english,
                Severity::parse,
                |s| (s.french(), s.english()),
                &mut Severity::spellings(),
            )
        })
        .transpose()?;
    let kind = opts
        .kind
        .as_deref()
        .map(|s| {
            read_choice(
                s,
                "incident type",
                Field::Type,
                english,
                Kind::parse,
                |k| (k.french(), k.english()),
                &mut Kind::spellings(),
            )
        })
        .transpose()?;
    let title = match opts.title.as_deref().map(str::trim) {
        None => None,
        Some("") => {
            return Err(Fatal::with_help(
                "`--title` is empty",
                "give a short title, e.g. `--title \"Panne DNS\"`, or leave the option out",
            ));
        }
        Some(t) if t.contains(['\n', '\r']) => {
            return Err(Fatal::with_help(
                "`--title` holds a line break",
                "a title is one line",
            ));
        }
        Some(t) => Some(t.to_string()),
    };
    let date = match opts.date.as_deref().map(str::trim) {
        Some(text) => match parse_date(text, config.timezone) {
            Ok(_) => text.to_string(),
            Err(DateError::Invalid(e) | DateError::Nonexistent(e)) => {
                return Err(Fatal::with_help(
                    format!("`--date {text}`: {}", e.message),
                    e.help
                        .unwrap_or_else(|| "write it like `2025-01-15 14:30`".into()),
                ));
            }
        },
        None => Utc::now()
            .with_timezone(&config.timezone)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    };
    Ok(Draft {
        date,
        title,
        kind,
        severity,
    })
}

/// `2025-01-15-panne-dns.md` (`2025-01-15-incident.md` without a title).
fn new_file_name(draft: &Draft, config: &Config) -> String {
    let day = parse_date(&draft.date, config.timezone)
        .map(|(ts, _)| ts.instant.naive_local().format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| draft.date.chars().take(10).collect());
    let slug = draft
        .title
        .as_deref()
        .map(slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "incident".to_string());
    format!("{day}-{slug}.md")
}

/// `incidex new`'s work: writes a report from the template into the content folder and
/// returns its path. Never replaces a file, nor a report of the same URL name.
pub fn new_report(opts: &NewOptions) -> Result<PathBuf, ArchiveError> {
    let config = open_site(&opts.root)?;
    let draft = draft_of(opts, &config)?;
    let content = config.content_path();
    let name = new_file_name(&draft, &config);
    let path = content.join(&name);
    let slug = slugify(name.trim_end_matches(".md"));
    let in_the_way = discover(&content).reports.into_iter().find(|r| {
        r.file_name().is_some_and(|n| n.to_string_lossy() == name)
            || r.file_stem()
                .is_some_and(|s| slugify(&s.to_string_lossy()) == slug)
    });
    if let Some(existing) = in_the_way {
        return Err(ArchiveError::Fatal(Fatal::with_help(
            format!(
                "`{}` already exists: it was not overwritten",
                display_path(&content.join(existing)).display()
            ),
            "open it to go on with that report, or give this incident another `--title`",
        )));
    }
    write_new(&path, &template(&draft, config.language)).map_err(|e| {
        Fatal::new(if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "`{}` already exists: it was not overwritten",
                display_path(&path).display()
            )
        } else {
            format!("cannot write `{}`: {e}", display_path(&path).display())
        })
    })?;
    Ok(path)
}

// ----- incidex init -----

/// Options of `incidex init`.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to start the archive in (created when missing).
    pub dir: PathBuf,
    pub language: Language,
}

/// The settings file of a new archive: every key, documented, at its default value.
pub fn config_file(language: Language) -> String {
    format!(
        r#"# yaml-language-server: $schema={schema}
# The settings of this incident archive. Every key is optional: the values below are the
# defaults (commented keys have none), except `language`, chosen by `incidex init --language`.
# See the `incidex.yaml` section of incidex's README; the first line lets an editor with the
# YAML language server check this file against incidex's JSON Schema.

# The site's title, shown in the page header and the browser tab.
title: "Incidents"

# One line shown on the home page and in the pages' description.
# description: "Production incidents of our services."

# Language of the site's labels, dates and numbers: fr or en (reports may be written in either).
language: {language}

# IANA time zone of the dates written without an offset (`Europe/Paris`, `America/New_York`);
# also the months of the statistics page.
timezone: UTC

# ISO 4217 code of the amounts written without a currency symbol or code.
currency: USD

# The published address, for canonical links, feeds and the sitemap. On Netlify it is taken
# from the deploy (URL, DEPLOY_PRIME_URL); without one, every link stays relative.
# base_url: "https://incidents.example.org/"

# The reports' folder, relative to this file.
content_dir: content

# Where `incidex build` writes the site, relative to this file.
output_dir: public

# How pages link to each other: pretty (`stats/`, for a web server) or file (`stats/index.html`,
# for an archive opened from disk, e.g. sent as a zip; `incidex build --links file` does the same).
links: pretty

# Link pattern of the tickets of the References section; {{ticket}} becomes e.g. INC-1042.
# ticket_url: "https://tracker.example.org/browse/{{ticket}}"

# A folder themes/<name>/ whose files override those of the built-in theme.
# theme: custom

# Keep (sanitised) raw HTML written in reports, instead of showing it as text (needs incidex
# built with the `raw-html` feature, as the release binaries are).
allow_raw_html: false

# Fields left out of the published site: cost, cost.downtime, cost.lost, cost.resolution,
# references, references.logs, references.dashboard, references.tickets, services, trigger,
# factors, tags, user_impact.
private: []

# The services the reports name (`**Services :** api`), each by the name they write: `name` is
# shown instead of it, `slo` is its monthly availability objective in percent, against which the
# statistics page measures its error budget. A service that no report names is a warning.
# services: {{api: {{name: "API publique", slo: 99.9}}}}
"#,
        language = language.code(),
        schema = config_schema_url(),
    )
}

/// Where the JSON Schema of `incidex.yaml` is published for this version of incidex (the file
/// `incidex schema config` prints, committed under `schemas/` at the version's tag).
fn config_schema_url() -> String {
    let repository = ci_files::REPOSITORY.replace("https://github.com/", "");
    format!(
        "https://raw.githubusercontent.com/{repository}/v{}/schemas/incidex.schema.json",
        env!("CARGO_PKG_VERSION")
    )
}

const EXAMPLE_FR: &str = "## Incident 2025-03-02 09:10 — Certificat TLS expiré

**Type :** Downtime
**Sévérité :** Haute
**Durée :** 2h40
**Impact utilisateurs :** Oui - API injoignable en HTTPS

Rapport d'exemple écrit par `incidex init` : remplacez-le par vos propres incidents
(`incidex new`, ou `incidex import` pour un journal d'incidents existant).

### Cause
Le certificat était renouvelé par le challenge HTTP-01 sur le port 80, que la migration
du reverse proxy a laissé fermé : le renouvellement échouait chaque jour sans alerte.

### Symptômes
- Toutes les requêtes HTTPS échouent avec `certificate has expired`
- Health check externe en échec à partir de 09:12

### Actions Immédiates
1. Confirmé l'expiration avec `openssl s_client`
2. Ouvert le port 80 et forcé le renouvellement (`certbot renew --force-renewal`)

### Résolution
Nouveau certificat en place ; passage au challenge DNS-01, indépendant du pare-feu.

### Prévention
- Alerte d'expiration à J-21 et J-7
- Échec du renouvellement remonté dans l'alerting

### Coût Impact
- **Temps d'indisponibilité :** 2h40
- **Coût perdu :** ~$45 (crédits remboursés à 3 clients)
- **Coût résolution :** N/A

### Références
- Logs : `journalctl -u certbot.timer` sur proxy-01
- Dashboard : https://grafana.example.org/d/blackbox/endpoints
- Tickets : INC-1087
";

const EXAMPLE_EN: &str = "## Incident 2025-03-02 09:10 — TLS certificate expired

**Type:** Downtime
**Severity:** High
**Duration:** 2h40
**User impact:** Yes - API unreachable over HTTPS

An example report written by `incidex init`: replace it with your own incidents
(`incidex new`, or `incidex import` for an existing incident log).

### Root cause
The certificate was renewed through the HTTP-01 challenge on port 80, which the reverse
proxy's migration left closed: the renewal failed every day without an alert.

### Symptoms
- Every HTTPS request fails with `certificate has expired`
- The external health check fails from 09:12

### Immediate actions
1. Confirmed the expiry with `openssl s_client`
2. Opened port 80 and forced the renewal (`certbot renew --force-renewal`)

### Resolution
A new certificate is in place; the renewal now uses the DNS-01 challenge, which no firewall blocks.

### Prevention
- Expiry alerts 21 and 7 days ahead
- Renewal failures sent to the alerting

### Cost impact
- **Downtime:** 2h40
- **Lost cost:** ~$45 (credits refunded to 3 customers)
- **Resolution cost:** N/A

### References
- Logs: `journalctl -u certbot.timer` on proxy-01
- Dashboard: https://grafana.example.org/d/blackbox/endpoints
- Tickets: INC-1087
";

const INTRO_FR: &str = "# Incidents de production

Cette archive rassemble les rapports d'incident de l'équipe, un fichier par incident,
écrits à partir du modèle : cause, symptômes, actions immédiates, résolution,
prévention et coût.

Pour ajouter un rapport : `incidex new --title \"Titre court\"`, remplissez chaque
`[texte entre crochets]`, puis `incidex check` et `incidex serve` pour relire la page.
";

const INTRO_EN: &str = "# Production incidents

This archive holds the team's incident reports, one file per incident, written from
the template: cause, symptoms, immediate actions, resolution, prevention and cost.

To add a report: `incidex new --title \"Short title\"`, fill in every
`[bracketed text]`, then `incidex check` and `incidex serve` to read the page.
";

/// The files of a new archive: path relative to its folder, text, and what it is for.
pub fn archive_files(language: Language) -> Vec<(&'static str, String, &'static str)> {
    let english = language == Language::English;
    vec![
        (
            CONFIG_FILE,
            config_file(language),
            "the settings, every key documented",
        ),
        (
            "content/_index.md",
            (if english { INTRO_EN } else { INTRO_FR }).to_string(),
            "the introduction on the home page",
        ),
        (
            if english {
                "content/2025-03-02-0910-tls-certificate-expired.md"
            } else {
                "content/2025-03-02-0910-certificat-tls-expire.md"
            },
            (if english { EXAMPLE_EN } else { EXAMPLE_FR }).to_string(),
            "an example report: replace it with yours",
        ),
        (
            "netlify.toml",
            netlify_file(),
            "Netlify: installs incidex (cached), builds, security headers",
        ),
        (
            ".github/workflows/incidents.yml",
            workflow_file(),
            "GitHub Actions: `incidex check` on pull requests, `build` on main",
        ),
        (
            ".gitignore",
            "/public/\n/.cache/\n".to_string(),
            "the built site and Netlify's installed incidex are not committed",
        ),
    ]
}

/// What is in `dir` that makes it unfit for a new archive (a `.git` folder alone is fine).
fn entries_in_the_way(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.retain(|n| n != ".git");
    names.sort();
    Ok(names)
}

/// What `incidex init` wrote: each file's path in the archive and what it is for.
pub type Started = Vec<(&'static str, String, &'static str)>;

/// `incidex init`'s work: starts an archive in an empty (or new) folder; the files written.
pub fn start_archive(dir: &Path, language: Language) -> Result<Started, Fatal> {
    if dir.exists() {
        may_start_in(dir)?;
    }
    let files = archive_files(language);
    for (relative, text, _) in &files {
        let path = dir.join(relative);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| write_new(&path, text));
        if let Err(e) = written {
            return Err(Fatal::with_help(
                format!("cannot write `{}`: {e}", display_path(&path).display()),
                "the files written before it were left in place",
            ));
        }
    }
    Ok(files)
}

/// `dir` as the user knows it (`.` for the current folder).
pub fn shown_dir(dir: &Path) -> PathBuf {
    let shown = display_path(dir);
    if shown.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        shown
    }
}

/// Whether an archive may start in the existing `dir`: a folder, empty (a `.git` aside).
fn may_start_in(dir: &Path) -> Result<(), Fatal> {
    let shown = shown_dir(dir);
    if !dir.is_dir() {
        return Err(Fatal::with_help(
            format!("`{}` is a file, not a folder", shown.display()),
            "name a new or empty folder: `incidex init incidents`",
        ));
    }
    match entries_in_the_way(dir) {
        Ok(names) if names.is_empty() => Ok(()),
        Ok(names) => {
            const SHOWN: usize = 8;
            let mut listed = names
                .iter()
                .take(SHOWN)
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if names.len() > SHOWN {
                listed.push_str(&format!(" and {} more", names.len() - SHOWN));
            }
            Err(Fatal::with_help(
                format!(
                    "`{}` is not empty ({listed}): nothing was written",
                    shown.display()
                ),
                "start the archive in a new folder: `incidex init incidents`",
            ))
        }
        Err(e) => Err(Fatal::new(format!(
            "cannot read `{}`: {e}",
            shown.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Context, parse_report};

    fn context() -> Context {
        Context {
            timezone: chrono_tz::Tz::UTC,
            currency: "USD".into(),
        }
    }

    #[test]
    fn every_optional_key_of_the_settings_is_documented_and_valid() {
        // Uncommenting the example values must give a valid file that sets every key (the
        // first line is the editor's schema comment, no key).
        let dir = tempfile::tempdir().unwrap();
        let uncommented: String = config_file(Language::French)
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if !rest.starts_with("yaml-language-server:")
                        && rest
                            .split_once(": ")
                            .is_some_and(|(k, _)| !k.contains(' ') && k.len() > 1) =>
                {
                    rest.to_string()
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(dir.path().join(CONFIG_FILE), uncommented).unwrap();
        let config = Config::load(dir.path(), Path::new(CONFIG_FILE)).expect("valid settings");
        assert_eq!(config.language, Language::French);
        assert!(config.description.is_some());
        assert!(config.base_url.is_some());
        assert!(config.ticket_url.is_some());
        assert!(config.theme.is_some());
        let api = &config.services["api"];
        assert_eq!(api.name.as_deref(), Some("API publique"));
        assert_eq!(api.slo, Some(99.9));
    }

    #[test]
    fn the_settings_name_the_schema_of_this_version_for_editors() {
        let first = config_file(Language::English)
            .lines()
            .next()
            .map(String::from);
        let expected = format!(
            "# yaml-language-server: $schema=https://raw.githubusercontent.com/incidex/incidex/v{}/schemas/incidex.schema.json",
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(first, Some(expected));
    }

    #[test]
    fn the_template_in_each_language_has_only_placeholder_errors() {
        for language in [Language::French, Language::English] {
            let draft = Draft {
                date: "2025-01-15 14:30".into(),
                ..Draft::default()
            };
            let text = template(&draft, language);
            let parsed = parse_report(&text, Path::new("x.md"), Path::new("x.md"), &context());
            let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(!errors.is_empty(), "{language:?}");
            assert!(
                errors
                    .iter()
                    .all(|d| d.code == crate::diagnostic::Code::Placeholder),
                "{language:?}: {errors:#?}"
            );
        }
    }

    #[test]
    fn a_filled_in_template_is_a_valid_report() {
        for language in [Language::French, Language::English] {
            let draft = Draft {
                date: "2025-01-15 14:30".into(),
                title: Some("Panne #".into()),
                kind: Some(Kind::Security),
                severity: Some(Severity::High),
            };
            let text = template(&draft, language);
            // Every remaining placeholder replaced by a value of its kind.
            let filled = text
                .replace("[X minutes/heures]", "25 minutes")
                .replace("[X minutes/hours]", "25 minutes")
                .replace("[X heures]", "2 heures")
                .replace("[X hours]", "2 hours")
                .replace("[Oui/Non - Description]", "Oui")
                .replace("[Yes/No - Description]", "Yes")
                .replace("[Si applicable]", "N/A")
                .replace("[If applicable]", "N/A")
                .replace(['[', ']'], "");
            let parsed = parse_report(&filled, Path::new("x.md"), Path::new("x.md"), &context());
            let incident = parsed
                .incident
                .unwrap_or_else(|| panic!("{language:?}: {:#?}", parsed.diagnostics));
            assert_eq!(incident.title.unwrap().value, "Panne #");
            assert_eq!(incident.kind.value, Kind::Security);
            assert_eq!(incident.severity.value, Severity::High);
            // The empty `**Services :**`, `**Déclencheur :**` and `**Liés :**` lines say nothing.
            assert!(incident.services.is_empty(), "{language:?}");
            assert!(incident.trigger.is_none(), "{language:?}");
            assert!(incident.related.is_empty(), "{language:?}");
            assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
        }
    }

    #[test]
    fn the_example_report_is_valid_in_each_language() {
        for language in [Language::French, Language::English] {
            let (_, text, _) = archive_files(language)
                .into_iter()
                .find(|(p, _, _)| p.starts_with("content/2"))
                .unwrap();
            let parsed = parse_report(&text, Path::new("x.md"), Path::new("x.md"), &context());
            assert!(parsed.incident.is_some(), "{:#?}", parsed.diagnostics);
            assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
        }
    }

    #[test]
    fn a_misspelt_severity_gets_a_suggestion() {
        let config = Config {
            language: Language::French,
            ..Config::defaults(Path::new("."))
        };
        let opts = NewOptions {
            severity: Some("Critcal".into()),
            ..NewOptions::default()
        };
        let Fatal { message, help } = draft_of(&opts, &config).unwrap_err();
        assert!(message.contains("`Critcal`"), "{message}");
        assert_eq!(help.unwrap(), "did you mean `Critique`?");
        let english = Config {
            language: Language::English,
            ..config
        };
        let Fatal { help, .. } = draft_of(&opts, &english).unwrap_err();
        assert_eq!(help.unwrap(), "did you mean `Critical`?");
    }
}
