//! What search engines read: `sitemap.xml` (every page, absolute URLs) and `robots.txt`.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use super::feeds::{newest_timestamp, rfc3339, xml_escape};
use super::renderer::Renderer;
use super::{Counting, RenderFailure};
use crate::incident::Incident;
use crate::output::{OutputError, OutputFile, Sink};

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
        pages.par_sort_unstable();
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
        // `incidents/<name>/index.html` pages: redirects of aliases, and incident pages.
        let redirects: HashSet<&str> = incidents
            .iter()
            .flat_map(|i| &i.aliases)
            .map(|a| a.value.as_str())
            .collect();
        let by_slug: HashMap<&str, &Incident> = incidents
            .iter()
            .map(|i| (i.slug.value.as_str(), *i))
            .collect();
        let base = xml_escape(base);
        // A page's entry; escaping the base and the path apart is escaping their concatenation.
        let entry = |xml: &mut String, page: &str| {
            let name = page
                .strip_prefix("incidents/")
                .and_then(|p| p.strip_suffix("/index.html"));
            if !page.ends_with("index.html") || name.is_some_and(|n| redirects.contains(n)) {
                return;
            }
            let path = page.strip_suffix("index.html").unwrap_or(page);
            xml.push_str("  <url><loc>");
            xml.push_str(&base);
            xml.push_str(&xml_escape(path));
            xml.push_str("</loc>");
            if let Some(incident) = name.and_then(|n| by_slug.get(n)) {
                xml.push_str("<lastmod>");
                xml.push_str(&rfc3339(newest_timestamp(incident), tz));
                xml.push_str("</lastmod>");
            }
            xml.push_str("</url>\n");
        };
        // In parallel, a part of the pages each: dates are the costly part.
        let parts: Vec<String> = pages
            .par_chunks(1024)
            .map(|chunk| {
                let mut xml = String::with_capacity(chunk.len() * 128);
                for page in chunk {
                    entry(&mut xml, page);
                }
                xml
            })
            .collect();
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        xml.extend(parts);
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
