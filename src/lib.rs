//! incidex: validates Markdown incident reports and publishes them as a static archive.
//!
//! The pipeline runs in one direction: discover → parse → validate → model → render → write.
//! Each command is one function here over those stages.

/// Prints a line on stdout; a closed pipe (`incidex serve | head -1`) is not a reason to stop.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints a line on stderr, ignoring a closed stream.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod check;
pub mod compose;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod format;
pub mod hash;
pub mod import;
pub mod incident;
pub mod markdown;
pub mod output;
pub mod parse;
pub mod public;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod stats;
pub mod text;
pub mod theme;
pub mod values;
mod yaml;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use check::{Checked, Drafts, check_site, display_path};
use config::{CONFIG_FILE, Config};
use diagnostic::{Code, Diagnostic, Format, Location, Sources, render_all, summary_line};

/// Exit codes shared by every command (spec §8).
pub mod exit {
    /// Done; warnings may have been printed.
    pub const OK: i32 = 0;
    /// The reports need fixing.
    pub const REPORTS: i32 = 1;
    /// incidex could not do its job (usage, configuration, missing folder, write failure).
    pub const FAILURE: i32 = 2;
}

/// Options of `incidex check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub paths: Vec<PathBuf>,
    pub strict: bool,
    pub format: Format,
    pub color: bool,
}

/// Source lines for diagnostics, from the texts already read.
struct Texts(HashMap<PathBuf, SourceText>);

/// A file's text and where each of its lines starts, so that printing thousands of
/// diagnostics of one file does not split it thousands of times.
struct SourceText {
    text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    fn new(text: String) -> SourceText {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText { text, line_starts }
    }

    fn line(&self, line: usize) -> Option<String> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r').to_string())
    }
}

impl Sources for Texts {
    fn line(&self, file: &Path, line: usize) -> Option<String> {
        match self.0.get(file) {
            Some(source) => source.line(line),
            // Files that are not reports (incidex.yaml) are small and rarely shown.
            None => SourceText::new(std::fs::read_to_string(file).ok()?).line(line),
        }
    }
}

/// The texts of the reports that have diagnostics; the other texts are dropped.
fn texts_of(checked: &mut Checked) -> Texts {
    let files: std::collections::HashSet<&Path> = checked
        .diagnostics
        .iter()
        .flat_map(|d| {
            std::iter::once(d.file()).chain(d.related.iter().map(|r| r.location.file.as_path()))
        })
        .collect();
    Texts(
        checked
            .reports
            .iter_mut()
            .filter_map(|r| {
                r.text.as_ref()?;
                let wanted = files.contains(r.display.as_path());
                let text = match std::sync::Arc::get_mut(r) {
                    Some(report) => report.text.take()?,
                    // Shared with the preview's cache, which keeps its own.
                    None if wanted => r.text.clone()?,
                    None => return None,
                };
                wanted.then(|| (r.display.clone(), SourceText::new(text)))
            })
            .collect(),
    )
}

/// Loads the configuration and makes sure the content folder exists; on failure, the
/// diagnostics to print (exit 2).
pub fn load_site(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let config = Config::load(root, &display_path(&root.join(CONFIG_FILE)))?;
    let content = config.content_path();
    if !content.is_dir() {
        let shown = display_path(&content);
        return Err(vec![
            Diagnostic::new(
                Code::ContentMissing,
                Location::file(&shown),
                format!("the content folder `{}` does not exist", shown.display()),
            )
            .with_help(format!(
                "create it and write a first report from the template, e.g. `mkdir -p {}` then add `{}/2025-01-15-first-incident.md`; or set `content_dir:` in {CONFIG_FILE}",
                shown.display(),
                shown.display()
            )),
        ]);
    }
    Ok(config)
}

/// Prints diagnostics that stop a command before it starts (exit code 2).
pub fn print_fatal(diagnostics: &[Diagnostic], format: Format, color: bool) {
    let texts = Texts(HashMap::new());
    let mut err = std::io::stderr().lock();
    let _ = render_all(&mut err, diagnostics, format, &texts, color);
}

/// `incidex check`: every problem in every report, then a summary. Returns the exit code.
pub fn run_check(opts: &CheckOptions, out: &mut dyn Write) -> i32 {
    let config = match load_site(&opts.root) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_fatal(&diagnostics, opts.format, opts.color);
            return exit::FAILURE;
        }
    };
    let only = (!opts.paths.is_empty()).then_some(opts.paths.as_slice());
    let mut checked = check_site(&config, Drafts::Softened, only);
    let texts = texts_of(&mut checked);
    let _ = render_all(out, &checked.diagnostics, opts.format, &texts, opts.color);
    let summary = summary_line(checked.reports.len(), checked.errors(), checked.warnings());
    match opts.format {
        Format::Human => {
            let _ = writeln!(out, "{summary}");
        }
        _ => tell!("{summary}"),
    }
    let code = if checked.errors() > 0 || (opts.strict && checked.warnings() > 0) {
        exit::REPORTS
    } else {
        exit::OK
    };
    // As after a build: the system takes the memory back at once when the command ends.
    std::mem::forget(checked);
    code
}

/// Options of `incidex build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub output: Option<PathBuf>,
    /// Overrides every other source of the base URL.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    /// Write into a non-empty folder incidex did not create.
    pub force: bool,
    /// Leave out the fields `private:` lists (see [`public`]).
    pub public: bool,
    pub color: bool,
}

/// The site's absolute URL, first found wins: `--base-url`; on Netlify (`NETLIFY=true`) `URL` in
/// production, else `DEPLOY_PRIME_URL`; `base_url` in incidex.yaml. Always ends with `/`.
pub fn resolve_base_url(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    config: Option<&str>,
) -> Option<String> {
    let netlify = if env("NETLIFY").as_deref() == Some("true") {
        if env("CONTEXT").as_deref() == Some("production") {
            env("URL")
        } else {
            env("DEPLOY_PRIME_URL").or_else(|| env("URL"))
        }
    } else {
        None
    };
    let url = flag
        .map(str::to_string)
        .or(netlify)
        .or_else(|| config.map(str::to_string))?;
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

pub(crate) fn fatal_message(message: &str, help: Option<&str>, color: bool) {
    let (red, bold, reset) = if color {
        ("\x1b[1;31m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    tell!("{red}error{reset}{bold}: {message}{reset}");
    if let Some(help) = help {
        tell!("  = help: {help}");
    }
}

/// Why a build produced no site.
#[derive(Debug)]
pub enum BuildFailure {
    /// incidex could not do its job (configuration, theme, template): exit code 2.
    Fatal {
        diagnostics: Vec<Diagnostic>,
        message: Option<(String, Option<String>)>,
    },
    /// The reports need fixing: exit code 1. The diagnostics are in the [`Built`] report.
    Reports,
}

/// A checked site, ready to be rendered: what `build` writes and `serve` serves.
pub struct Built {
    pub config: Config,
    /// Every diagnostic of the reports (warnings, and errors when the build failed).
    pub diagnostics: Vec<Diagnostic>,
    /// Source lines for printing the diagnostics.
    sources: Texts,
    /// Valid reports published.
    pub reports: usize,
    /// Report files checked.
    pub checked: usize,
    /// The reports need fixing: nothing may be rendered.
    pub failed: bool,
    pub base_url: Option<String>,
    theme: theme::Theme,
    site: Checked,
}

impl Built {
    /// Prints the diagnostics (human format) to `out`.
    pub fn print_diagnostics(&self, out: &mut dyn Write, color: bool) {
        let _ = render_all(out, &self.diagnostics, Format::Human, &self.sources, color);
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Renders every file of the site into `sink`, reusing and refreshing `pages`.
    pub fn render(
        &mut self,
        sink: &dyn output::Sink,
        pages: Option<&mut render::PageCache>,
    ) -> Result<render::Rendered, BuildFailure> {
        if self.failed {
            return Err(BuildFailure::Reports);
        }
        let incidents: Vec<&incident::Incident> = self.site.incidents().collect();
        let inputs = render_inputs(&self.config, &self.site, &self.base_url, &incidents);
        let mut pages = pages;
        if let Some(pages) = pages.as_deref_mut() {
            // Hashed once, when each report was read.
            pages.know_hashes(
                self.site
                    .reports
                    .iter()
                    .filter_map(|r| Some((r.parsed.incident.as_ref()?, r.hash?)))
                    .map(|(incident, hash)| (incident.slug.value.clone(), hash)),
            );
        }
        render::render_site(&mut self.theme, &inputs, &incidents, pages, sink).map_err(|e| {
            let message = match e {
                render::RenderFailure::Template(e) => {
                    (format!("cannot render {}: {}", e.page, e.message), None)
                }
                render::RenderFailure::Write(e) => (
                    e.message,
                    Some(
                        e.help
                            .unwrap_or_else(|| "the previous site was left as it was".into()),
                    ),
                ),
            };
            BuildFailure::Fatal {
                diagnostics: Vec::new(),
                message: Some(message),
            }
        })
    }

    /// A hash of everything the site is made from: the incidents, the introduction, the
    /// published files (names, sizes, times), the configuration, the theme, the base URL and
    /// incidex's version. Equal hashes give identical sites.
    pub fn inputs_fingerprint(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut hasher = hash::quick_hasher();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        format!("{:?}", self.config).hash(&mut hasher);
        self.base_url.hash(&mut hasher);
        self.theme.fingerprint.hash(&mut hasher);
        let content = self.config.content_path();
        if let Some(intro) = &self.site.content.intro {
            std::fs::read(content.join(intro)).ok().hash(&mut hasher);
        }
        for asset in &self.site.content.assets {
            asset.hash(&mut hasher);
            let meta = std::fs::metadata(content.join(asset)).ok();
            meta.as_ref().map(|m| m.len()).hash(&mut hasher);
            meta.and_then(|m| m.modified().ok()).hash(&mut hasher);
        }
        let incidents: Vec<u64> = {
            use rayon::prelude::*;
            let all: Vec<&incident::Incident> = self.site.incidents().collect();
            all.par_iter().map(hash::quick_hash).collect()
        };
        incidents.hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    }

    /// Blanks the fields `private:` lists on every incident, for `build --public`; call it
    /// before rendering.
    pub fn make_public(&mut self) {
        let private = &self.config.private;
        for report in &mut self.site.reports {
            if report.parsed.incident.is_some() {
                let report = std::sync::Arc::make_mut(report);
                report.hash = None;
                if let Some(incident) = report.parsed.incident.as_mut() {
                    public::apply(private, incident);
                }
            }
        }
    }

    /// The page of the incident named `slug` alone (None when there is no such incident).
    pub fn render_incident_page(
        &mut self,
        slug: &str,
    ) -> Result<Option<output::OutputFile>, render::RenderError> {
        let incidents: Vec<&incident::Incident> = self.site.incidents().collect();
        let inputs = render_inputs(&self.config, &self.site, &self.base_url, &incidents);
        render::render_incident_page(&mut self.theme, &inputs, &incidents, slug)
    }

    /// [`Built::render`] into memory: every file, sorted by path.
    pub fn render_in_memory(
        &mut self,
        pages: Option<&mut render::PageCache>,
    ) -> Result<Vec<output::OutputFile>, BuildFailure> {
        let memory = output::Memory::default();
        self.render(&memory, pages)?;
        Ok(memory.into_files())
    }
}

/// What the renderer needs besides the incidents and the theme.
fn render_inputs<'a>(
    config: &'a Config,
    site: &'a Checked,
    base_url: &Option<String>,
    incidents: &[&incident::Incident],
) -> render::Inputs<'a> {
    let intro = site
        .content
        .intro
        .as_ref()
        .and_then(|p| std::fs::read(config.content_path().join(p)).ok())
        .and_then(|bytes| parse::decode(&bytes).ok());
    render::Inputs {
        config,
        base_url: base_url.clone(),
        intro,
        assets: &site.content.assets,
        report_slugs: incidents
            .iter()
            .map(|i| (i.source.clone(), i.slug.value.clone()))
            .collect(),
    }
}

/// Checks the site at `root`, ready to render. `Err` carries what stops a build before the
/// reports are read (no configuration, no content folder, a bad theme).
pub fn build_site(
    root: &Path,
    base_url_flag: Option<&str>,
    drafts: Drafts,
    strict: bool,
) -> Result<Built, BuildFailure> {
    build_site_cached(root, base_url_flag, drafts, strict, None)
}

/// What a rebuild can reuse from the previous one: reports whose files did not change, the
/// content folder's entries, incident pages whose incident and neighbours did not change, and
/// the theme. A change of theme or configuration must clear it.
#[derive(Default)]
pub struct BuildCache {
    pub reports: check::ReportCache,
    pub pages: render::PageCache,
    /// The last build's theme, and the configuration it was loaded for.
    theme: Option<(String, theme::Theme)>,
}

impl BuildCache {
    /// Forgets everything: after a change of theme or configuration.
    pub fn clear(&mut self) {
        self.reports.clear();
        self.pages.clear();
        self.theme = None;
    }

    /// Keeps the theme of `built` for the next build (templates are parsed once).
    pub fn keep_theme(&mut self, built: Built) {
        self.theme = Some((theme_key(&built.config), built.theme));
    }
}

/// What a theme is loaded from, besides its files.
fn theme_key(config: &Config) -> String {
    format!("{config:?}")
}

/// [`build_site`], reusing and refreshing the cache: reports, and the theme kept by
/// [`BuildCache::keep_theme`].
pub fn build_site_cached(
    root: &Path,
    base_url_flag: Option<&str>,
    drafts: Drafts,
    strict: bool,
    mut cache: Option<&mut BuildCache>,
) -> Result<Built, BuildFailure> {
    let config = load_site(root).map_err(|diagnostics| BuildFailure::Fatal {
        diagnostics,
        message: None,
    })?;
    if let Some(flag) = base_url_flag
        && !(flag.starts_with("https://") || flag.starts_with("http://"))
    {
        return Err(BuildFailure::Fatal {
            diagnostics: Vec::new(),
            message: Some((
                format!("`--base-url {flag}` is not an absolute http(s) URL"),
                Some(
                    "write the full address, e.g. `--base-url https://incidents.example.org/`"
                        .into(),
                ),
            )),
        });
    }
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let base_url = resolve_base_url(base_url_flag, &env, config.base_url.as_deref());
    let kept = cache
        .as_deref_mut()
        .and_then(|c| c.theme.take())
        .filter(|(key, _)| *key == theme_key(&config));
    let theme = match kept {
        Some((_, theme)) => theme,
        None => theme::Theme::load(&config).map_err(|e| BuildFailure::Fatal {
            diagnostics: Vec::new(),
            message: Some((format!("{}: {}", e.file.display(), e.message), None)),
        })?,
    };

    let reports = cache.map(|c| &mut c.reports);
    let mut site = check::check_site_cached(&config, drafts, None, reports);
    let sources = texts_of(&mut site);
    let failed = site.errors() > 0 || (strict && site.warnings() > 0);
    Ok(Built {
        config,
        checked: site.reports.len(),
        diagnostics: std::mem::take(&mut site.diagnostics),
        sources,
        reports: site.incidents().count(),
        failed,
        base_url,
        theme,
        site,
    })
}

/// Prints what stopped a build before the reports were read.
pub fn print_failure(failure: &BuildFailure, color: bool) {
    if let BuildFailure::Fatal {
        diagnostics,
        message,
    } = failure
    {
        print_fatal(diagnostics, Format::Human, color);
        if let Some((message, help)) = message {
            fatal_message(message, help.as_deref(), color);
        }
    }
}

/// `incidex build`: validates like `check`, then writes the whole site, or nothing at all.
/// Returns the exit code.
pub fn run_build(opts: &BuildOptions) -> i32 {
    let started = std::time::Instant::now();
    output::stop_cleanly_on_signals();
    let drafts = if opts.drafts {
        Drafts::Included
    } else {
        Drafts::Excluded
    };
    let mut built = match build_site(&opts.root, opts.base_url.as_deref(), drafts, opts.strict) {
        Ok(built) => built,
        Err(failure) => {
            print_failure(&failure, opts.color);
            return exit::FAILURE;
        }
    };
    built.print_diagnostics(&mut std::io::stderr().lock(), opts.color);
    if opts.public {
        if built.config.private.is_empty() {
            tell!(
                "warning: --public: `private` in {CONFIG_FILE} lists no field, so nothing is left out\n  = help: e.g. `private: [cost, references.logs, references.tickets]`"
            );
        }
        built.make_public();
    }
    let output = match opts
        .output
        .clone()
        .map_or_else(|| built.config.configured_output(), Ok)
    {
        Ok(output) => output,
        Err((message, help)) => {
            fatal_message(&message, Some(help), opts.color);
            return exit::FAILURE;
        }
    };
    let code = match write_built(&mut built, &output, opts.force, opts.color) {
        Some(line) => {
            say!("{line} in {:.2} s", started.elapsed().as_secs_f64());
            exit::OK
        }
        None if built.failed => exit::REPORTS,
        None if output::interrupted() => output::INTERRUPTED_EXIT_CODE,
        None => exit::FAILURE,
    };
    // The command ends here: freeing every parsed report one by one would only delay the exit
    // (about 15 ms for 10,000 reports); the system takes the memory back at once.
    std::mem::forget(built);
    code
}

/// Renders a built site into `output` and returns the summary line; on failure prints why
/// and returns None, leaving the previous site as it was.
pub fn write_built(built: &mut Built, output: &Path, force: bool, color: bool) -> Option<String> {
    if built.failed {
        let warnings = built.diagnostics.len() - built.errors();
        tell!(
            "{}; nothing was written",
            summary_line(built.checked, built.errors(), warnings)
        );
        return None;
    }
    if let Err(e) = output::guard(output, &built.config, force) {
        fatal_message(&e.message, e.help.as_deref(), color);
        return None;
    }
    // What an interrupted or killed build left goes first, even when nothing changed since.
    if let Err(e) = output::clear_leftovers(output) {
        fatal_message(
            &format!(
                "cannot remove `{}`, left by an interrupted build: {e}",
                output.join(output::STAGING).display()
            ),
            Some("remove it, then build again"),
            color,
        );
        return None;
    }
    let inputs = built.inputs_fingerprint();
    if let Some((files, pages)) = output::unchanged_build(output, &inputs) {
        warn_without_base_url(built);
        return Some(format!(
            "{} built: {pages} pages in {}: nothing changed since the last build (0 files written, {files} unchanged, 0 removed)",
            plural(built.reports, "report"),
            display_path(output).display(),
        ));
    }
    let staging = match output::Staging::new(output) {
        Ok(staging) => staging,
        Err(e) => {
            fatal_message(&e.message, e.help.as_deref(), color);
            return None;
        }
    };
    let rendered = match built.render(&staging, None) {
        Ok(rendered) => rendered,
        Err(failure) => {
            // The staging folder is removed before the user reads that the site is whole.
            drop(staging);
            print_failure(&failure, color);
            return None;
        }
    };
    if let Some(replaced) = staging.replaced() {
        tell!(
            "note: --force: writing into `{}`, which incidex did not create; files of other names are kept; {} replaced{}",
            display_path(output).display(),
            plural(replaced.len(), "file"),
            if replaced.is_empty() {
                String::new()
            } else {
                format!(": {}", replaced.join(", "))
            }
        );
    }
    warn_without_base_url(built);
    let summary = match staging.commit() {
        Ok(summary) => summary,
        Err(e) => {
            fatal_message(&e.message, e.help.as_deref(), color);
            return None;
        }
    };
    for warning in &summary.warnings {
        tell!("warning: {warning}");
    }
    output::remember_inputs(output, &inputs);
    Some(format!(
        "{} built: {} pages in {} ({} written, {} unchanged, {} removed)",
        plural(built.reports, "report"),
        rendered.pages,
        display_path(output).display(),
        plural(summary.written, "file"),
        summary.unchanged,
        summary.removed,
    ))
}

fn warn_without_base_url(built: &Built) {
    if built.base_url.is_none() {
        tell!(
            "warning: no base URL: canonical links, feeds and the sitemap are left out\n  = help: set `base_url` in {CONFIG_FILE} or pass `--base-url https://…`"
        );
    }
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_base_url_comes_from_the_flag_then_netlify_then_the_config() {
        let netlify_prod = env_of(&[
            ("NETLIFY", "true"),
            ("CONTEXT", "production"),
            ("URL", "https://prod.example.org"),
            ("DEPLOY_PRIME_URL", "https://preview--x.netlify.app"),
        ]);
        let netlify_preview = env_of(&[
            ("NETLIFY", "true"),
            ("CONTEXT", "deploy-preview"),
            ("URL", "https://prod.example.org"),
            ("DEPLOY_PRIME_URL", "https://preview--x.netlify.app"),
        ]);
        let nothing = env_of(&[]);
        assert_eq!(
            resolve_base_url(
                Some("https://flag.example.org"),
                &netlify_prod,
                Some("https://c.example.org/")
            )
            .as_deref(),
            Some("https://flag.example.org/")
        );
        assert_eq!(
            resolve_base_url(None, &netlify_prod, Some("https://c.example.org/")).as_deref(),
            Some("https://prod.example.org/")
        );
        assert_eq!(
            resolve_base_url(None, &netlify_preview, Some("https://c.example.org/")).as_deref(),
            Some("https://preview--x.netlify.app/")
        );
        assert_eq!(
            resolve_base_url(None, &nothing, Some("https://c.example.org/sub")).as_deref(),
            Some("https://c.example.org/sub/")
        );
        assert_eq!(resolve_base_url(None, &nothing, None), None);
    }
}
