//! The CI files `incidex init` writes: a GitHub Actions workflow and a `netlify.toml` that
//! install the incidex that started the archive (its tag, from its repository), keep it in the
//! CI's cache, check pull requests and build the main branch.

/// The address of incidex's repository, where each version is the tag `v<version>`.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
/// The version of this incidex, the one an archive started by it installs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `cargo install --locked --no-default-features --git <repository> --tag v<version> incidex`,
/// with `--root` when given: builds and installs this very version of incidex where Rust is
/// installed, without the editor's language server (a CI job only checks and builds).
pub fn install_command(root: Option<&str>) -> String {
    let root = root.map(|r| format!(" --root {r}")).unwrap_or_default();
    format!(
        "cargo install --locked{root} --no-default-features --git {REPOSITORY} --tag v{VERSION} incidex"
    )
}

/// Where the Netlify build installs incidex, inside the archive's checkout (which Netlify's
/// cache plugin can keep): the binary is `<this>/bin/incidex`.
pub const NETLIFY_INSTALL_ROOT: &str = ".cache/incidex";

const NETLIFY: &str = r#"# Netlify builds the archive on every push to the production branch and every pull request
# (deploy previews get their own URL; incidex reads DEPLOY_PRIME_URL on Netlify, URL in
# production).
#
# The first build compiles incidex {version} from its repository (a few minutes: Netlify's image has
# Rust); the cache plugin below keeps it in .cache/incidex, so later builds find it installed
# (`cargo install` then says so) and only build the site. To upgrade, change the tag below.
[build]
  command = "{install} && {root}/bin/incidex build"
  publish = "public"

# Keeps the installed incidex between builds. Netlify caches ~/.cargo by itself only for a
# project with a Cargo.toml, which an archive has not; the plugin is in Netlify's plugin
# directory, so this file is all it needs.
[[plugins]]
  package = "netlify-plugin-cache"
  [plugins.inputs]
    paths = ["{root}"]

# The pages carry no inline script or style: forbid everything else. Every build also
# writes these headers into public/_headers; where both name one, netlify.toml wins.
{tables}
"#;

/// Netlify: install the incidex that started the archive (cached), build, publish `public/`,
/// with the security headers incidex's own site sets.
pub fn netlify_file() -> String {
    NETLIFY
        .replace("{install}", &install_command(Some(NETLIFY_INSTALL_ROOT)))
        .replace("{root}", NETLIFY_INSTALL_ROOT)
        .replace("{version}", VERSION)
        .replace(
            "{tables}",
            crate::render::headers::netlify_tables().trim_end(),
        )
}

const WORKFLOW: &str = r#"# Checks the incident reports of every pull request (problems are shown as annotations on
# the offending lines) and builds the site on every push to main (kept as the run's `site`
# artifact).
name: incidents

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  incidents:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      # incidex {version}, compiled from its repository on the first run (a few minutes: the
      # runner has Rust), then restored from the cache. To upgrade, change the version in the
      # key and the tag below together.
      - name: Cache incidex
        id: cache
        uses: actions/cache@v5
        with:
          path: ~/.cargo/bin/incidex
          key: incidex-{version}-${{ runner.os }}-${{ runner.arch }}
      - name: Install incidex
        if: steps.cache.outputs.cache-hit != 'true'
        run: {install}
      - name: Check the reports
        if: github.event_name == 'pull_request'
        run: incidex check --format github
      - name: Build the site
        if: github.event_name != 'pull_request'
        run: incidex build
      - name: Keep the built site
        if: github.event_name != 'pull_request'
        uses: actions/upload-artifact@v6
        with:
          name: site
          path: public/
"#;

/// GitHub Actions: install the incidex that started the archive (cached), `incidex check
/// --format github` on pull requests, `incidex build` on the main branch.
pub fn workflow_file() -> String {
    WORKFLOW
        .replace("{install}", &install_command(None))
        .replace("{version}", VERSION)
}
