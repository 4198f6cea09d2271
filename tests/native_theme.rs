//! The built-in incident page and list row are written without Tera (src/render/native/, from
//! which the three templates are generated: tests/theme_generated.rs): every page must be the
//! same bytes as the theme's templates rendered by Tera. Each site is
//! built twice, once as is and once with a site theme holding the same three templates plus a
//! Tera comment (so incidex renders them with Tera), and every file is compared.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, files_below, run_in};

const TEMPLATES: [(&str, &str); 3] = [
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "incident.html",
        include_str!("../themes/default/templates/incident.html"),
    ),
    (
        "incident-row.html",
        include_str!("../themes/default/templates/incident-row.html"),
    ),
];

/// Builds the site at `root` into `out` with `args`; panics unless it succeeds.
fn build(root: &Path, out: &Path, args: &[&str]) {
    let out = out.to_string_lossy().into_owned();
    let mut all = vec!["build", "--output", out.as_str()];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_in(root, &all);
    assert_eq!(code, 0, "build failed:\n{stdout}\n{stderr}");
}

/// A copy of the site at `from` whose theme `tera` holds the built-in incident templates with a
/// comment added: the same markup, rendered by Tera.
fn with_tera_templates(from: &Path, to: &Path) {
    copy_dir(from, to);
    let templates = to.join("themes/tera/templates");
    std::fs::create_dir_all(&templates).unwrap();
    for (name, text) in TEMPLATES {
        std::fs::write(
            templates.join(name),
            format!("{text}{{# rendered by Tera #}}"),
        )
        .unwrap();
    }
    let config = to.join("incidex.yaml");
    let mut yaml = std::fs::read_to_string(&config).unwrap_or_default();
    yaml.push_str("\ntheme: tera\n");
    std::fs::write(&config, yaml).unwrap();
}

/// Builds `site` both ways with `args` and asserts that every file is the same; returns how
/// many incident pages were compared.
fn assert_same_site(site: &Path, args: &[&str]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let tera_site = dir.path().join("tera-site");
    with_tera_templates(site, &tera_site);
    let (native_out, tera_out) = (dir.path().join("native"), dir.path().join("tera"));
    build(site, &native_out, args);
    build(&tera_site, &tera_out, args);
    let files = files_below(&native_out);
    assert_eq!(files, files_below(&tera_out), "the same files");
    let mut pages = 0;
    for file in files.iter().filter(|f| f.as_str() != ".incidex") {
        let (a, b) = (native_out.join(file), tera_out.join(file));
        let (native, tera) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        if native != tera {
            let (native, tera) = (
                String::from_utf8_lossy(&native),
                String::from_utf8_lossy(&tera),
            );
            let (line, (a, b)) = native
                .lines()
                .chain(std::iter::repeat("<end>"))
                .zip(tera.lines().chain(std::iter::repeat("<end>")))
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .unwrap_or((0, ("(the same lines)", "(the same lines)")));
            panic!(
                "{file} ({args:?}) differs at line {}:\nnative: {a}\ntera:   {b}",
                line + 1
            );
        }
        pages += usize::from(file.starts_with("incidents/") && file.ends_with("index.html"));
    }
    pages
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_example_archive_is_the_same_with_and_without_a_base_url() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(repo().join("incidex.yaml"), site.join("incidex.yaml")).unwrap();
    copy_dir(&repo().join("content"), &site.join("content"));
    assert!(assert_same_site(&site, &[]) >= 6);
    assert!(assert_same_site(&site, &["--base-url", "https://incidents.example.org/"]) >= 6);
}

#[test]
fn fixture_sites_are_the_same() {
    let fixtures = repo().join("tests/fixtures");
    assert!(assert_same_site(&fixtures.join("site-publish"), &[]) >= 3);
    assert!(assert_same_site(&fixtures.join("site-publish"), &["--public"]) >= 3);
    let dir = tempfile::tempdir().unwrap();
    let styles = dir.path().join("styles");
    copy_dir(&fixtures.join("valid-styles"), &styles);
    std::fs::write(styles.join("incidex.yaml"), "language: en\n").unwrap();
    assert!(assert_same_site(&styles, &["--drafts"]) >= 10);
}

/// A report for every combination the templates branch on, by the bits of `n`.
fn varied_report(n: usize) -> String {
    let bit = |b: usize| n >> b & 1 == 1;
    let kinds = ["Downtime", "Erreur", "Sécurité", "Performance", "Coût"];
    let severities = ["Critique", "Haute", "Moyenne", "Basse"];
    let titles = [
        "",
        " — Redis <plein> & \"lent\"",
        " — L'API d'évaluation 'tombe'",
        " — \u{202e}evil\u{202c} `code` *étoile*",
    ];
    let day = 1 + n % 28;
    let month = 1 + n / 28 % 12;
    let year = 2020 + n / 336;
    let mut text = String::new();
    if bit(0) || bit(5) {
        text.push_str("---\n");
        if bit(0) {
            text.push_str("services: [evaluation-api, \"Redis <cache>\"]\ntags: [oom, \"a&b\"]\n");
        }
        if bit(5) && bit(6) {
            text.push_str("draft: true\n");
        }
        if bit(5) {
            text.push_str(&format!(
                "detected: {year}-{month:02}-{day:02} 10:05\nresolved: {year}-{month:02}-{day:02} 11:00\n"
            ));
        }
        text.push_str("---\n");
    }
    text.push_str(&format!(
        "## Incident {year}-{month:02}-{day:02} 10:00{}\n\n",
        titles[n % 4]
    ));
    text.push_str(&format!(
        "**Type :** {}\n**Sévérité :** {}\n",
        kinds[n % 5],
        severities[n / 5 % 4]
    ));
    text.push_str(if bit(1) {
        "**Durée :** en cours\n"
    } else {
        "**Durée :** 1 heure 5 minutes\n"
    });
    text.push_str(match n % 3 {
        0 => "**Impact utilisateurs :** Non\n",
        1 => "**Impact utilisateurs :** Oui - clients \"premium\" <b>bloqués</b>\n",
        _ => "**Impact utilisateurs :** Oui\n",
    });
    if bit(2) {
        text.push_str("**Responsable :** Équipe <ops> & \"SRE\"\n");
    }
    if !bit(3) {
        text.push_str("\nLe résumé : un cache **plein** & des <script>alert(1)</script> [lien](https://example.org/?a=1&b=2)[^1].\n\n[^1]: Une note.\n");
    }
    text.push_str("\n### Cause\nMémoire pleine[^1].\n\n[^1]: Note de la cause.\n\n### Symptômes\n- 502 <b>\n- `timeout`\n\n### Actions Immédiates\n1. Redémarré\n\n### Résolution\nLimites.\n\n### Prévention\n- [ ] Alerte @ops\n");
    if bit(4) {
        text.push_str("\n### Notes de l'équipe\nUne section que le modèle n'a pas.\n");
    }
    if bit(7) {
        text.push_str("\n### Coût Impact\n- **Temps d'indisponibilité :** 2 heures\n- **Coût perdu :** $1,200.50\n- **Coût résolution :** N/A\n");
    }
    match n % 4 {
        0 => {}
        1 => text.push_str("\n### Références\n- Logs : N/A\n- Dashboard : N/A\n- Tickets : N/A\n"),
        2 => text.push_str("\n### Références\n- Logs : https://logs.example.org/q?a=1&b=\"2\"\n- Dashboard : ../notes/tableau.md\n- Tickets : INC-1, INC <2>\n- Runbook : javascript:alert(1)\n"),
        _ => text.push_str("\n### Références\n- Logs : //cdn.example.org/x\n- Dashboard : http://grafana.example.org/d/1\n- Tickets : N/A\n"),
    }
    text
}

#[test]
fn reports_of_every_shape_are_the_same() {
    // 230 reports: the home page shows its newest 200, listings have second pages.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(
        site.join("incidex.yaml"),
        "title: \"Ops <&> 'Incidents'\"\nlanguage: fr\ntimezone: Europe/Paris\nticket_url: \"https://tracker.example.org/browse/{ticket}\"\n",
    )
    .unwrap();
    for n in 0..230 {
        std::fs::write(
            site.join(format!("content/report-{n:03}.md")),
            varied_report(n),
        )
        .unwrap();
    }
    assert_eq!(assert_same_site(&site, &["--drafts"]), 230);
    let yaml = std::fs::read_to_string(site.join("incidex.yaml")).unwrap();
    std::fs::write(
        site.join("incidex.yaml"),
        // Tickets as links without a scheme.
        yaml.replace("language: fr", "language: en")
            .replace("https://tracker.", "//tracker."),
    )
    .unwrap();
    assert!(
        assert_same_site(
            &site,
            &["--base-url", "https://example.org/o'ps/?x=<1>&y=\"2\""]
        ) > 100,
        "drafts left out"
    );
}

#[test]
fn a_single_report_has_no_pager_and_is_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("content/only.md"), varied_report(0b1010_1110)).unwrap();
    assert_eq!(assert_same_site(&site, &["--drafts"]), 1);
}

/// A one-report site using the theme `mine` with `files` (paths below the theme folder).
fn site_with_theme(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("content/only.md"), varied_report(6)).unwrap();
    std::fs::write(site.join("incidex.yaml"), "language: en\ntheme: mine\n").unwrap();
    for (path, text) in files {
        let path = site.join("themes/mine").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The incident page of [`site_with_theme`], built.
fn only_page(site: &Path) -> String {
    let out = site.join("public");
    build(site, &out, &[]);
    std::fs::read_to_string(out.join("incidents/only/index.html")).unwrap()
}

#[test]
fn a_site_s_own_page_templates_and_labels_are_used() {
    let incident = r#"{% extends "base.html" %}{% block content %}<p class="mine">{{ incident.title }}</p>{% endblock content %}"#;
    let page = only_page(site_with_theme(&[("templates/incident.html", incident)]).path());
    assert!(page.starts_with("<!doctype html>"), "{page}");
    assert!(page.contains("<p class=\"mine\">L&#39;API"), "{page}");
    assert!(!page.contains("meta-card"), "{page}");

    let base = "<html data-mine>{% block title %}{% endblock title %}{% block head %}{% endblock head %}{% block content %}{% endblock content %}</html>";
    let page = only_page(site_with_theme(&[("templates/base.html", base)]).path());
    assert!(
        page.starts_with("<html data-mine>\n<article class=\"incident\">"),
        "{page}"
    );

    // Labels laid over the built-in ones, escaped like every value.
    let labels = "incident:\n  back: \"Back <home> & 'up'\"\n";
    let page = only_page(site_with_theme(&[("i18n/en.yaml", labels)]).path());
    assert!(
        page.contains("</span> Back &lt;home&gt; &amp; &#39;up&#39;</a>"),
        "{page}"
    );
    // A label that is not text is printed the way Tera prints it.
    let page = only_page(site_with_theme(&[("i18n/en.yaml", "skip_link: 42\n")]).path());
    assert!(page.contains("href=\"#main\">42</a>"), "{page}");
}

#[test]
fn a_site_s_own_list_template_gets_every_row_s_fields() {
    // The built-in list templates only count the rows; a site's own gets their fields.
    let home = "{% for row in incidents %}<p>{{ row.title }}|{{ row.severity.slug }}|{{ row.path }}</p>{% endfor %}";
    let site = site_with_theme(&[("templates/home.html", home)]);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(
        page,
        "<p>L&#39;API d&#39;évaluation &#39;tombe&#39;|high|incidents/only/</p>"
    );
}
