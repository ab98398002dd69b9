//! Each stage of a build, and the whole build, on the sample inputs (19 replies), a full-scale
//! collection (192 Member States and 40 organizations, generated) and ten times that (2,320
//! replies, for growth); and what `report watch` does after one reply is saved. Run:
//! `cargo bench --bench stages`.

#[path = "common/generator.rs"]
mod generator;
#[path = "../tests/common/mod.rs"]
mod test_helpers;

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use report::gather::Gathered;
use report::typeset::{Fonts, TypesetOptions};
use report::{BuildConfig, Session, check, compile, dates, gather, render, typeset};

fn main() {
    divan::main();
}

fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const SETS: [&str; 3] = ["sample", "full", "full-x10"];

/// The inputs folder of a set; generated sets are written once per run.
fn inputs(set: &str) -> PathBuf {
    static FULL: OnceLock<tempfile::TempDir> = OnceLock::new();
    static TEN: OnceLock<tempfile::TempDir> = OnceLock::new();
    let generated = |copies: usize| {
        let dir = tempfile::tempdir().expect("temporary folder");
        generator::generate(&project(), dir.path(), copies);
        dir
    };
    match set {
        "full" => FULL.get_or_init(|| generated(1)).path().to_path_buf(),
        "full-x10" => TEN.get_or_init(|| generated(10)).path().to_path_buf(),
        _ => project().join("inputs"),
    }
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::load(&project().join("fonts")).expect("fonts"))
}

fn gathered(set: &str) -> Gathered {
    gather::gather(&inputs(set)).expect("gathers")
}

#[divan::bench(args = SETS, sample_count = 10)]
fn stage_1_gather(bencher: divan::Bencher, set: &str) {
    let dir = inputs(set);
    bencher.bench(|| gather::gather(&dir).expect("gathers"));
}

#[divan::bench(args = SETS, sample_count = 10)]
fn stage_2_check(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    bencher.bench(|| {
        let mut checked = check::check(&gathered);
        check::leave_out_text_the_fonts_cannot_show(&gathered, &mut checked, |c| fonts().covers(c));
        checked
    });
}

#[divan::bench(args = ["sample", "full"], sample_count = 10)]
fn stage_3_compile(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    let checked = check::check(&gathered);
    bencher.bench(|| compile::compile(&gathered, &checked).expect("compiles"));
}

#[divan::bench(args = ["sample", "full"], sample_count = 10)]
fn stage_4_render(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    let checked = check::check(&gathered);
    let report = compile::compile(&gathered, &checked).expect("compiles");
    // Templates are registered once, as a session keeps them (`report watch`).
    let renderer = render::Renderer::load(&project().join("report-templates")).expect("loads");
    bencher.bench(|| renderer.render(&report).expect("renders"));
}

#[divan::bench(args = ["sample", "full"], sample_count = 5)]
fn stage_5_typeset(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    let checked = check::check(&gathered);
    let report = compile::compile(&gathered, &checked).expect("compiles");
    let templates = project().join("report-templates");
    let source = render::render(&report, &templates).expect("renders");
    let date = dates::parse_iso_date(&gathered.metadata.date).expect("date");
    bencher.bench(|| {
        typeset::typeset(
            source.clone(),
            &TypesetOptions {
                templates_dir: &templates,
                fonts: fonts(),
                date,
                ident: gathered.metadata.symbol.clone(),
            },
        )
        .expect("typesets")
    });
}

#[divan::bench(args = ["sample", "full"], sample_count = 5)]
fn whole_build(bencher: divan::Bencher, set: &str) {
    let config = BuildConfig {
        inputs_dir: inputs(set),
        templates_dir: project().join("report-templates"),
        fonts_dir: project().join("fonts"),
    };
    bencher.bench(|| report::build(&config).expect("builds"));
}

/// `report watch` on the sample after an editor saves one reply: the session (fonts,
/// templates, Typst world) is kept, and each iteration changes one narrative that the report
/// quotes, so every build has a different report to lay out.
#[divan::bench(sample_count = 20)]
fn watch_one_reply_edit(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temporary folder");
    test_helpers::copy_dir(&project().join("inputs"), dir.path());
    let reply = dir.path().join("replies").join("AUT.json");
    let original = fs::read_to_string(&reply).expect("reply");
    let config = BuildConfig {
        inputs_dir: dir.path().to_path_buf(),
        templates_dir: project().join("report-templates"),
        fonts_dir: project().join("fonts"),
    };
    let mut session = Session::new(config);
    session.build().expect("builds");
    let mut edits = 0_u64;
    bencher.bench_local(|| {
        edits += 1;
        let edited = original.replacen(
            "The Task Force on Combating Human Trafficking, chaired",
            &format!("The Task Force on Combating Human Trafficking (edit {edits}), chaired"),
            1,
        );
        fs::write(&reply, edited).expect("write");
        session.changed(&reply);
        session.build().expect("builds")
    });
}
