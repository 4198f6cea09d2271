//! The default theme's `base.html`, `incident.html` and `incident-row.html` are generated from
//! the Rust that writes the pages (src/render/native/): the files in themes/default/templates/
//! must be what it writes. `INCIDEX_BLESS=1 cargo test --test theme_generated` rewrites them.

use std::path::PathBuf;

#[test]
fn the_default_templates_are_the_generated_ones() {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let bless = std::env::var_os("INCIDEX_BLESS").is_some_and(|v| v == "1");
    for (name, generated) in incidex::render::default_templates() {
        let path = folder.join(name);
        if bless {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let file = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            file == generated,
            "themes/default/templates/{name} is not what src/render/native/ writes: after \
             changing the markup in the Rust, regenerate the templates with \
             `INCIDEX_BLESS=1 cargo test --test theme_generated` (never edit them by hand)"
        );
    }
}
