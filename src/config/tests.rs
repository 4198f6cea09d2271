//! incidex.yaml read key by key: defaults, every key, wrong values, paths out of the root.

use super::*;

fn load(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
    Config::load(dir.path(), Path::new("incidex.yaml"))
}

#[test]
fn defaults_without_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::load(dir.path(), Path::new("incidex.yaml")).unwrap();
    assert_eq!(c.language, Language::English);
    assert_eq!(c.timezone, Tz::UTC);
    assert_eq!(c.currency, "USD");
    assert_eq!(c.content_dir, PathBuf::from("content"));
    assert_eq!(c.output_dir, PathBuf::from("public"));
}

#[test]
fn every_key_is_read() {
    let c = load(
        "title: Incidents\ndescription: Our archive\nlanguage: fr\ntimezone: Europe/Paris\ncurrency: eur\n\
             base_url: https://x.example.org/\ncontent_dir: reports\noutput_dir: site\n\
             ticket_url: https://t.example.org/{ticket}\ntheme: mine\nallow_raw_html: true\nprivate: [cost]\n",
    )
    .unwrap();
    assert_eq!(c.language, Language::French);
    assert_eq!(c.timezone, chrono_tz::Europe::Paris);
    assert_eq!(c.currency, "EUR");
    assert_eq!(c.content_dir, PathBuf::from("reports"));
    assert_eq!(
        c.ticket_url.as_deref(),
        Some("https://t.example.org/{ticket}")
    );
    assert!(c.allow_raw_html);
    assert_eq!(c.private, vec!["cost".to_string()]);
}

#[test]
fn unknown_keys_and_wrong_values_are_all_reported_at_their_line() {
    let e = load(
        "title: x\nlanguage: de\ntitel: y\ntimezone: Europe/Pariss\nallow_raw_html: yes please\n",
    )
    .unwrap_err();
    let lines: Vec<_> = e
        .iter()
        .map(|d| (d.location.line, d.message.clone()))
        .collect();
    assert_eq!(e.len(), 4, "{lines:?}");
    assert_eq!(e[0].location.line, 2);
    assert!(e[0].message.contains("unsupported language `de`"));
    assert_eq!(e[1].location.line, 3);
    assert_eq!(e[1].help.as_deref(), Some("did you mean `title`?"));
    assert_eq!(e[2].location.line, 4);
    assert_eq!(e[2].help.as_deref(), Some("did you mean `Europe/Paris`?"));
    assert_eq!(e[3].location.line, 5);
    assert!(e[3].message.contains("must be `true` or `false`"));
}

#[test]
fn paths_must_stay_inside_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for inside in ["content", "a/../content", "./docs/incidents", "themes/../x"] {
        assert_eq!(leaves_root(root, Path::new(inside)), None, "{inside}");
    }
    for up in ["..", "../outside", "a/../../outside", "themes/../../x"] {
        assert_eq!(leaves_root(root, Path::new(up)), Some(Escape::Up), "{up}");
    }
    assert_eq!(
        leaves_root(root, Path::new("/tmp/x")),
        Some(Escape::Absolute)
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_root_counts_as_outside() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
    std::os::unix::fs::symlink("/nonexistent-x", dir.path().join("nowhere")).unwrap();
    let resolved = outside.path().canonicalize().unwrap();
    for path in ["out", "out/below/not/yet", "nowhere"] {
        assert!(
            matches!(
                leaves_root(dir.path(), Path::new(path)),
                Some(Escape::Link(_))
            ),
            "{path}"
        );
    }
    assert_eq!(
        leaves_root(dir.path(), Path::new("out")),
        Some(Escape::Link(resolved))
    );
    std::fs::write(dir.path().join(CONFIG_FILE), "content_dir: out\n").unwrap();
    let e = Config::load(dir.path(), Path::new(CONFIG_FILE)).unwrap_err();
    assert!(
        e[0].message
            .starts_with("`content_dir: out` leads outside the site root through a symbolic link"),
        "{e:?}"
    );
}

#[test]
fn published_types_are_read_and_active_ones_need_their_own_key() {
    let c = load("publish_types: [YAML, .md5]\npublish_active_types: [svg]\n").unwrap();
    assert_eq!(c.publish_types, vec!["yaml", "md5"]);
    assert_eq!(c.publish_active_types, vec!["svg"]);
    let e = load("publish_types: [png, svg, \"a b\"]\n").unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(
        e[0].message,
        "`svg` files can run script in the reader's browser"
    );
    assert_eq!((e[0].location.line, e[0].location.column), (1, 22));
    assert_eq!(e[1].message, "`a b` is not a file extension");
}

#[test]
fn syntax_errors_and_bombs_are_diagnostics() {
    let e = load("title: [unclosed\n").unwrap_err();
    assert_eq!(e[0].code, Code::InvalidConfig);
    assert!(e[0].message.starts_with("invalid YAML"));
}

#[test]
fn links_are_pretty_unless_the_archive_is_built_for_disk() {
    let dir = tempfile::tempdir().unwrap();
    let defaults = Config::load(dir.path(), Path::new(CONFIG_FILE)).unwrap();
    assert_eq!(defaults.links, Links::Pretty);
    assert_eq!(load("links: file\n").unwrap().links, Links::File);
    assert_eq!(load("links: Pretty\n").unwrap().links, Links::Pretty);
    let e = load("title: x\nlinks: folder\n").unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "unknown link style `folder`");
    assert_eq!((e[0].location.line, e[0].location.column), (2, 8));
    assert!(e[0].help.as_deref().unwrap().starts_with("use `pretty`"));
    let e = load("links: [file]\n").unwrap_err();
    assert_eq!(e[0].message, "`links` must be text, found a list");
}

#[test]
fn a_base_url_must_be_a_full_web_address() {
    let e = load("base_url: incidents.example.org\n").unwrap_err();
    assert_eq!(
        e[0].message,
        "`incidents.example.org` is not an absolute address starting with `https://` or `http://`"
    );
    assert_eq!(
        e[0].help.as_deref(),
        Some("write the full address, e.g. `https://incidents.example.org/`")
    );
}
