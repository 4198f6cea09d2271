//! What causes incidents: reports and downtime per trigger and per factor, and reports per
//! quarter and trigger.
//!
//! Rules, decided here:
//! - Downtime is the plain sum of the reports' `Temps d'indisponibilité` (a report that gives
//!   none adds 0), as the headline total is; overlapping incidents are each counted.
//! - The seven triggers are always listed, in the order of [`Trigger::ALL`]; the reports that
//!   give none are counted apart (`triggers_not_given`).
//! - A factor is known by its slug (`Alerte muette` and `alerte-muette` are one factor, counted
//!   once per report); its name is as written in the newest report that has it. Factors are
//!   ranked by reports, most first, then by slug.
//! - A report belongs to the quarter its start falls in, in the site's time zone (a date
//!   without a time on the day written, as for months); only quarters with reports are
//!   listed, oldest first.

use std::collections::{BTreeMap, HashSet};

use chrono::Datelike;
use chrono_tz::Tz;
use serde::Serialize;

use crate::incident::{Incident, Trigger};
use crate::text::{slugify, without_bidi_controls};

/// The causes' figures, as `stats.json` holds them (as members of its top-level object).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriggerStats {
    /// The seven triggers, in the order of [`Trigger::ALL`], with or without reports.
    pub triggers: Vec<TriggerCount>,
    /// The reports that give no trigger.
    pub triggers_not_given: Counted,
    /// Every factor, most reports first, then by slug.
    pub factors: Vec<FactorCount>,
    /// The quarters with reports, oldest first.
    pub trigger_quarters: Vec<QuarterTriggers>,
}

/// The reports of one trigger, and their downtime.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriggerCount {
    pub slug: &'static str,
    pub reports: usize,
    pub downtime_seconds: u64,
    #[serde(skip)]
    pub trigger: Trigger,
}

/// Reports and their downtime.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Counted {
    pub reports: usize,
    pub downtime_seconds: u64,
}

/// The reports that name one factor, and their downtime.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactorCount {
    /// As written in the newest report that names it.
    pub name: String,
    pub slug: String,
    pub reports: usize,
    pub downtime_seconds: u64,
}

/// One quarter's reports, by trigger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterTriggers {
    /// `2025-Q1`.
    pub quarter: String,
    /// Every report of the quarter.
    pub reports: usize,
    /// The seven triggers, in the order of [`Trigger::ALL`].
    pub by_trigger: Vec<QuarterTrigger>,
    /// The quarter's reports that give no trigger.
    pub not_given: usize,
    #[serde(skip)]
    pub year: i32,
    /// 1 to 4.
    #[serde(skip)]
    pub quarter_of_year: u32,
}

/// A trigger's reports in one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarterTrigger {
    pub slug: &'static str,
    pub reports: usize,
}

/// The causes' figures of `incidents` (in start order, oldest first); `timezone` is the
/// site's, for quarters.
pub(super) fn trigger_stats(incidents: &[&Incident], timezone: Tz) -> TriggerStats {
    let mut triggers: Vec<Counted> = Trigger::ALL.iter().map(|_| Counted::default()).collect();
    let mut not_given = Counted::default();
    // (year, quarter) -> (reports, per trigger, not given)
    let mut quarters: BTreeMap<(i32, u32), (usize, [usize; 7], usize)> = BTreeMap::new();
    for incident in incidents {
        let downtime = incident
            .cost
            .downtime
            .as_ref()
            .map_or(0, |d| d.value.seconds);
        let at = incident
            .trigger
            .as_ref()
            .and_then(|t| Trigger::ALL.iter().position(|a| *a == t.value));
        let counted = match at.and_then(|at| triggers.get_mut(at)) {
            Some(counted) => counted,
            None => &mut not_given,
        };
        counted.reports += 1;
        counted.downtime_seconds = counted.downtime_seconds.saturating_add(downtime);
        let quarter = quarters.entry(quarter_of(incident, timezone)).or_default();
        quarter.0 += 1;
        match at.and_then(|at| quarter.1.get_mut(at)) {
            Some(count) => *count += 1,
            None => quarter.2 += 1,
        }
    }
    TriggerStats {
        triggers: Trigger::ALL
            .iter()
            .zip(triggers)
            .map(|(&trigger, counted)| TriggerCount {
                slug: trigger.slug(),
                reports: counted.reports,
                downtime_seconds: counted.downtime_seconds,
                trigger,
            })
            .collect(),
        triggers_not_given: not_given,
        factors: factor_counts(incidents),
        trigger_quarters: quarters
            .into_iter()
            .map(
                |((year, q), (reports, by_trigger, not_given))| QuarterTriggers {
                    quarter: format!("{year:04}-Q{q}"),
                    reports,
                    by_trigger: Trigger::ALL
                        .iter()
                        .zip(by_trigger)
                        .map(|(t, reports)| QuarterTrigger {
                            slug: t.slug(),
                            reports,
                        })
                        .collect(),
                    not_given,
                    year,
                    quarter_of_year: q,
                },
            )
            .collect(),
    }
}

/// The year and quarter (1 to 4) of the incident's start in the site's time zone; a date
/// without a time on the day written.
fn quarter_of(incident: &Incident, timezone: Tz) -> (i32, u32) {
    let start = &incident.start.value;
    let date = if start.has_time {
        start.instant.with_timezone(&timezone).date_naive()
    } else {
        start.instant.date_naive()
    };
    (date.year(), (date.month() - 1) / 3 + 1)
}

/// Every factor by slug with its reports and their downtime, most reports first, then by
/// slug.
fn factor_counts(incidents: &[&Incident]) -> Vec<FactorCount> {
    let mut found: BTreeMap<String, FactorCount> = BTreeMap::new();
    // Newest first: the name kept is the newest report's.
    for incident in incidents.iter().rev() {
        let downtime = incident
            .cost
            .downtime
            .as_ref()
            .map_or(0, |d| d.value.seconds);
        let mut seen: HashSet<String, ahash::RandomState> = HashSet::default();
        for factor in &incident.factors {
            let slug = slugify(&factor.value);
            if slug.is_empty() || !seen.insert(slug.clone()) {
                continue;
            }
            let entry = found.entry(slug.clone()).or_insert_with(|| FactorCount {
                name: without_bidi_controls(factor.value.trim()),
                slug,
                reports: 0,
                downtime_seconds: 0,
            });
            entry.reports += 1;
            entry.downtime_seconds = entry.downtime_seconds.saturating_add(downtime);
        }
    }
    let mut factors: Vec<FactorCount> = found.into_values().collect();
    // Stable: equal counts stay in slug order.
    factors.sort_by_key(|f| std::cmp::Reverse(f.reports));
    factors
}
