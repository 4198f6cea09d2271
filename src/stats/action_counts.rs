//! The action items' counts: open and done, overall and per owner.

use std::collections::BTreeMap;

use super::{ActionCounts, ActionStats, OwnerActions};
use crate::incident::Incident;

/// Open and done action items, overall and per owner.
pub(super) fn action_stats(sorted: &[&Incident]) -> ActionStats {
    let mut owners: BTreeMap<(String, String), ActionCounts> = BTreeMap::new();
    let mut unassigned = ActionCounts::default();
    let (mut open, mut done) = (0, 0);
    for item in sorted.iter().flat_map(|i| &i.actions) {
        let counts = match &item.owner {
            Some(owner) => owners
                .entry((owner.to_lowercase(), owner.clone()))
                .or_default(),
            None => &mut unassigned,
        };
        if item.done {
            counts.done += 1;
            done += 1;
        } else {
            counts.open += 1;
            open += 1;
        }
    }
    ActionStats {
        open,
        done,
        by_owner: owners
            .into_iter()
            .map(|((_, owner), c)| OwnerActions {
                owner,
                open: c.open,
                done: c.done,
            })
            .collect(),
        unassigned,
    }
}
