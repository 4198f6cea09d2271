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
             ticket_url: https://t.example.org/{ticket}\ntheme: mine\nprivate: [cost]\n",
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
    assert_eq!(c.private, vec!["cost".to_string()]);
}

#[test]
fn allow_raw_html_is_read_only_where_raw_html_can_be_sanitised() {
    assert!(!load("allow_raw_html: false\n").unwrap().allow_raw_html);
    let allowed = load("title: x\nallow_raw_html: true\n");
    if cfg!(feature = "raw-html") {
        assert!(allowed.unwrap().allow_raw_html);
    } else {
        let e = allowed.unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, Code::InvalidConfig);
        assert_eq!(e[0].location.line, 2);
        assert!(
            e[0].message.contains("`raw-html` feature"),
            "{}",
            e[0].message
        );
    }
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

#[test]
fn services_are_read_by_slug_with_their_name_and_objective() {
    let c = load(
        "title: x\nservices:\n  API publique:\n    name: \"API publique (v2)\"\n    slo: 99.9\n  \
         worker: {slo: 99}\n  cache:\n  Base_Données: {name: Base}\n",
    )
    .unwrap();
    let slugs: Vec<&str> = c.services.keys().map(String::as_str).collect();
    assert_eq!(slugs, ["api-publique", "base-donnees", "cache", "worker"]);
    let api = &c.services["api-publique"];
    assert_eq!(api.name.as_deref(), Some("API publique (v2)"));
    assert_eq!(api.slo, Some(99.9));
    assert_eq!(
        c.services["worker"],
        ServiceConfig {
            name: None,
            slo: Some(99.0)
        }
    );
    assert_eq!(c.services["cache"], ServiceConfig::default());
    assert_eq!(c.services["base-donnees"].name.as_deref(), Some("Base"));
    // Each service is located at its key, as written, for the warning about unnamed ones.
    let api = &c.service_keys["api-publique"];
    assert_eq!(api.written, "API publique");
    assert_eq!((api.location.line, api.location.column), (3, 3));
    assert_eq!(c.service_keys["worker"].location.line, 6);
    assert_eq!(c.service_keys["base-donnees"].written, "Base_Données");
}

#[test]
fn no_services_is_fine() {
    for text in [
        "services:\n",
        "services: {}\n",
        "services: ~\n",
        "title: x\n",
    ] {
        let c = load(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        assert!(c.services.is_empty(), "{text:?}");
        assert!(c.service_keys.is_empty(), "{text:?}");
    }
}

/// The message, help, line and column of each problem of `text`.
fn problems(text: &str) -> Vec<(String, String, usize, usize)> {
    load(text)
        .unwrap_err()
        .into_iter()
        .map(|d| {
            assert_eq!(d.code, Code::InvalidConfig);
            (
                d.message,
                d.help.unwrap_or_default(),
                d.location.line,
                d.location.column,
            )
        })
        .collect()
}

#[test]
fn an_objective_is_a_number_of_percent_strictly_between_0_and_100() {
    let found = problems(
        "services:\n  api:\n    slo: \"99.9%\"\n  web: {slo: 100}\n  db:\n    slo: 0\n  \
         dns:\n    slo: high\n  cdn:\n    slo: [99]\n",
    );
    let help = |n: &str| {
        format!("write the monthly availability objective in percent, without `%`: `slo: {n}`")
    };
    assert_eq!(
        found,
        [
            (
                "the objective of the service `api` must be a number, found the text `99.9%`".into(),
                help("99.9"),
                3,
                10
            ),
            (
                "the objective of the service `web` must be strictly between 0 and 100, found `100`"
                    .into(),
                help("99.9"),
                4,
                9
            ),
            (
                "the objective of the service `db` must be strictly between 0 and 100, found `0`"
                    .into(),
                help("99.9"),
                6,
                10
            ),
            (
                "the objective of the service `dns` must be a number, found the text `high`".into(),
                help("99.9"),
                8,
                10
            ),
            (
                "the objective of the service `cdn` must be a number, found a list".into(),
                help("99.9"),
                10,
                10
            ),
        ]
    );
    // The help keeps the number meant, written as YAML reads it.
    let found = problems("services: {api: {slo: \"99,95 %\"}}\n");
    assert_eq!(found[0].1, help("99.95"));
    assert_eq!(found[0].2, 1);
}

#[test]
fn a_wrong_service_is_an_error_at_its_line() {
    let found = problems(
        "services:\n  api:\n    nmae: API\n    slo: 99.5\n  \"!!!\": {}\n  Worker: {}\n  \
         worker:\n    name: \"  \"\n  cache: 5\n  db: {owner: ops}\n",
    );
    let lines: Vec<_> = found
        .iter()
        .map(|p| (p.0.as_str(), p.1.as_str(), p.2, p.3))
        .collect();
    assert_eq!(
        lines,
        [
            (
                "unknown key `nmae` for the service `api` in incidex.yaml",
                "did you mean `name`?",
                3,
                5
            ),
            (
                "the service `!!!` has no URL name: it holds no letter or digit",
                "name the service as its reports do, with letters or digits, e.g. `api`",
                5,
                3
            ),
            (
                "the service `worker` is the same as `Worker`: both have the URL name `worker`",
                "keep one of them: reports naming either are the same service",
                7,
                3
            ),
            (
                "the service `cache` must be a mapping of `name` and `slo`, found the number `5`",
                "e.g. `cache: {name: \"API publique\", slo: 99.9}`",
                9,
                10
            ),
            (
                "unknown key `owner` for the service `db` in incidex.yaml",
                "a service's keys are: name, slo",
                10,
                8
            ),
        ]
    );
    let e = load("services:\n  Worker: {}\n  worker: {}\n").unwrap_err();
    assert_eq!(e[0].related[0].location.line, 2);
    assert_eq!(e[0].related[0].message, "the first one");
    let e = problems("services: [api, worker]\n");
    assert_eq!(
        e[0].0,
        "`services` must be a mapping of services, found a list"
    );
    assert_eq!(
        e[0].1,
        "write each service as the reports name it, e.g. `services: {api: {name: \"API publique\", slo: 99.9}}`"
    );
    // A name shown in the pages loses the controls that could make it read as another.
    let c = load("services:\n  api: {name: \"API \\u202Eelbats\\u202C v2\"}\n").unwrap();
    assert_eq!(c.services["api"].name.as_deref(), Some("API elbats v2"));
    let e = problems("services:\n  api: {name: \"\"}\n");
    assert_eq!(
        e[0].0,
        "the name of the service `api` must be text, found an empty text"
    );
    assert_eq!(problems("servics: {}\n")[0].1, "did you mean `services`?");
}

#[test]
fn action_due_days_are_read_per_severity_each_optional() {
    let c =
        load("action_due_days:\n  critical: 15\n  high: 30\n  medium: 60\n  low: 90\n").unwrap();
    let days = Severity::ALL.map(|s| c.action_due_days.of(s));
    assert_eq!(days, [Some(15), Some(30), Some(60), Some(90)]);
    let c = load("action_due_days: {high: 7}\n").unwrap();
    let days = Severity::ALL.map(|s| c.action_due_days.of(s));
    assert_eq!(days, [None, Some(7), None, None]);
    for text in ["action_due_days:\n", "action_due_days: {}\n", "title: x\n"] {
        let c = load(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        assert_eq!(c.action_due_days, ActionDueDays::default(), "{text:?}");
    }
}

#[test]
fn wrong_action_due_days_are_errors_at_their_line() {
    let found = problems(
        "action_due_days:\n  critique: 15\n  hight: 30\n  medium: 0\n  low: \"90 days\"\n  \
         urgent: 3\n  high: 2.5\n",
    );
    let days = |severity: &str, found: &str, line, column| {
        (
            format!(
                "the days to the due date of `{severity}` action items must be a positive whole number, found {found}"
            ),
            format!("write the number of days after the incident's start, e.g. `{severity}: 30`"),
            line,
            column,
        )
    };
    let severity = |written: &str, help: &str, line| {
        (
            format!("`{written}` is not a severity in `action_due_days` of incidex.yaml"),
            help.to_string(),
            line,
            3,
        )
    };
    assert_eq!(
        found,
        [
            severity("critique", "did you mean `critical`?", 2),
            severity("hight", "did you mean `high`?", 3),
            days("medium", "`0`", 4, 11),
            days("low", "the text `90 days`", 5, 8),
            severity(
                "urgent",
                "the severities are: critical, high, medium, low",
                6
            ),
            days("high", "`2.5`", 7, 9),
        ]
    );
    assert_eq!(
        problems("action_due_days: 30\n"),
        [(
            "`action_due_days` must be a mapping of severities to a number of days, found the number `30`"
                .to_string(),
            "e.g. `action_due_days: {critical: 15, high: 30, medium: 60, low: 90}`".to_string(),
            1,
            18
        )]
    );
}
