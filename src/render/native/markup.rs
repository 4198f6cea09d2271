//! The default theme's markup is written once, as calls on [`Markup`]: [`PageWriter`] writes a
//! page's bytes from its views, [`TemplateWriter`] writes the same calls as a Tera template.

use std::fmt::{Display, Write};
use std::ops::Range;

use pulldown_cmark_escape::escape_html;

/// The bytes HTML escaping replaces: `&`, `<`, `>`, `"`, `'`.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// Where a loop's body is: whether it is the last item (Tera's `loop.last`).
#[derive(Clone, Copy, Default)]
pub(super) struct Place {
    pub last: bool,
}

/// A writer of the theme's markup. Each call holds a value and its spelling in Tera side by
/// side: the page writer uses the value, the template writer prints the spelling (and runs
/// every branch and every loop body once, with default values).
pub(super) trait Markup {
    /// Text of the markup itself, the same bytes in the page and in the template.
    fn lit(&mut self, text: &str);
    /// A value, escaped: `{{ tera }}`.
    fn text(&mut self, value: &str, tera: impl Display);
    /// Trusted HTML: `{{ tera | safe }}`.
    fn raw(&mut self, html: &str, tera: impl Display);
    /// `{% if tera %}…{% endif %}`.
    fn when(&mut self, cond: bool, tera: impl Display, body: impl FnOnce(&mut Self));
    /// `{% if tera %}…{% else %}…{% endif %}`.
    fn when_else(
        &mut self,
        cond: bool,
        tera: impl Display,
        yes: impl FnOnce(&mut Self),
        no: impl FnOnce(&mut Self),
    );
    /// `{% if tera %}…{% endif %}` around a value that may be missing.
    fn when_some<T: Default>(
        &mut self,
        value: Option<&T>,
        tera: impl Display,
        body: impl FnOnce(&mut Self, &T),
    );
    /// `{% for tera %}…{% endfor %}` (`tera` is `item in items`).
    fn each<T: Default>(
        &mut self,
        items: &[T],
        tera: impl Display,
        body: impl FnMut(&mut Self, &T, Place),
    );
    /// `{% block name %}…{% endblock name %}`: a part a template that extends this one replaces.
    fn block(&mut self, name: &str, body: impl FnOnce(&mut Self));
    /// Where the page's way to the site root goes in a row written once for many pages:
    /// `{{ root }}`.
    fn root_here(&mut self);
    /// A part of a row that some pages leave out: written and its place recorded, or
    /// `{% if tera %}…{% endif %}`.
    fn optional(&mut self, tera: impl Display, body: impl FnOnce(&mut Self));
}

/// Writes a page's (or a row's) bytes.
pub(super) struct PageWriter {
    pub out: String,
    /// See [`Markup::root_here`].
    pub root_at: usize,
    /// See [`Markup::optional`].
    pub optional: Range<usize>,
}

impl PageWriter {
    pub fn with_capacity(bytes: usize) -> PageWriter {
        PageWriter {
            out: String::with_capacity(bytes),
            root_at: 0,
            optional: 0..0,
        }
    }
}

impl Markup for PageWriter {
    #[inline]
    fn lit(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// Escaped as Tera's autoescape writes it (the same function: `&`, `<`, `>`, `"`, `'`).
    #[inline]
    fn text(&mut self, value: &str, _: impl Display) {
        // Most values (a root, a date, a label) hold none of the five: copied as they are,
        // without the set-up of the 16-bytes-at-a-time escaping, which costs more than they do.
        if value.len() < 64 && !value.bytes().any(|b| ESCAPED[usize::from(b)]) {
            self.out.push_str(value);
        } else {
            // Writing into a String cannot fail.
            let _ = escape_html(&mut self.out, value);
        }
    }

    #[inline]
    fn raw(&mut self, html: &str, _: impl Display) {
        self.out.push_str(html);
    }

    #[inline]
    fn when(&mut self, cond: bool, _: impl Display, body: impl FnOnce(&mut Self)) {
        if cond {
            body(self);
        }
    }

    #[inline]
    fn when_else(
        &mut self,
        cond: bool,
        _: impl Display,
        yes: impl FnOnce(&mut Self),
        no: impl FnOnce(&mut Self),
    ) {
        if cond { yes(self) } else { no(self) }
    }

    #[inline]
    fn when_some<T: Default>(
        &mut self,
        value: Option<&T>,
        _: impl Display,
        body: impl FnOnce(&mut Self, &T),
    ) {
        if let Some(value) = value {
            body(self, value);
        }
    }

    #[inline]
    fn each<T: Default>(
        &mut self,
        items: &[T],
        _: impl Display,
        mut body: impl FnMut(&mut Self, &T, Place),
    ) {
        for (index, item) in items.iter().enumerate() {
            let last = index + 1 == items.len();
            body(self, item, Place { last });
        }
    }

    #[inline]
    fn block(&mut self, _: &str, body: impl FnOnce(&mut Self)) {
        body(self);
    }

    #[inline]
    fn root_here(&mut self) {
        self.root_at = self.out.len();
    }

    #[inline]
    fn optional(&mut self, _: impl Display, body: impl FnOnce(&mut Self)) {
        let start = self.out.len();
        body(self);
        self.optional = start..self.out.len();
    }
}

/// Writes the Tera template that renders the same bytes as [`PageWriter`]. A statement whose
/// body starts on a new line goes on its own line, indented like that body, with `{%-` taking
/// the line break out again (unless the markup before it ends in white space, which `{%-`
/// would take too); the others stay inline, as the markup reads.
#[derive(Default)]
pub(super) struct TemplateWriter {
    pub source: String,
}

impl TemplateWriter {
    /// `{% extends "template" %}` on its own line: the template fills that one's blocks.
    pub fn extends(&mut self, template: &str) {
        let _ = writeln!(self.source, "{{% extends \"{template}\" %}}");
    }

    /// A comment for whoever reads the template, which the page does not get (`{#- … -#}`,
    /// with the white space after it).
    pub fn comment(&mut self, text: &str) {
        let _ = writeln!(self.source, "{{#- {text} -#}}");
    }

    /// What `body` writes, taken out of the source.
    fn capture(&mut self, body: impl FnOnce(&mut Self)) -> String {
        let start = self.source.len();
        body(self);
        self.source.split_off(start)
    }

    /// A statement and its bodies (`if`, `else`, `endif`): each statement is followed by its
    /// body; the last one closes the construct. The first body decides the layout.
    fn construct(&mut self, parts: &[(String, String)]) {
        let first = parts.first().map_or("", |(_, body)| body.as_str());
        let own_lines = first.starts_with('\n');
        for (statement, body) in parts {
            self.statement(statement, own_lines.then(|| indent(&first[1..])));
            self.source.push_str(body);
        }
    }

    /// `{% statement %}`, or on its own line with `indent` (when the markup before it does not
    /// end in white space).
    fn statement(&mut self, statement: &str, indent: Option<&str>) {
        let src = &mut self.source;
        match indent {
            Some(indent) if !src.is_empty() && !src.ends_with(char::is_whitespace) => {
                let _ = write!(src, "\n{indent}{{%- {statement} %}}");
            }
            _ => {
                let _ = write!(src, "{{% {statement} %}}");
            }
        }
    }

    /// An expression: `{{ expression }}`.
    fn expression(&mut self, expression: impl Display) {
        let _ = write!(self.source, "{{{{ {expression} }}}}");
    }
}

impl Markup for TemplateWriter {
    fn lit(&mut self, text: &str) {
        assert!(
            !["{{", "{%", "{#"].iter().any(|t| text.contains(t)),
            "markup that Tera would read as a tag: {text}"
        );
        self.source.push_str(text);
    }

    fn text(&mut self, _: &str, tera: impl Display) {
        self.expression(tera);
    }

    fn raw(&mut self, _: &str, tera: impl Display) {
        self.expression(format_args!("{tera} | safe"));
    }

    fn when(&mut self, _: bool, tera: impl Display, body: impl FnOnce(&mut Self)) {
        let body = self.capture(body);
        self.construct(&[
            (format!("if {tera}"), body),
            ("endif".into(), String::new()),
        ]);
    }

    fn when_else(
        &mut self,
        _: bool,
        tera: impl Display,
        yes: impl FnOnce(&mut Self),
        no: impl FnOnce(&mut Self),
    ) {
        let (yes, no) = (self.capture(yes), self.capture(no));
        self.construct(&[
            (format!("if {tera}"), yes),
            ("else".into(), no),
            ("endif".into(), String::new()),
        ]);
    }

    fn when_some<T: Default>(
        &mut self,
        _: Option<&T>,
        tera: impl Display,
        body: impl FnOnce(&mut Self, &T),
    ) {
        let body = self.capture(|m| body(m, &T::default()));
        self.construct(&[
            (format!("if {tera}"), body),
            ("endif".into(), String::new()),
        ]);
    }

    fn each<T: Default>(
        &mut self,
        _: &[T],
        tera: impl Display,
        mut body: impl FnMut(&mut Self, &T, Place),
    ) {
        let body = self.capture(|m| body(m, &T::default(), Place::default()));
        self.construct(&[
            (format!("for {tera}"), body),
            ("endfor".into(), String::new()),
        ]);
    }

    fn block(&mut self, name: &str, body: impl FnOnce(&mut Self)) {
        let body = self.capture(body);
        self.construct(&[
            (format!("block {name}"), body),
            (format!("endblock {name}"), String::new()),
        ]);
    }

    fn root_here(&mut self) {
        self.expression("root");
    }

    fn optional(&mut self, tera: impl Display, body: impl FnOnce(&mut Self)) {
        self.when(true, tera, body);
    }
}

/// The spaces and tabs `line` starts with.
fn indent(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Markup with the layouts the template writer must keep: statements after white space
    /// and after text, bodies on new lines and inline, nested statements.
    fn sample<M: Markup>(m: &mut M, flag: bool, items: &[String]) {
        m.lit("<ul class=\"a\">");
        m.each(items, "item in items", |m, item, at| {
            m.lit("\n  <li>");
            m.text(item, "item");
            m.when(!at.last, "not loop.last", |m| m.lit(","));
            m.lit("</li>");
        });
        m.lit("\n</ul> ");
        m.when_else(flag, "flag", |m| m.lit("\n  yes "), |m| m.lit("no\n"));
        m.lit("\n");
        m.when(flag, "flag", |m| {
            m.lit("\n    <b>");
            m.text(&items.len().to_string(), "items | length");
            m.raw("<i>", "\"<i>\"");
            m.lit("</b>\n");
        });
        m.lit("end");
    }

    #[test]
    fn tera_renders_the_template_as_the_page_writer_writes_the_page() {
        let mut template = TemplateWriter::default();
        sample(&mut template, false, &[]);
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates([("sample.html", template.source.as_str())])
            .unwrap();
        for flag in [false, true] {
            for items in [vec![], vec!["a<b".into()], vec!["x".into(), "y&'z".into()]] {
                let mut page = PageWriter::with_capacity(0);
                sample(&mut page, flag, &items);
                let mut ctx = tera::Context::new();
                ctx.insert("flag", &flag);
                ctx.insert("items", &items);
                let rendered = tera.render("sample.html", &ctx).unwrap();
                assert_eq!(rendered, page.out, "{}", template.source);
            }
        }
    }

    #[test]
    fn a_row_s_root_and_optional_part_are_recorded() {
        let mut page = PageWriter::with_capacity(0);
        page.lit("<a");
        page.optional("on_home", |m| m.lit(" data-x"));
        page.lit(" href=\"");
        page.root_here();
        page.lit("p\">");
        assert_eq!(page.out, "<a data-x href=\"p\">");
        assert_eq!(&page.out[page.optional.clone()], " data-x");
        assert_eq!(&page.out[page.root_at..], "p\">");
    }
}
