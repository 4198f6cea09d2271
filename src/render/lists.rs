//! The pages that list incidents: the home page and the listings (by severity, type, year,
//! trigger, service and tag; paginated), with the rows they share and the filter bar's chips.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::cache::{CachedPages, CachedRow, Keys, PageCache};
use super::json::DataLinesCell;
use super::native::NativeRow;
use super::paths::{listing_page_file, pagination, root_of};
use super::renderer::Renderer;
use super::views::{Row, SharedRowValues};
use super::{RenderError, RenderFailure, taxonomy};
use crate::format::Plural;
use crate::hash::quick_hash;
use crate::incident::{Incident, IncidentDuration, Kind, Severity, cost_totals};
use crate::output::OutputFile;
use crate::stats::{ServiceStats, service_availability, service_row};

/// Rows per listing page: `severity/critical/`, then `severity/critical/page/2/`…
pub const LISTING_PAGE_SIZE: usize = 100;

/// Rows on the home page: an archive with more lists its newest reports, and the filter
/// script loads the rest from the list data (see [`super::list_files`]) when a filter or the
/// search needs them.
pub const HOME_ROWS: usize = 200;

/// A row's HTML for each depth of page that lists incidents: the home page (`./`), a listing's
/// first page (`../../`) and its next pages (`../../../../`). Links in a row are relative, so
/// the HTML differs by depth only; each is rendered once and shared by every page of that depth.
/// With the built-in `incident-row.html`, the row is written once instead, split where the
/// root goes.
#[derive(Default)]
pub(super) struct RowHtml {
    by_depth: [OnceLock<tera::Value>; 3],
    /// The row written by [`super::native::Native::row`].
    native: Option<NativeRow>,
}

/// The rows of every incident, newest first, with their HTML by page depth.
pub(super) struct Rows {
    values: Vec<tera::Value>,
    html: Vec<Arc<RowHtml>>,
    /// Each incident's year (the listings by year).
    pub(super) years: Vec<String>,
}

/// The home page's context but for its list data, and how many rows it shows of how many.
pub(super) struct HomeContext {
    ctx: tera::Context,
    total: usize,
    shown: usize,
}

/// A listing: its kind (`severity`, `type`, `year`, `trigger`, `service`, `tag`), slug and name, and the
/// positions of its incidents in the list, newest first.
pub(super) type Listing<'k> = (&'k str, String, String, Vec<usize>);

/// Years with their number of incidents, oldest first.
fn year_counts(years: &[String]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for year in years {
        *counts.entry(year.as_str()).or_insert(0) += 1;
    }
    counts
}

impl Renderer<'_> {
    /// Every incident's row, newest first: one row serves the home page and every listing
    /// page, and is a line of the list data file next to the incident's item of
    /// `incidents.json`. A row whose incident did not change comes from `cache`; a new one
    /// comes with its fields, for its data lines, made with its page. Each incident's data
    /// lines, to be made, come last. The cache keeps the rows of this render.
    pub(super) fn rows<'i>(
        &self,
        incidents: &[&'i Incident],
        cache: Option<&mut PageCache>,
        keys: Option<&Keys>,
    ) -> (Rows, Vec<Option<Row<'i>>>, Vec<DataLinesCell>) {
        let shared = SharedRowValues::new(self);
        let previous = cache.as_deref();
        let (cached_rows, fresh): (Vec<CachedRow>, Vec<Option<Row>>) = incidents
            .par_iter()
            .enumerate()
            .map(|(n, i)| {
                let known = previous.zip(keys).and_then(|(c, k)| c.row(k.incidents[n]));
                if let Some(row) = known {
                    return (row.clone(), None);
                }
                let row = self.row(i);
                (self.cached_row(&row, &shared, i), Some(row))
            })
            .unzip();
        // Shared, not copied: a row's value and lines are reference-counted.
        let rows = Rows {
            values: cached_rows.iter().map(|r| r.row.clone()).collect(),
            html: cached_rows.iter().map(|r| r.html.clone()).collect(),
            years: cached_rows.iter().map(|r| r.year.clone()).collect(),
        };
        let lines = cached_rows.iter().map(|r| r.lines.clone()).collect();
        match (cache, keys) {
            (Some(cache), Some(keys)) => cache.keep_rows(keys, cached_rows),
            _ => drop(cached_rows),
        }
        (rows, fresh, lines)
    }

    /// A new row as the lists and the cache keep it: its value, its year, and its HTML when
    /// the native writer makes it.
    fn cached_row(&self, row: &Row, shared: &SharedRowValues, incident: &Incident) -> CachedRow {
        let native = self.native.as_ref().filter(|w| w.rows);
        let value = if native.is_some_and(|w| w.rows_counted_only) {
            // Only counted (`incidents | length`): a placeholder, without the memory and
            // time of a map of fields per incident.
            tera::Value::none()
        } else {
            row.value(shared, incident)
        };
        CachedRow {
            row: value,
            year: row.year.clone(),
            html: Arc::new(RowHtml {
                native: native.map(|w| w.row(row)),
                ..RowHtml::default()
            }),
            lines: Arc::default(),
        }
    }

    /// The filter bar's chips, as the home and listing pages get them; with `keys`, their hash
    /// joins the keys of the listing pages that show them.
    pub(super) fn filter_chips(
        &self,
        incidents: &[&Incident],
        years: &[String],
        keys: Option<&mut Keys>,
    ) -> tera::Value {
        let filters = self.filters(incidents, years);
        if let Some(keys) = keys {
            keys.filters = quick_hash(&filters.to_string());
        }
        tera::Value::from_serializable(&filters)
    }

    /// A list row for `incident`; its `path` is relative to the site root.
    pub(super) fn row<'i>(&self, incident: &'i Incident) -> Row<'i> {
        let date_iso = self.start_date_iso(incident);
        let title = self.title(incident);
        Row {
            slug: &incident.slug.value,
            path: format!("incidents/{}/", incident.slug.value),
            search: crate::text::fold(&title),
            title,
            date: self.start_date(incident),
            year: date_iso.get(..4).unwrap_or("").to_string(),
            date_iso,
            severity: self.severity_chip(incident),
            kind: self.kind_chip(incident),
            duration: self.duration(incident),
            ongoing: matches!(incident.duration.value, IncidentDuration::Ongoing),
            impact: self.impact(incident),
            cost: self.total_cost(incident),
            draft: incident.draft,
            services: taxonomy::slugs(&incident.services),
            tags: taxonomy::slugs(&incident.tags),
            trigger: incident.trigger.as_ref().map_or("", |t| t.value.slug()),
        }
    }

    /// Gives the page at `page_path` its rows `shown`: `incidents`, the rows' fields, and
    /// `incidents_html`, the same rows rendered by `incident-row.html`.
    fn insert_rows(
        &self,
        ctx: &mut tera::Context,
        rows: &Rows,
        shown: impl Iterator<Item = usize>,
        page_path: &str,
    ) -> Result<(), RenderError> {
        let root = root_of(page_path);
        let depth = ["./", "../../", "../../../../"]
            .iter()
            .position(|d| *d == root);
        // A row lists all its services and tags for the home page's filters only: on the
        // listings, which show a report once per name it has, that would be quadratic.
        let on_home = page_path.is_empty();
        let mut values = Vec::new();
        let mut html = Vec::new();
        for n in shown {
            let render = || -> Result<tera::Value, RenderError> {
                let mut ctx = tera::Context::new();
                ctx.insert("root", &root);
                ctx.insert("on_home", &on_home);
                ctx.insert_value("row", rows.values[n].clone());
                let mut html = Vec::with_capacity(2048);
                self.theme
                    .tera
                    .render_to("incident-row.html", &ctx, &mut html)
                    .map_err(|e| RenderError {
                        page: page_path.to_string(),
                        message: self.theme.render_error("incident-row.html", &e),
                    })?;
                Ok(tera::Value::safe_string(&String::from_utf8_lossy(&html)))
            };
            html.push(match (&rows.html[n].native, depth) {
                (Some(native), _) => tera::Value::safe_string(&native.for_page(&root, on_home)),
                (None, Some(d)) => match rows.html[n].by_depth[d].get() {
                    Some(html) => html.clone(),
                    None => {
                        let html = render()?;
                        rows.html[n].by_depth[d].get_or_init(|| html).clone()
                    }
                },
                (None, None) => render()?,
            });
            values.push(rows.values[n].clone());
        }
        ctx.insert_value("incidents", tera::Value::from(values));
        ctx.insert_value("incidents_html", tera::Value::from(html));
        Ok(())
    }

    /// What the home page shows: the introduction, the headline figures, the filter bar and
    /// the newest rows (rendered by [`Self::home`] once the list data is written).
    pub(super) fn home_context(
        &self,
        incidents: &[&Incident],
        rows: &Rows,
        filters: &tera::Value,
    ) -> Result<HomeContext, RenderError> {
        let config = self.inputs.config;
        let description = config.description.clone().unwrap_or_else(|| {
            self.label(&["description", "home"])
                .replace("{count}", &incidents.len().to_string())
        });
        let mut ctx = self.base("home", "", &config.title, &description);
        let intro = self
            .inputs
            .intro
            .as_deref()
            .map(|md| self.markdown(md, Path::new(""), "", 1, None, None))
            .unwrap_or_default();
        ctx.insert("intro_html", &intro);
        let downtime = self.downtime_total(incidents.iter().copied());
        let costs = cost_totals(incidents.iter().copied());
        ctx.insert(
            "headline",
            &json!({
                "reports": self.fmt.number(incidents.len()),
                "downtime": downtime,
                "costs": costs.iter().map(|(c, (a, approx))| self.fmt.money(a, c, *approx)).collect::<Vec<_>>(),
                "last_incident": incidents.first().map(|i| self.fmt.date(&i.start.value)).unwrap_or_default(),
            }),
        );
        ctx.insert("ongoing", &self.ongoing_banner(incidents));
        ctx.insert_value("filters", filters.clone());
        let total = rows.values.len();
        let shown = total.min(HOME_ROWS);
        self.insert_rows(&mut ctx, rows, 0..shown, "")?;
        Ok(HomeContext { ctx, total, shown })
    }

    /// The home page of `ctx` (see [`Self::home_context`]), whose script finds the list data
    /// at `index` (the path of its index file).
    pub(super) fn home(&self, home: HomeContext, index: &str) -> Result<OutputFile, RenderError> {
        let HomeContext {
            mut ctx,
            total,
            shown,
        } = home;
        ctx.insert(
            "list",
            &json!({"total": total, "complete": shown == total, "data": index}),
        );
        self.render("home.html", &ctx, "")
    }

    /// The home page's banner of ongoing incidents, newest first: its heading
    /// (`2 incidents en cours`) and each incident's title, page and start (`depuis le …`);
    /// `count` 0 when none is ongoing (no banner).
    fn ongoing_banner(&self, incidents: &[&Incident]) -> Value {
        let ongoing: Vec<Value> = incidents
            .iter()
            .filter(|i| matches!(i.duration.value, IncidentDuration::Ongoing))
            .map(|i| {
                json!({
                    "title": self.title(i),
                    "path": format!("incidents/{}/", i.slug.value),
                    "since": self.label(&["ongoing_banner", "since"]).replace("{date}", &self.start_date(i)),
                    "date_iso": self.start_date_iso(i),
                })
            })
            .collect();
        let label = |path: &[&str]| self.label(path);
        let title = self.fmt.count(
            ongoing.len(),
            &Plural::read(&label, &["ongoing_banner", "title"]),
        );
        json!({"count": ongoing.len(), "title": title, "incidents": ongoing})
    }

    /// The chips of the filter bar, linking to the static listings (`path` from the site root).
    fn filters(&self, incidents: &[&Incident], years: &[String]) -> Value {
        let severity: Vec<Value> = Severity::ALL
            .iter()
            .map(|s| {
                let count = incidents.iter().filter(|i| i.severity.value == *s).count();
                json!({"slug": s.slug(), "label": self.severity_label(*s), "count": count,
                       "path": format!("severity/{}/", s.slug())})
            })
            .collect();
        let kind: Vec<Value> = Kind::ALL
            .iter()
            .map(|k| {
                let count = incidents.iter().filter(|i| i.kind.value == *k).count();
                json!({"slug": k.slug(), "label": self.kind_label(*k), "count": count,
                       "path": format!("type/{}/", k.slug())})
            })
            .collect();
        // The newest years only: every listing page carries these chips, and an archive may
        // span thousands of years (any year 0001-9999 is a date): the year index lists them all.
        let counts = year_counts(years);
        let year: Vec<Value> = counts
            .iter()
            .rev()
            .take(taxonomy::HOME_CHIPS)
            .map(|(y, n)| json!({"slug": y, "label": y, "count": n, "path": format!("year/{y}/")}))
            .collect();
        let trigger = self.trigger_filters(incidents);
        let mut filters =
            json!({"severity": severity, "type": kind, "trigger": trigger, "year": year});
        self.taxonomy_filters(incidents, &mut filters);
        filters["index"]["year"] = json!({"count": counts.len(), "path": "year/"});
        filters
    }

    /// The listings by severity, by type and by year, in that order, each with its incidents.
    fn listing_groups(&self, incidents: &[&Incident], years: &[String]) -> Vec<Listing<'static>> {
        let mut groups: Vec<Listing> = Vec::new();
        for s in Severity::ALL {
            groups.push((
                "severity",
                s.slug().into(),
                self.severity_label(s),
                Vec::new(),
            ));
        }
        for k in Kind::ALL {
            groups.push(("type", k.slug().into(), self.kind_label(k), Vec::new()));
        }
        let severities = Severity::ALL.len();
        let all_years: Vec<&str> = year_counts(years).into_keys().collect();
        for year in &all_years {
            groups.push(("year", year.to_string(), year.to_string(), Vec::new()));
        }
        let year_base = severities + Kind::ALL.len();
        for (n, incident) in incidents.iter().enumerate() {
            let s = Severity::ALL
                .iter()
                .position(|s| *s == incident.severity.value);
            let k = Kind::ALL.iter().position(|k| *k == incident.kind.value);
            let y = all_years.binary_search(&years[n].as_str());
            for index in [s, k.map(|k| severities + k), y.ok().map(|y| year_base + y)]
                .into_iter()
                .flatten()
            {
                groups[index].3.push(n);
            }
        }
        groups
    }

    /// Each service's availability by slug, when any report names a service or incidex.yaml
    /// describes one.
    fn availability_by_service(&self, incidents: &[&Incident]) -> HashMap<String, ServiceStats> {
        let config = &self.inputs.config;
        if config.services.is_empty() && incidents.iter().all(|i| i.services.is_empty()) {
            return HashMap::new();
        }
        service_availability(incidents, config.timezone, &config.services)
            .into_iter()
            .map(|s| (s.slug.clone(), s))
            .collect()
    }

    /// Every listing page (by severity, type, year, service and tag), paginated, and the
    /// index pages of services, tags and years, into `pages`.
    pub(super) fn listings(
        &self,
        incidents: &[&Incident],
        rows: &Rows,
        filters: &tera::Value,
        keys: Option<&Keys>,
        pages: &CachedPages,
    ) -> Result<(), RenderFailure> {
        let mut groups = self.listing_groups(incidents, &rows.years);
        groups.extend(self.trigger_groups(incidents));
        groups.extend(self.taxonomy_groups(incidents));
        self.taxonomy_indexes(&groups, pages)?;
        self.year_index(&groups, pages)?;
        // Every page of every listing, rendered in parallel.
        let all: Vec<(usize, usize)> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                let count = group.3.len().div_ceil(LISTING_PAGE_SIZE).max(1);
                (1..=count).map(move |page| (g, page))
            })
            .collect();
        let availability = self.availability_by_service(incidents);
        let service_of = |kind: &str, slug: &str| {
            (kind == "service")
                .then(|| availability.get(slug))
                .flatten()
        };
        let downtimes: Vec<String> = groups
            .par_iter()
            .map(|(kind, slug, _, members)| match service_of(kind, slug) {
                // A service's downtime counts overlapping incidents once, as its months do.
                Some(service) => self.fmt.duration(service.downtime_seconds),
                None => self.downtime_of(incidents, members),
            })
            .collect();
        // What a service's first page shows of its months (other reports can lengthen them),
        // for serve's keys: read once per service, and only when there are keys.
        let months_shown: Vec<u64> = match keys {
            Some(_) => groups
                .par_iter()
                .map(|(kind, slug, _, _)| {
                    service_of(kind, slug).map_or(0, |s| {
                        quick_hash(&serde_json::to_string(s).unwrap_or_default())
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        all.into_par_iter().try_for_each(|(g, page)| {
            let (kind, slug, name, members) = &groups[g];
            let service = service_of(kind, slug);
            let key = keys.map(|k| {
                let months = if page == 1 { months_shown[g] } else { 0 };
                let shown = format!("{}{months}", downtimes[g]);
                k.listing_page(kind, slug, page, members, &shown)
            });
            let besides = Shown {
                downtime: &downtimes[g],
                availability: service.filter(|_| page == 1),
            };
            // A service described in incidex.yaml goes by the name given there.
            let name = service.map_or(name.as_str(), |s| s.name.as_str());
            pages.put(key, listing_page_file(kind, slug, page), &|| {
                self.listing(kind, slug, name, members, page, rows, filters, &besides)
            })
        })
    }

    /// Page `page` (from 1) of one listing.
    #[allow(clippy::too_many_arguments)]
    fn listing(
        &self,
        kind: &str,
        slug: &str,
        name: &str,
        members: &[usize],
        page: usize,
        rows: &Rows,
        filters: &tera::Value,
        besides: &Shown,
    ) -> Result<OutputFile, RenderError> {
        let downtime = besides.downtime;
        let first = format!("{kind}/{slug}/");
        let page_path = |n: usize| {
            if n == 1 {
                first.clone()
            } else {
                format!("{first}page/{n}/")
            }
        };
        let path = page_path(page);
        let pages = members.len().div_ceil(LISTING_PAGE_SIZE).max(1);
        let mut title = self.label(&["listing", kind]).replace("{name}", name);
        if page > 1 {
            title = self
                .label(&["pagination", "title"])
                .replace("{title}", &title)
                .replace("{page}", &page.to_string())
                .replace("{pages}", &pages.to_string());
        }
        let counted = Plural::read(
            &|path: &[&str]| self.label(path),
            &["description", "listing"],
        );
        let description = self
            .fmt
            .count(members.len(), &counted)
            .replace("{name}", name);
        let mut ctx = self.base("listing", &path, &title, &description);
        ctx.insert(
            "listing",
            &json!({"kind": kind, "slug": slug, "title": name, "count": members.len(), "downtime": downtime}),
        );
        ctx.insert_value("filters", filters.clone());
        let start = (page - 1) * LISTING_PAGE_SIZE;
        let shown = members.iter().skip(start).take(LISTING_PAGE_SIZE).copied();
        self.insert_rows(&mut ctx, rows, shown, &path)?;
        ctx.insert("pagination", &pagination(page, pages, &page_path));
        if let Some(service) = besides.availability {
            let title = self.label(&["stats", "strip_title"]);
            ctx.insert("availability", &service_row(service, &self.fmt, &title));
        }
        self.render("listing.html", &ctx, &path)
    }
}

/// What a listing page shows besides its rows: its downtime, formatted, and on a service's
/// first page, its availability month by month.
struct Shown<'a> {
    downtime: &'a str,
    availability: Option<&'a ServiceStats>,
}
