//! Issue 18, "every incident has a title a reader can tell apart": a report without a title
//! is shown by the first sentence of its summary, else of its Cause, everywhere a title is
//! (rows, `<title>`, heading, feeds, search data, previous/next, statistics, JSON); an explicit
//! title always wins; the old "Incident du <date> · <type>" remains for a report with neither.
//! Every expected title below was worked out by hand from the report's text.

mod common;

use std::path::{Path, PathBuf};

use common::run_in;
use incidex::BuildCache;
use incidex::check::Drafts;
use incidex::output::OutputFile;

/// The seed's first example, exactly as the team's template writes it (no title).
const SEED_EXAMPLE: &str = "## Incident 2025-01-15 14:30

**Type :** Downtime
**Sévérité :** Critique
**Durée :** 25 minutes
**Impact utilisateurs :** Oui - Service inaccessible

### Cause
Instance Vast.ai crashée suite à erreur CUDA OOM (Out of Memory) lors d'une requête d'évaluation avec dialogue très long.

### Symptômes
- Health check retourne 502
- Logs montrent \"CUDA out of memory\"
- Instance status: \"Stopped\" dans dashboard

### Actions Immédiates
1. Redémarré l'instance depuis dashboard Vast.ai
2. Vérifié que le modèle se recharge correctement
3. Testé les endpoints après redémarrage

### Résolution
- Instance redémarrée manuellement
- Ajouté validation longueur dialogue (max 2000 tokens) dans code
- Commit et push correction
- Redéployé instance avec nouveau code

### Prévention
- Validation longueur inputs renforcée
- Monitoring OOM ajouté dans logs
- Alerte configurée si instance crash

### Coût Impact
- **Temps d'indisponibilité :** 25 minutes
- **Coût perdu :** ~$0.10 (25 min × $0.24/h)
- **Coût résolution :** 0$ (redémarrage gratuit)

### Références
- Logs : Dashboard Vast.ai → Instance → Logs (2025-01-15 14:30-14:55)
- Dashboard : https://vast.ai/console/instances
";

/// The seed example's Cause is 121 characters; the last space at or before the 72nd is the
/// 70th character, after "lors" (Instance·Vast.ai·crashée·suite·à·erreur·CUDA·OOM·(Out·of·
/// Memory)·lors: 8+1+7+1+7+1+5+1+1+1+6+1+4+1+3+1+4+1+2+1+7+1+4 = 69 characters).
const SEED_TITLE: &str = "Instance Vast.ai crashée suite à erreur CUDA OOM (Out of Memory) lors…";

/// A report of the template's shape: `head` is the heading (and anything before the field
/// lines), `summary` the text after them, `cause` the Cause section's.
fn report(head: &str, severity: &str, summary: &str, cause: &str) -> String {
    format!(
        "{head}

**Type :** Erreur
**Sévérité :** {severity}
**Durée :** 10 minutes
**Impact utilisateurs :** Non

{summary}

### Cause
{cause}

### Symptômes
- Erreurs 500

### Actions Immédiates
1. Redémarré le service

### Résolution
Service redémarré.

### Prévention
Alerte ajoutée.

### Coût Impact
- **Temps d'indisponibilité :** 0 minutes
- **Coût perdu :** N/A
- **Coût résolution :** N/A

### Références
- Tickets : INC-1
"
    )
}

/// The archive the tests build, oldest first:
/// - `instance-crash` (2025-01-15): the seed example, titled by its Cause;
/// - `bang` (2025-02-01): a summary whose first sentence ends with `!`, with Markdown;
/// - `question` (2025-02-02): a summary whose first sentence ends with `?`;
/// - `heading` (2025-02-03): a title after the date, and a summary;
/// - `hash-title` (2025-02-04): a `# Title` line;
/// - `front` (2025-02-05): a front matter `title:`;
/// - `image` (2025-02-06): no summary, a Cause with no text (an image without alt text).
fn write_archive(root: &Path) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        root.join("incidex.yaml"),
        "title: Incidents\nlanguage: fr\ntimezone: Europe/Paris\nbase_url: \"https://incidents.example.org/\"\n",
    )
    .unwrap();
    let files = [
        ("instance-crash.md", SEED_EXAMPLE.to_string()),
        (
            "bang.md",
            report(
                "## Incident 2025-02-01 10:00",
                "Haute",
                "La **base** [Redis](https://redis.io) est saturée ! Les écritures échouent.",
                "Mémoire pleine.",
            ),
        ),
        (
            "question.md",
            report(
                "## Incident 2025-02-02 10:00",
                "Moyenne",
                "Pourquoi le cache a-t-il expiré? Personne ne le sait.",
                "Inconnue.",
            ),
        ),
        (
            "heading.md",
            report(
                "## Incident 2025-02-03 10:00 — Panne DNS",
                "Basse",
                "Le résolveur ne répondait plus.",
                "Configuration.",
            ),
        ),
        (
            "hash-title.md",
            report(
                "# Certificat expiré\n\n## Incident 2025-02-04 10:00",
                "Basse",
                "Le certificat a expiré.",
                "Oubli.",
            ),
        ),
        (
            "front.md",
            format!(
                "---\ntitle: Disque plein\n---\n{}",
                report(
                    "## Incident 2025-02-05 10:00",
                    "Basse",
                    "Le disque était plein.",
                    "Logs.",
                )
            ),
        ),
        (
            "image.md",
            report(
                "## Incident 2025-02-06 10:00",
                "Basse",
                "",
                "![](schema.png)",
            ),
        ),
    ];
    for (name, text) in files {
        std::fs::write(content.join(name), text).unwrap();
    }
}

/// The archive, built into `<tmp>/site`.
fn built_archive() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("src");
    write_archive(&root);
    let site = dir.path().join("site");
    let (code, _, stderr) = run_in(&root, &["build", "--output", site.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    (dir, site)
}

fn read(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The derived titles and the explicit ones, as `incidents.json` gives them, with
/// `title_derived`: true for a derived title, left out for the others.
#[test]
fn incidents_json_gives_each_title_and_says_which_are_derived() {
    let (_dir, site) = built_archive();
    let items: Vec<serde_json::Value> =
        serde_json::from_str(&read(&site, "incidents.json")).unwrap();
    let titles: Vec<(&str, &str, Option<bool>)> = items
        .iter()
        .map(|i| {
            (
                i["slug"].as_str().unwrap(),
                i["title"].as_str().unwrap(),
                i.get("title_derived").map(|d| d.as_bool().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        titles,
        [
            ("image", "Incident du 6 févr. 2025, 10:00 · Erreur", None),
            ("front", "Disque plein", None),
            ("hash-title", "Certificat expiré", None),
            ("heading", "Panne DNS", None),
            ("question", "Pourquoi le cache a-t-il expiré?", Some(true)),
            ("bang", "La base Redis est saturée !", Some(true)),
            ("instance-crash", SEED_TITLE, Some(true)),
        ]
    );
    // The key sits in the alphabetical order of the item's keys, after `title`.
    let text = read(&site, "incidents.json");
    assert!(
        text.contains(&format!(
            "\"title\":\"{SEED_TITLE}\",\"title_derived\":true,\"type\":\"downtime\""
        )),
        "{text}"
    );
}

/// The page of the seed example: `<title>`, heading, Open Graph title, and its neighbour's
/// derived title in the previous/next links.
#[test]
fn an_incident_page_and_its_neighbours_show_derived_titles() {
    let (_dir, site) = built_archive();
    let page = read(&site, "incidents/instance-crash/index.html");
    assert!(
        page.contains(&format!("<title>{SEED_TITLE} · Incidents</title>")),
        "{page}"
    );
    assert!(page.contains(&format!(">{SEED_TITLE}</h1>")), "{page}");
    assert!(
        page.contains(&format!("og:title\" content=\"{SEED_TITLE}\"")),
        "{page}"
    );
    // Its newer neighbour is `bang`.
    assert!(
        page.contains("<span class=\"pager-title\">La base Redis est saturée !</span>"),
        "{page}"
    );
    let bang = read(&site, "incidents/bang/index.html");
    assert!(
        bang.contains(&format!("<span class=\"pager-title\">{SEED_TITLE}</span>")),
        "{bang}"
    );
    assert!(
        bang.contains("<span class=\"pager-title\">Pourquoi le cache a-t-il expiré?</span>"),
        "{bang}"
    );
    // Neither summary nor Cause text: the default title.
    let image = read(&site, "incidents/image/index.html");
    assert!(
        image.contains("<title>Incident du 6 févr. 2025, 10:00 · Erreur · Incidents</title>"),
        "{image}"
    );
}

/// The home page's rows, the search data, the feed and the statistics show the derived title.
#[test]
fn rows_search_feeds_and_statistics_show_derived_titles() {
    let (_dir, site) = built_archive();
    let home = read(&site, "index.html");
    for title in [SEED_TITLE, "La base Redis est saturée !", "Panne DNS"] {
        assert!(
            home.contains(&format!("\">{title}</a></th>")),
            "{title}: {home}"
        );
    }
    assert!(!home.contains("Incident du 15 janv."), "{home}");

    // The list data: the title, and its words folded as the search box folds what is typed
    // (accents and case folded, split at `.`, `(` and `…`).
    let list = common::ListData::read(&site);
    let at = list.position("instance-crash");
    assert_eq!(list.rows[at][list.column("title")], SEED_TITLE);
    for word in [
        "instance", "vast", "ai", "crashee", "cuda", "oom", "out", "of", "lors",
    ] {
        assert!(
            list.words[at].iter().any(|w| w == word),
            "{word}: {:?}",
            list.words[at]
        );
    }

    let feed = read(&site, "feed.xml");
    assert!(
        feed.contains(&format!("<title type=\"text\">{SEED_TITLE}</title>")),
        "{feed}"
    );
    assert!(
        feed.contains("<title type=\"text\">La base Redis est saturée !</title>"),
        "{feed}"
    );

    // The longest: the seed example's 25 minutes, then the others' 10.
    let stats: serde_json::Value = serde_json::from_str(&read(&site, "stats.json")).unwrap();
    assert_eq!(stats["longest"][0]["slug"], "instance-crash");
    assert_eq!(stats["longest"][0]["title"], SEED_TITLE);
    let stats_page = read(&site, "stats/index.html");
    assert!(stats_page.contains(SEED_TITLE), "{stats_page}");
}

/// `incidex stats --json` gives the same titles, and `check --strict` has nothing to say of
/// the seed example, written exactly like the template.
#[test]
fn the_terminal_shows_derived_titles_and_check_stays_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("src");
    write_archive(&root);
    // The tables show no titles; `--json` shows those of `stats.json`.
    let (code, stdout, stderr) = run_in(&root, &["stats", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let stats: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(stats["longest"][0]["title"], SEED_TITLE);
    assert_eq!(stats["costliest"][0]["incidents"][0]["title"], SEED_TITLE);

    let only_seed = dir.path().join("seed");
    std::fs::create_dir_all(only_seed.join("content")).unwrap();
    std::fs::write(only_seed.join("content/crash.md"), SEED_EXAMPLE).unwrap();
    let (code, stdout, stderr) = run_in(&only_seed, &["check", "--strict"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

/// A public build that hides the summary and the Cause does not show them through a title.
#[test]
fn a_private_summary_or_cause_never_makes_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("src");
    write_archive(&root);
    let config = root.join("incidex.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}private: [summary, sections.cause]\n"),
    )
    .unwrap();
    let site = dir.path().join("site");
    let (code, _, stderr) = run_in(
        &root,
        &["build", "--public", "--output", site.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    let json = read(&site, "incidents.json");
    assert!(!json.contains("Vast.ai crashée"), "{json}");
    assert!(!json.contains("saturée"), "{json}");
    assert!(
        json.contains("\"title\":\"Incident du 15 janv. 2025, 14:30 · Downtime\""),
        "{json}"
    );
    // Explicit titles stay.
    assert!(json.contains("\"title\":\"Panne DNS\""), "{json}");
}

/// Hostile text in a summary makes a title of its text only, escaped wherever it is shown.
#[test]
fn markup_in_a_summary_never_reaches_a_title_as_markup() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("src");
    write_archive(&root);
    std::fs::write(
        root.join("content/hostile.md"),
        report(
            "## Incident 2025-03-01 10:00",
            "Basse",
            "<img src=x onerror=alert(1)> **Panne** <b>&lt;script&gt;</b> du proxy. Suite.",
            "Inconnue.",
        ),
    )
    .unwrap();
    let site = dir.path().join("site");
    let (code, _, stderr) = run_in(&root, &["build", "--output", site.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let page = read(&site, "incidents/hostile/index.html");
    assert!(
        page.contains("<title>Panne &lt;script&gt; du proxy. · Incidents</title>"),
        "{page}"
    );
    assert!(!page.contains("<script>"), "{page}");
    let home = read(&site, "index.html");
    assert!(
        home.contains("\">Panne &lt;script&gt; du proxy.</a></th>"),
        "{home}"
    );
}

/// The preview renders again what shows a derived title when the text it comes from changes:
/// the incident's row and page, and its neighbours' previous/next links.
#[test]
fn the_preview_shows_a_changed_derived_title_after_a_save() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("src");
    write_archive(&root);
    let mut cache = BuildCache::default();
    let render = |cache: &mut BuildCache| -> Vec<OutputFile> {
        let mut built =
            incidex::build_site_cached(&root, None, Drafts::Softened, false, Some(cache)).unwrap();
        let files = built.render_in_memory(Some(&mut cache.pages)).unwrap();
        cache.keep_theme(built);
        files
    };
    let page = |files: &[OutputFile], path: &str| -> String {
        let file = files.iter().find(|f| f.path == path).unwrap();
        String::from_utf8(file.bytes.to_vec()).unwrap()
    };
    let first = render(&mut cache);
    assert!(page(&first, "incidents/bang/index.html").contains(SEED_TITLE));

    let report = root.join("content/instance-crash.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "Instance Vast.ai crashée suite",
            "Instance Vast.ai arrêtée. Crash suite",
        ),
    )
    .unwrap();
    cache
        .reports
        .only_changed([PathBuf::from("instance-crash.md")]);
    let second = render(&mut cache);
    for path in [
        "index.html",
        "incidents/instance-crash/index.html",
        "incidents/bang/index.html",
        "severity/critical/index.html",
        "incidents.json",
    ] {
        let text = page(&second, path);
        assert!(text.contains("Instance Vast.ai arrêtée."), "{path}: {text}");
        assert!(!text.contains(SEED_TITLE), "{path}");
    }
}

/// The seed example's derived title, checked on the seed itself when it is at hand.
#[test]
fn the_seed_example_as_the_team_wrote_it_gives_the_issue_title() {
    let seed = Path::new("../shared/seed/incident-template.md");
    let Ok(text) = std::fs::read_to_string(seed) else {
        return;
    };
    // The example is the first fenced block after "Exemple 1".
    let example = text
        .split("### Exemple 1")
        .nth(1)
        .and_then(|rest| rest.split("```markdown\n").nth(1))
        .and_then(|rest| rest.split("\n```").next())
        .expect("the seed's first example");
    assert_eq!(format!("{example}\n"), SEED_EXAMPLE);
}
