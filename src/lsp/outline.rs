//! A report read line by line for the editor: where each line stands (front matter, the
//! field lines before the first section, which section) and which language it is written in.

use crate::incident::SectionKind;
use crate::parse::lines::{FenceState, field_line, heading};
use crate::parse::{CostLine, Field};

/// Where a line stands in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    FrontMatter,
    /// Before the first `###` section: the heading and the field lines.
    Fields,
    /// Inside a `###` section (None for one incidex does not know).
    Section(Option<SectionKind>),
}

/// One line of the report.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub text: &'a str,
    pub part: Part,
    /// Inside a fenced code block (fence lines included).
    pub code: bool,
}

/// The report's lines, and its language when its labels and headings tell.
pub struct Outline<'a> {
    pub lines: Vec<Line<'a>>,
    /// True for English labels, false for French, None when nothing tells.
    pub english: Option<bool>,
}

pub fn outline(text: &str) -> Outline<'_> {
    let mut lines = Vec::new();
    let mut fences = FenceState::default();
    let mut part = Part::Fields;
    let (mut french, mut english) = (0usize, 0usize);
    let mut in_front_matter = text.starts_with("---");
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if in_front_matter {
            if n > 0 && (line.trim_end() == "---" || line.trim_end() == "...") {
                in_front_matter = false;
            }
            lines.push(Line {
                text: line,
                part: Part::FrontMatter,
                code: false,
            });
            continue;
        }
        let code = fences.in_code(line);
        if !code {
            if let Some((3, name)) = heading(line) {
                let known = SectionKind::parse_with_language(name);
                part = Part::Section(known.map(|(kind, _)| kind));
                match known.and_then(|(_, language)| language) {
                    Some(true) => english += 1,
                    Some(false) => french += 1,
                    None => {}
                }
            } else if let Some(field) = field_line(line, true) {
                match Field::from_label(field.label) {
                    Some((_, true)) => english += 1,
                    Some((_, false)) => french += 1,
                    None => {}
                }
                if CostLine::from_label(field.label).is_some() {
                    let folded = crate::text::fold(field.label);
                    let is_english = CostLine::ALL
                        .iter()
                        .any(|c| crate::text::fold(c.label(true)) == folded);
                    *(if is_english {
                        &mut english
                    } else {
                        &mut french
                    }) += 1;
                }
            }
        }
        lines.push(Line {
            text: line,
            part,
            code,
        });
    }
    let english = match french.cmp(&english) {
        std::cmp::Ordering::Less => Some(true),
        std::cmp::Ordering::Greater => Some(false),
        std::cmp::Ordering::Equal => None,
    };
    Outline { lines, english }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_know_their_part_and_the_report_its_language() {
        let text = "## Incident 2025-01-15 14:30\n\n**Type :** Downtime\n**Sévérité :** Haute\n\n### Cause\n```\n### not a heading\n```\n### Coût Impact\n- **Temps d'indisponibilité :** 1h";
        let o = outline(text);
        assert_eq!(o.english, Some(false));
        assert_eq!(o.lines[2].part, Part::Fields);
        assert_eq!(o.lines[5].part, Part::Section(Some(SectionKind::Cause)));
        assert!(o.lines[7].code);
        assert_eq!(o.lines[7].part, Part::Section(Some(SectionKind::Cause)));
        assert_eq!(
            o.lines[10].part,
            Part::Section(Some(SectionKind::CostImpact))
        );
        let english = outline("**Severity:** High\n**Duration:** 1h\n### Cause\n");
        assert_eq!(english.english, Some(true));
    }
}
