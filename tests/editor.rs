//! `incidex lsp` in a real editor: Debian's Neovim (0.7), headless, with README's
//! configuration (tests/editors/neovim/init.lua), opens a broken report and gets its
//! diagnostics, a hover, a completion and a quick fix. Run with `cargo test --features
//! editor`; a missing Neovim fails with how to install it.
#![cfg(feature = "editor")]

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_incidex");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn neovim_shows_the_diagnostics_hover_completion_and_fix() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("incidex.yaml"),
        "title: Incidents\nlanguage: fr\ntimezone: Europe/Paris\n",
    )
    .unwrap();
    std::fs::create_dir(site.path().join("content")).unwrap();
    let report = "## Incident 2025-03-04 09:05\n\n**Type :** Downtime\n**Sévérité :** Critcal\n**Durée :** 1h05\n**Impact utilisateurs :** Oui - API indisponible 🙂\n**Équipe 🔥 :** SRE\n\n### Cause\nUn déploiement.\n\n### Symptômes\n- 502\n\n### Actions Immédiates\n1. Rollback\n\n### Résolution\nRollback.\n\n### Prévention\n- Un test\n\n### Coût Impact\n- **Temps d'indisponibilité :** 1h05\n\n### Références\n- Tickets : OPS-1\n";
    std::fs::write(site.path().join("content/2025-03-04-api.md"), report).unwrap();
    let out = site.path().join("seen.txt");
    let editors = Path::new(ROOT).join("tests/editors/neovim");
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = Command::new("timeout")
        .args(["60", "nvim", "--headless", "-u"])
        .arg(editors.join("init.lua"))
        .arg("-c")
        .arg(format!("luafile {}", editors.join("drive.lua").display()))
        .arg("content/2025-03-04-api.md")
        .current_dir(site.path())
        .env("PATH", path)
        .env("OUT", &out)
        .output()
        .expect("nvim runs: install Debian's `neovim` package (apt-get install neovim)");
    assert!(run.status.success(), "nvim failed: {run:?}");
    let seen = std::fs::read_to_string(&out).expect("the script wrote what it saw");
    // Neovim counts columns in bytes: `**Sévérité :** ` is 18 bytes (three `é` of two), the
    // label `Équipe 🔥` 12 (`É` 2, a 4-byte emoji) from byte 2.
    assert_eq!(
        seen,
        "on open:
  3:18-3:25 E017 unknown severity `Critcal` | expected Critique, Haute, Moyenne or Basse
  6:2-6:14 W001 unknown field `Équipe 🔥` (kept and shown with the metadata)
hover on the Durée line: **Durée**: 1 h 05 (3\u{202f}900 s)
completion at the severity: Critique, Haute, Moyenne, Basse
quick fix: Replace `Critcal` with `Critique`
line 4 now: **Sévérité :** Critique
after the fix:
  6:2-6:14 W001 unknown field `Équipe 🔥` (kept and shown with the metadata)
"
    );
}
