//! The full-scale generator (benches/common/generator.rs) writes a collection the engine
//! accepts: every Member State of 2009 and 40 organizations, no errors, no warnings.

#[path = "../benches/common/generator.rs"]
mod generator;

use std::path::PathBuf;

use report::diagnostic::Severity;

#[test]
fn the_full_scale_collection_passes_the_check() {
    let project = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temporary folder");
    let written = generator::generate(&project, dir.path(), 1);
    assert_eq!(written, 192 + generator::ORGANIZATIONS);
    let gathered = report::gather::gather(dir.path()).expect("gathers");
    let checked = report::check::check(&gathered);
    let problems: Vec<String> = checked
        .findings
        .iter()
        .filter(|finding| finding.severity >= Severity::Warning)
        .take(5)
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(checked.accepted.len(), written);
}

/// Writes the full-scale set to `$REPORT_FULL_SCALE_DIR` for measuring the binary by hand:
/// `REPORT_FULL_SCALE_DIR=/tmp/full cargo test --test scale -- --ignored`.
#[test]
#[ignore]
fn write_the_full_scale_set() {
    let Some(dir) = std::env::var_os("REPORT_FULL_SCALE_DIR") else {
        return;
    };
    let project = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let number = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    generator::generate_with(
        &project,
        std::path::Path::new(&dir),
        number("REPORT_FULL_SCALE_COPIES", 1),
        number("REPORT_FULL_SCALE_STATES", usize::MAX),
        number("REPORT_FULL_SCALE_ORGANIZATIONS", generator::ORGANIZATIONS),
    );
}
