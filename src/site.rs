//! A site checked and ready to render: opening it (incidex.yaml, the content folder), checking
//! its reports, rendering it, and writing it whole into the output folder.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::{self, Checked, Drafts, check_site, display_path};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Code, Diagnostic, Format, Location, Sources, render_all};
use crate::error::{BuildError, Fatal, SiteError};
use crate::reporter::{Notice, Reporter};
use crate::{hash, incident, output, parse, public, render, theme};

/// Source lines for diagnostics, from the texts already read; other files (incidex.yaml) are
/// read when a diagnostic shows one of their lines.
#[derive(Default)]
pub struct Texts(HashMap<PathBuf, SourceText>);

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
/// diagnostics that say why.
pub fn load_site(root: &Path) -> Result<Config, SiteError> {
    let config = Config::load(root, &display_path(&root.join(CONFIG_FILE)))
        .map_err(|diagnostics| SiteError { diagnostics })?;
    let content = config.content_path();
    if !content.is_dir() {
        let shown = display_path(&content);
        return Err(SiteError {
            diagnostics: vec![Diagnostic::new(
                Code::ContentMissing,
                Location::file(&shown),
                format!("the content folder `{}` does not exist", shown.display()),
            )
            .with_help(format!(
                "create it and write a first report from the template, e.g. `mkdir -p {}` then add `{}/2025-01-15-first-incident.md`; or set `content_dir:` in {CONFIG_FILE}",
                shown.display(),
                shown.display()
            ))],
        });
    }
    Ok(config)
}

/// The reports of a site, checked, with the source lines their diagnostics show.
pub struct CheckedSite {
    pub checked: Checked,
    pub texts: Texts,
}

impl CheckedSite {
    /// Writes every diagnostic to `out` in `format`.
    pub fn write_diagnostics(
        &self,
        out: &mut dyn Write,
        format: Format,
        color: bool,
    ) -> std::io::Result<()> {
        render_all(out, &self.checked.diagnostics, format, &self.texts, color)
    }
}

/// `incidex check`'s work: every report of the site at `root` (or only those below `only`)
/// checked, drafts softened.
pub fn check_reports(root: &Path, only: Option<&[PathBuf]>) -> Result<CheckedSite, SiteError> {
    let config = load_site(root)?;
    let mut checked = check_site(&config, Drafts::Softened, only);
    let texts = texts_of(&mut checked);
    Ok(CheckedSite { checked, texts })
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
    /// Writes the diagnostics (human format) to `out`.
    pub fn write_diagnostics(&self, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
        render_all(out, &self.diagnostics, Format::Human, &self.sources, color)
    }

    /// The source lines the diagnostics show.
    pub fn sources(&self) -> &dyn Sources {
        &self.sources
    }

    /// The valid incidents published.
    pub fn incidents(&self) -> impl Iterator<Item = &incident::Incident> {
        self.site.incidents()
    }

    /// The theme the site is rendered with.
    pub fn theme(&self) -> &theme::Theme {
        &self.theme
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Renders every file of the site into `sink`, reusing and refreshing `pages`.
    pub fn render(
        &mut self,
        sink: &dyn output::Sink,
        pages: Option<&mut render::PageCache>,
    ) -> Result<render::Rendered, BuildError> {
        if self.failed {
            return Err(BuildError::Reports);
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
            BuildError::Fatal(match e {
                render::RenderFailure::Template(e) => Fatal::new(e.to_string()),
                render::RenderFailure::Write(e) => Fatal {
                    message: e.message,
                    help: Some(
                        e.help
                            .unwrap_or_else(|| "the previous site was left as it was".into()),
                    ),
                },
            })
        })
    }

    /// A hash of everything the site is made from: the incidents, the introduction, the
    /// published files (names, sizes, times), the configuration, the theme, the base URL and
    /// incidex's version and executable. Equal hashes give identical sites.
    pub fn inputs_fingerprint(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut hasher = hash::quick_hasher();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        // The executable itself (size and time): a new build of incidex with the same version
        // number (a developer's, or one installed from git) may write other pages.
        let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
        exe.as_ref().map(|m| m.len()).hash(&mut hasher);
        exe.and_then(|m| m.modified().ok()).hash(&mut hasher);
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
    ) -> Result<Vec<output::OutputFile>, BuildError> {
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
) -> Result<Built, BuildError> {
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
) -> Result<Built, BuildError> {
    let config = load_site(root)?;
    if let Some(flag) = base_url_flag
        && !(flag.starts_with("https://") || flag.starts_with("http://"))
    {
        return Err(BuildError::Fatal(Fatal::with_help(
            format!(
                "`--base-url {flag}` is not an absolute address starting with `https://` or `http://`"
            ),
            "write the full address, e.g. `--base-url https://incidents.example.org/`",
        )));
    }
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let base_url = resolve_base_url(base_url_flag, &env, config.base_url.as_deref());
    let kept = cache
        .as_deref_mut()
        .and_then(|c| c.theme.take())
        .filter(|(key, _)| *key == theme_key(&config));
    let theme = match kept {
        Some((_, theme)) => theme,
        None => theme::Theme::load(&config).map_err(|e| Fatal::new(e.to_string()))?,
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

/// What writing a site into its output folder did.
#[derive(Debug)]
pub enum Written {
    /// Nothing changed since the last build: no file was written.
    Unchanged {
        /// Files of the site, all unchanged.
        files: usize,
        pages: usize,
    },
    /// The site was written: every file in place.
    Written {
        pages: usize,
        summary: output::WriteSummary,
    },
}

/// Renders a built site into `output`, whole or not at all: on failure the previous site is
/// left as it was. What is worth knowing on the way (files `--force` replaced, no base URL, the
/// writer's warnings) goes to `reporter` as it comes.
pub fn write_site(
    built: &mut Built,
    output: &Path,
    force: bool,
    reporter: &dyn Reporter,
) -> Result<Written, BuildError> {
    if built.failed {
        return Err(BuildError::Reports);
    }
    if output::interrupted() {
        return Err(BuildError::Interrupted(None));
    }
    write_checked_site(built, output, force, reporter).map_err(|e| match e {
        BuildError::Fatal(e) if output::interrupted() => BuildError::Interrupted(Some(e)),
        e => e,
    })
}

/// [`write_site`] once the reports are known to be fine.
fn write_checked_site(
    built: &mut Built,
    output: &Path,
    force: bool,
    reporter: &dyn Reporter,
) -> Result<Written, BuildError> {
    output::guard(output, &built.config, force).map_err(Fatal::from)?;
    // What an interrupted or killed build left goes first, even when nothing changed since.
    output::clear_leftovers(output).map_err(|e| {
        Fatal::with_help(
            format!(
                "cannot remove `{}`, left by an interrupted build: {e}",
                output.join(output::STAGING).display()
            ),
            "remove it, then build again",
        )
    })?;
    let inputs = built.inputs_fingerprint();
    if let Some((files, pages)) = output::unchanged_build(output, &inputs) {
        notice_base_url(built, reporter);
        return Ok(Written::Unchanged { files, pages });
    }
    let staging = output::Staging::new(output).map_err(Fatal::from)?;
    let rendered = match built.render(&staging, None) {
        Ok(rendered) => rendered,
        Err(failure) => {
            // The staging folder is removed before the user reads that the site is whole.
            drop(staging);
            return Err(failure);
        }
    };
    if let Some(replaced) = staging.replaced() {
        reporter.notice(Notice::Replaced {
            output,
            files: &replaced,
        });
    }
    notice_base_url(built, reporter);
    let summary = staging.commit().map_err(Fatal::from)?;
    for warning in &summary.warnings {
        reporter.notice(Notice::OutputWarning(warning));
    }
    output::remember_inputs(output, &inputs);
    Ok(Written::Written {
        pages: rendered.pages,
        summary,
    })
}

fn notice_base_url(built: &Built, reporter: &dyn Reporter) {
    if built.base_url.is_none() {
        reporter.notice(Notice::NoBaseUrl);
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
