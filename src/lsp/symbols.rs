//! Document symbols: the report's headings, for the editor's outline (`###` sections under
//! the `## Incident` heading).

use lsp_types::{DocumentSymbol, Range, SymbolKind};

use super::outline::{Outline, Part};
use super::position::{position_at, utf16_of};

/// The headings of levels 1 to 3, each section spanning to the next heading of its level or
/// above.
pub fn symbols(outline: &Outline) -> Vec<DocumentSymbol> {
    let headings: Vec<(usize, usize, &str)> = outline
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.code && l.part != Part::FrontMatter)
        .filter_map(|(n, l)| {
            crate::parse::lines::heading(l.text)
                .filter(|(level, text)| *level <= 3 && !text.is_empty())
                .map(|(level, text)| (n, level, text))
        })
        .collect();
    let last = outline.lines.len().saturating_sub(1);
    let end_of = |i: usize| {
        let (_, level, _) = headings[i];
        let next = headings[i + 1..].iter().find(|(_, l, _)| *l <= level);
        let end = next.map_or(last, |(n, _, _)| n.saturating_sub(1));
        let text = outline.lines.get(end).map_or("", |l| l.text);
        lsp_types::Position::new(end as u32, utf16_of(text, usize::MAX))
    };
    let mut top: Vec<(usize, DocumentSymbol)> = Vec::new();
    for (i, &(n, level, text)) in headings.iter().enumerate() {
        let line = outline.lines[n].text;
        let start = line.find(text).unwrap_or(0);
        let selection = Range::new(
            position_at(n, line, start),
            position_at(n, line, start + text.len()),
        );
        #[allow(deprecated)]
        let symbol = DocumentSymbol {
            name: text.to_string(),
            detail: None,
            kind: if level == 3 {
                SymbolKind::FIELD
            } else {
                SymbolKind::NAMESPACE
            },
            tags: None,
            deprecated: None,
            range: Range::new(position_at(n, line, 0), end_of(i)),
            selection_range: selection,
            children: None,
        };
        match top.last_mut() {
            Some((parent_level, parent)) if *parent_level < level => {
                parent.children.get_or_insert_with(Vec::new).push(symbol);
            }
            _ => top.push((level, symbol)),
        }
    }
    top.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::outline::outline;

    #[test]
    fn sections_nest_under_the_incident_heading() {
        let text = "## Incident 2025-01-15 14:30\n\n**Type :** Downtime\n\n### Cause\nx\n```\n### code\n```\n### Symptômes\n- y\n";
        let found = symbols(&outline(text));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "Incident 2025-01-15 14:30");
        let children = found[0].children.as_ref().unwrap();
        let names: Vec<&str> = children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Cause", "Symptômes"]);
        assert_eq!(children[0].range.start.line, 4);
        assert_eq!(children[0].range.end.line, 8);
        assert_eq!(children[1].range.end.line, 11);
    }
}
