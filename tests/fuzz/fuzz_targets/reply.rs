//! One reply, as bytes, through every stage that reads it before typesetting: parse, check
//! (structure, content, font coverage with the bundled fonts' coverage), compile, render. Any
//! panic is a bug; a reply that is refused is fine.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use report::gather::{Gathered, gather, parse_reply};

fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled inputs without their replies: the fuzzed reply is the only one.
fn inputs() -> &'static Gathered {
    static GATHERED: OnceLock<Gathered> = OnceLock::new();
    GATHERED.get_or_init(|| {
        let mut gathered = gather(&project().join("inputs")).expect("the bundled inputs");
        gathered.documents.clear();
        gathered.findings.clear();
        gathered
    })
}

/// The bundled templates, registered once as `report watch` keeps them.
fn renderer() -> &'static report::render::Renderer {
    static RENDERER: OnceLock<report::render::Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| {
        report::render::Renderer::load(&project().join("report-templates")).expect("the templates")
    })
}

fuzz_target!(|data: &[u8]| {
    let mut gathered = inputs().clone();
    let (document, _) = parse_reply(data.to_vec(), "fuzz.json");
    gathered.documents.extend(document);
    gathered.replies_read = gathered.documents.len();
    // Latin, Greek, Cyrillic and Arabic: what the bundled fonts cover, near enough for the
    // fuzzer.
    let checked = report::check::check_with_fonts(&gathered, |c| {
        matches!(c as u32, 0..=0x052F | 0x0600..=0x06FF | 0x2000..=0x20CF)
    });
    let editorial = report::editorial::Editorial::none();
    if let Ok(compiled) = report::compile::compile(&gathered, &checked, &editorial) {
        let _ = renderer().render(&compiled.report);
        let _ = renderer().render_compilation(&compiled.replies);
    }
});
