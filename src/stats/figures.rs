//! The figures drawn from the tally: costs per currency, each severity and type, and the
//! rankings (the costliest and the longest incidents).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::tally::{CurrencyTotals, Group, add, known_duration};
use super::{
    CostliestInCurrency, CostlyIncident, CurrencyCost, LongestIncident, SeverityStats, TOP,
    TypeStats, few, nearest_rank,
};
use crate::incident::{Incident, Kind, Severity};

/// The costs of each currency, in the order of their codes.
pub(super) fn currency_costs(currencies: &BTreeMap<String, CurrencyTotals>) -> Vec<CurrencyCost> {
    currencies
        .iter()
        .map(|(currency, t)| CurrencyCost {
            currency: currency.clone(),
            lost: t.lost,
            resolution: t.resolution,
            total: add(t.lost, t.resolution),
            approximate: t.lost_approximate || t.resolution_approximate,
            lost_approximate: t.lost_approximate,
            resolution_approximate: t.resolution_approximate,
        })
        .collect()
}

/// Within each currency, the [`TOP`] incidents that cost the most in it, largest first.
/// `sorted` is the incidents in start order, which the totals' indexes refer to.
pub(super) fn costliest(
    currencies: &BTreeMap<String, CurrencyTotals>,
    sorted: &[&Incident],
    titles: &dyn Fn(&Incident) -> String,
) -> Vec<CostliestInCurrency> {
    currencies
        .iter()
        .filter_map(|(currency, t)| {
            let mut ranked: Vec<(usize, Decimal, bool)> = t
                .incidents
                .iter()
                .filter(|(_, (total, _))| *total > Decimal::ZERO)
                .map(|(&i, &(total, approximate))| (i, total, approximate))
                .collect();
            // Stable: equal totals stay in start order.
            ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
            ranked.truncate(TOP);
            (!ranked.is_empty()).then(|| CostliestInCurrency {
                currency: currency.clone(),
                incidents: ranked
                    .into_iter()
                    .map(|(i, total, approximate)| CostlyIncident {
                        slug: sorted[i].slug.value.clone(),
                        title: titles(sorted[i]),
                        total,
                        approximate,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The [`TOP`] longest known durations, longest first (`sorted`: in start order).
pub(super) fn longest(
    sorted: &[&Incident],
    titles: &dyn Fn(&Incident) -> String,
) -> Vec<LongestIncident> {
    let mut longest: Vec<(&Incident, u64)> = sorted
        .iter()
        .filter_map(|i| known_duration(i).map(|s| (*i, s)))
        .collect();
    longest.sort_by_key(|l| std::cmp::Reverse(l.1));
    longest
        .into_iter()
        .take(TOP)
        .map(|(incident, seconds)| LongestIncident {
            slug: incident.slug.value.clone(),
            title: titles(incident),
            duration_seconds: seconds,
        })
        .collect()
}

/// The figures of each severity, from its running group.
pub(super) fn severity_stats(groups: Vec<Group>) -> Vec<SeverityStats> {
    Severity::ALL
        .iter()
        .zip(groups)
        .map(|(&severity, mut g)| {
            g.durations.sort_unstable();
            SeverityStats {
                slug: severity.slug(),
                reports: g.reports,
                duration_seconds: g.duration,
                downtime_seconds: g.downtime,
                median_seconds: nearest_rank(&g.durations, 50),
                p90_seconds: nearest_rank(&g.durations, 90),
                severity,
                counted: g.durations.len(),
                values_seconds: few(&g.durations),
            }
        })
        .collect()
}

/// The figures of each incident type, from its running group.
pub(super) fn type_stats(groups: Vec<Group>) -> Vec<TypeStats> {
    Kind::ALL
        .iter()
        .zip(groups)
        .map(|(&kind, g)| TypeStats {
            slug: kind.slug(),
            reports: g.reports,
            duration_seconds: g.duration,
            downtime_seconds: g.downtime,
            kind,
        })
        .collect()
}
