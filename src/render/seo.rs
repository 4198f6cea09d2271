//! What search engines read: `sitemap.xml` (every page, absolute URLs) and `robots.txt`.

use std::collections::HashSet;
use std::sync::Mutex;

use super::feeds::{newest_timestamp, rfc3339, xml_escape};
use super::{Counting, OutputFile, RenderFailure, Renderer, Sink};
use crate::incident::Incident;
use crate::output::OutputError;

/// A sink that passes every file on and remembers the paths of the HTML pages.
pub(super) struct Recorder<'a> {
    sink: &'a dyn Sink,
    pages: Mutex<Vec<String>>,
}

impl<'a> Recorder<'a> {
    pub(super) fn new(sink: &'a dyn Sink) -> Self {
        Recorder {
            sink,
            pages: Mutex::new(Vec::new()),
        }
    }

    /// The pages recorded so far (`index.html` paths from the site root), sorted.
    pub(super) fn pages(&self) -> Vec<String> {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner()).clone();
        pages.sort();
        pages
    }
}

impl Sink for Recorder<'_> {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        if file.path.ends_with(".html") {
            self.pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(file.path.clone());
        }
        self.sink.put(file)
    }
}

impl Renderer<'_> {
    /// `sitemap.xml` (with a base URL) and `robots.txt` (always; naming the sitemap when there
    /// is one). The sitemap lists `pages` but the 404 page and the aliases' redirects; an
    /// incident page's `lastmod` is its incident's latest timestamp, other pages have none
    /// (they change with every report, and a build never writes its own date).
    pub(super) fn sitemap(
        &self,
        incidents: &[&Incident],
        pages: Vec<String>,
        out: &Counting,
    ) -> Result<(), RenderFailure> {
        let Some(base) = self.inputs.base_url.as_deref() else {
            out.put(OutputFile {
                path: "robots.txt".into(),
                bytes: b"User-agent: *\nAllow: /\n".to_vec().into(),
            })?;
            return Ok(());
        };
        let tz = self.inputs.config.timezone;
        let redirects: HashSet<String> = incidents
            .iter()
            .flat_map(|i| &i.aliases)
            .map(|a| format!("incidents/{}/index.html", a.value))
            .collect();
        let lastmod: std::collections::HashMap<String, String> = incidents
            .iter()
            .map(|i| {
                (
                    format!("incidents/{}/index.html", i.slug.value),
                    rfc3339(newest_timestamp(i), tz),
                )
            })
            .collect();
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for page in &pages {
            if !page.ends_with("index.html") || redirects.contains(page) {
                continue;
            }
            let path = page.strip_suffix("index.html").unwrap_or(page);
            xml.push_str("  <url><loc>");
            xml.push_str(&xml_escape(&format!("{base}{path}")));
            xml.push_str("</loc>");
            if let Some(date) = lastmod.get(page) {
                xml.push_str("<lastmod>");
                xml.push_str(date);
                xml.push_str("</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        out.put(OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes().into(),
        })?;
        out.put(OutputFile {
            path: "robots.txt".into(),
            bytes: format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n")
                .into_bytes()
                .into(),
        })?;
        Ok(())
    }
}
