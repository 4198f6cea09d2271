//! What a render keeps for the next one (`serve`): each page by a hash of what it was made
//! from, each incident's row by the incident's hash, and the keys that say what a page shows.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::json::DataLinesCell;
use super::lists::RowHtml;
use super::relations::Relations;
use super::renderer::Facts;
use super::{Counting, Inputs, RenderError, RenderFailure};
use crate::hash::quick_hash;
use crate::incident::Incident;
use crate::output::OutputFile;
use crate::similar::{IncidentTerms, SimilarMemory};

/// What an earlier render made, by a hash of what it was made from: `serve` renders again
/// only the pages and rows that a change touched. A theme or configuration change must clear it.
#[derive(Default)]
pub struct PageCache {
    /// Incident and listing pages.
    pages: HashMap<u64, Arc<Vec<u8>>>,
    /// Each incident's row, list data line and `incidents.json` item, by the incident's hash.
    rows: HashMap<u64, CachedRow>,
    /// The incidents' hashes by slug, when they were computed as the reports were read: for
    /// the next render only, which does not hash those incidents again.
    known: HashMap<String, u64, ahash::RandomState>,
    /// What a page shows of another incident it lists (its slug, title and date), hashed, by
    /// that incident's hash.
    shown: HashMap<u64, u64, ahash::RandomState>,
    /// Each incident's terms for the similarity, by the incident's hash.
    terms: HashMap<u64, IncidentTerms, ahash::RandomState>,
    /// Each incident's title and dates as formatted, by the incident's hash.
    facts: HashMap<u64, Arc<Facts>, ahash::RandomState>,
    /// What the last computation of the similar incidents left for the next.
    similar: Option<SimilarMemory>,
}

/// An incident's row, as the lists show it and the cache keeps it.
#[derive(Clone)]
pub(super) struct CachedRow {
    pub(super) row: tera::Value,
    /// The year of the incident's start, in the site's time zone.
    pub(super) year: String,
    /// The row's HTML (`incident-row.html`), made when a page first shows it.
    pub(super) html: Arc<RowHtml>,
    /// The incident's lines of the data files, made with its page.
    pub(super) lines: DataLinesCell,
}

impl PageCache {
    pub fn clear(&mut self) {
        self.pages.clear();
        self.rows.clear();
        self.known.clear();
        self.shown.clear();
        self.terms.clear();
        self.facts.clear();
        self.similar = None;
    }

    /// What the last computation of the similar incidents left, for this render only.
    pub(super) fn take_similar(&mut self) -> Option<SimilarMemory> {
        self.similar.take()
    }

    /// Keeps what this render's computation of the similar incidents left, for the next.
    pub(super) fn keep_similar(&mut self, memory: Option<SimilarMemory>) {
        self.similar = memory;
    }

    /// The incidents' formatted titles and dates kept by the last render, by incident hash,
    /// for this render only.
    pub(super) fn take_facts(&mut self) -> HashMap<u64, Arc<Facts>, ahash::RandomState> {
        std::mem::take(&mut self.facts)
    }

    /// Keeps this render's facts of the incidents whose hashes are `keys`' (same order).
    pub(super) fn keep_facts(&mut self, keys: &Keys, facts: Vec<Arc<Facts>>) {
        self.facts = keys.incidents.iter().copied().zip(facts).collect();
    }

    /// The incidents' terms kept by the last render, by incident hash, for this render only.
    pub(super) fn take_terms(&mut self) -> HashMap<u64, IncidentTerms, ahash::RandomState> {
        std::mem::take(&mut self.terms)
    }

    /// Keeps this render's terms of the incidents whose hashes are `keys`' (same order).
    pub(super) fn keep_terms(&mut self, keys: &Keys, terms: Vec<IncidentTerms>) {
        self.terms = keys.incidents.iter().copied().zip(terms).collect();
    }

    /// What pages showed of the incidents they list, for this render only.
    pub(super) fn take_shown(&mut self) -> HashMap<u64, u64, ahash::RandomState> {
        std::mem::take(&mut self.shown)
    }

    /// Keeps what this render's pages showed of the incidents they list, for the next.
    pub(super) fn keep_shown(&mut self, shown: HashMap<u64, u64, ahash::RandomState>) {
        self.shown = shown;
    }

    /// Gives the next render the [`quick_hash`] of incidents, by slug.
    pub fn know_hashes(&mut self, hashes: impl IntoIterator<Item = (String, u64)>) {
        self.known = hashes.into_iter().collect();
    }

    /// The incidents' hashes given by [`PageCache::know_hashes`], for this render only.
    pub(super) fn take_known(&mut self) -> HashMap<String, u64, ahash::RandomState> {
        std::mem::take(&mut self.known)
    }

    /// The row of the incident whose hash is `key`, from the previous render.
    pub(super) fn row(&self, key: u64) -> Option<&CachedRow> {
        self.rows.get(&key)
    }

    /// Keeps the rows of this render (each incident's, newest first), for the next.
    pub(super) fn keep_rows(&mut self, keys: &Keys, rows: Vec<CachedRow>) {
        self.rows = keys.incidents.iter().copied().zip(rows).collect();
    }

    /// Keeps the pages of this render that have a key (see [`CachedPages::into_made`]).
    pub(super) fn keep_pages(&mut self, pages: Vec<(u64, Arc<Vec<u8>>)>) {
        self.pages = pages.into_iter().collect();
    }
}

/// The cache's view of one render: each incident's hash (by position, newest first), and
/// what every page's links depend on (which reports and files exist).
pub(super) struct Keys {
    /// Each incident's hash covers the whole report as read, its summary and Cause included:
    /// a title derived from them changes the keys of every row and page that shows it (its
    /// own, its neighbours' and its listings').
    pub(super) incidents: Vec<u64>,
    links: u64,
    /// The filter chips (their counts), shown on the listing pages.
    pub(super) filters: u64,
    /// What each incident page shows of the related and similar incidents it lists.
    listed: Vec<u64>,
    /// What the pages show of each incident they list, by its hash (see [`PageCache`]).
    shown: HashMap<u64, u64, ahash::RandomState>,
}

impl Keys {
    pub(super) fn new(
        incidents: &[&Incident],
        inputs: &Inputs,
        known: &HashMap<String, u64, ahash::RandomState>,
    ) -> Keys {
        let mut slugs: Vec<(&PathBuf, &String)> = inputs.report_slugs.iter().collect();
        // Any fixed order will do: by the paths' bytes is the fastest.
        slugs.par_sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        let hash = |i: &&Incident| match known.get(&i.slug.value) {
            Some(hash) => *hash,
            None => quick_hash(i),
        };
        Keys {
            incidents: incidents.par_iter().map(hash).collect(),
            links: quick_hash(&(slugs, inputs.assets, &inputs.intro)),
            filters: 0,
            listed: Vec::new(),
            shown: HashMap::default(),
        }
    }

    /// Makes each incident page's key cover what it shows of the incidents it lists (their
    /// slugs, titles and dates, in order), so that a page is rendered again when its lists
    /// change, and only then. `previous` holds what the last render's pages showed, by
    /// incident hash: only the incidents changed since are asked of `shown` (title, date).
    pub(super) fn relate(
        &mut self,
        incidents: &[&Incident],
        relations: &Relations,
        previous: HashMap<u64, u64, ahash::RandomState>,
        shown: &(dyn Fn(&Incident) -> (String, String) + Sync),
    ) {
        let lists = || relations.related.iter().chain(&relations.similar);
        let mut listed = vec![false; incidents.len()];
        for &j in lists().flatten() {
            listed[j] = true;
        }
        let facts: Vec<u64> = (0..incidents.len())
            .into_par_iter()
            .map(|j| {
                let hash = self.incidents[j];
                match previous.get(&hash) {
                    _ if !listed[j] => 0,
                    Some(facts) => *facts,
                    None => quick_hash(&(&incidents[j].slug.value, shown(incidents[j]))),
                }
            })
            .collect();
        self.shown = (0..incidents.len())
            .filter(|&j| listed[j])
            .map(|j| (self.incidents[j], facts[j]))
            .collect();
        let of = |list: Option<&Vec<usize>>| -> Vec<u64> {
            list.map(|l| l.iter().map(|&j| facts[j]).collect())
                .unwrap_or_default()
        };
        self.listed = (0..incidents.len())
            .map(|i| quick_hash(&(of(relations.related.get(i)), of(relations.similar.get(i)))))
            .collect();
    }

    /// What the pages showed of the incidents they list (see [`Keys::relate`]).
    pub(super) fn take_shown(&mut self) -> HashMap<u64, u64, ahash::RandomState> {
        std::mem::take(&mut self.shown)
    }

    /// An incident page's: its incident, its neighbours (previous and next links), links, and
    /// what it shows of its related and similar incidents.
    pub(super) fn incident_page(&self, i: usize) -> u64 {
        let at = |j: Option<usize>| j.and_then(|j| self.incidents.get(j)).copied();
        quick_hash(&(
            "incident",
            self.incidents[i],
            at(i.checked_sub(1)),
            at(Some(i + 1)),
            self.links,
            self.listed.get(i),
        ))
    }

    /// A period's statistics page's (`/stats/2025-q1/`): its reports (`members`, places in the
    /// incidents), and the previous period's figures it is compared with.
    pub(super) fn period_page(&self, period: &str, members: &[usize], before: &str) -> u64 {
        let shown: Vec<u64> = members.iter().map(|&n| self.incidents[n]).collect();
        quick_hash(&("period", period, shown, before, self.links))
    }

    /// A listing page's: a page shows its own rows, the listing's count and downtime, and the
    /// chips; a change to one report renders again only the pages that show it.
    pub(super) fn listing_page(
        &self,
        kind: &str,
        slug: &str,
        page: usize,
        members: &[usize],
        downtime: &str,
    ) -> u64 {
        let shown: Vec<u64> = members
            .iter()
            .skip((page - 1) * super::LISTING_PAGE_SIZE)
            .take(super::LISTING_PAGE_SIZE)
            .map(|&n| self.incidents[n])
            .collect();
        let count = members.len();
        quick_hash(&(
            "listing",
            kind,
            slug,
            page,
            count,
            downtime,
            shown,
            self.filters,
        ))
    }
}

/// Hands pages to the output: a page whose key the previous render's cache holds is taken
/// from it, else rendered; a page with a key is remembered for the next render.
pub(super) struct CachedPages<'a> {
    previous: Option<&'a HashMap<u64, Arc<Vec<u8>>>>,
    made: Mutex<Vec<(u64, Arc<Vec<u8>>)>>,
    out: &'a Counting<'a>,
}

impl<'a> CachedPages<'a> {
    pub(super) fn new(cache: Option<&'a PageCache>, out: &'a Counting<'a>) -> CachedPages<'a> {
        CachedPages {
            previous: cache.map(|c| &c.pages),
            made: Mutex::default(),
            out,
        }
    }

    /// Hands the page at `path` to the output: taken from the cache when `key` is there, else
    /// made by `render` (and remembered when it has a key).
    pub(super) fn put(
        &self,
        key: Option<u64>,
        path: String,
        render: &dyn Fn() -> Result<OutputFile, RenderError>,
    ) -> Result<(), RenderFailure> {
        let Some(key) = key else {
            return Ok(self.out.put(render()?)?);
        };
        let bytes = match self.previous.and_then(|p| p.get(&key)) {
            Some(bytes) => bytes.clone(),
            None => render()?.bytes,
        };
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, bytes.clone()));
        Ok(self.out.put(OutputFile { path, bytes })?)
    }

    /// The pages that had a key, with their keys.
    pub(super) fn into_made(self) -> Vec<(u64, Arc<Vec<u8>>)> {
        self.made.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}
