//! Each stage of a build, and the whole build, on the sample inputs (19 replies), the size of
//! the real response of 2009 (100 Member States and 31 organizations, generated), a
//! full-scale collection (192 Member States and 40 organizations) and ten times that (2,320
//! replies, for growth); and what `report watch` does after one reply is saved. Run:
//! `cargo bench --bench stages`.

#[path = "common/generator.rs"]
mod generator;
#[path = "../tests/common/mod.rs"]
mod test_helpers;

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use report::editorial::Editorial;
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
    static MID: OnceLock<tempfile::TempDir> = OnceLock::new();
    static FULL: OnceLock<tempfile::TempDir> = OnceLock::new();
    static TEN: OnceLock<tempfile::TempDir> = OnceLock::new();
    let generated = |copies: usize, states: usize, organizations: usize| {
        let dir = tempfile::tempdir().expect("temporary folder");
        generator::generate_with(&project(), dir.path(), copies, states, organizations);
        dir
    };
    match set {
        "mid" => MID
            .get_or_init(|| generated(1, 100, 31))
            .path()
            .to_path_buf(),
        "full" => FULL
            .get_or_init(|| {
                let dir = tempfile::tempdir().expect("temporary folder");
                generator::generate(&project(), dir.path(), 1);
                dir
            })
            .path()
            .to_path_buf(),
        "full-x10" => TEN
            .get_or_init(|| generated(10, usize::MAX, generator::ORGANIZATIONS))
            .path()
            .to_path_buf(),
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
    bencher.bench(|| check::check_with_fonts(&gathered, |c| fonts().covers(c)));
}

/// `report check` of one generated reply of 4 MB on one line: two million numbers where law
/// objects belong, or 150,000 (within the value limit, so described and capped). Read, parsed
/// and checked as `report check FILE` does.
#[divan::bench(args = [2_000_000, 150_000], sample_count = 5)]
fn check_a_reply_of_wrong_entries(bencher: divan::Bencher, entries: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut reply: serde_json::Value = serde_json::from_slice(
        &fs::read(project().join("inputs/replies/AUT.json")).expect("reply"),
    )
    .expect("JSON");
    reply["paragraphs"]["4"]["laws"] =
        serde_json::Value::Array(vec![serde_json::json!(1); entries]);
    let path = dir.path().join("generated.json");
    fs::write(&path, serde_json::to_vec(&reply).expect("JSON")).expect("write");
    let files = [path];
    bencher.bench(|| {
        let gathered =
            gather::gather_replies(&project().join("inputs"), Some(&files)).expect("gathers");
        check::check(&gathered)
    });
}

#[divan::bench(args = ["sample", "full"], sample_count = 10)]
fn stage_3_compile(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    let checked = check::check(&gathered);
    let editorial = Editorial::none();
    bencher.bench(|| compile::compile(&gathered, &checked, &editorial).expect("compiles"));
}

#[divan::bench(args = ["sample", "full"], sample_count = 10)]
fn stage_4_render(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    let checked = check::check(&gathered);
    let compiled = compile::compile(&gathered, &checked, &Editorial::none()).expect("compiles");
    // Templates are registered once, as a session keeps them (`report watch`).
    let renderer = render::Renderer::load(&project().join("report-templates")).expect("loads");
    bencher.bench(|| renderer.render(&compiled.report).expect("renders"));
}

/// The compilation of replies: every reply in full.
#[divan::bench(args = ["sample", "full"], sample_count = 10)]
fn stage_4_render_compilation(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    let checked = check::check(&gathered);
    let compiled = compile::compile(&gathered, &checked, &Editorial::none()).expect("compiles");
    let renderer = render::Renderer::load(&project().join("report-templates")).expect("loads");
    bencher.bench(|| {
        renderer
            .render_compilation(&compiled.replies)
            .expect("renders")
    });
}

#[divan::bench(args = ["sample", "full"], sample_count = 5)]
fn stage_5_typeset(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    let checked = check::check(&gathered);
    let compiled = compile::compile(&gathered, &checked, &Editorial::none()).expect("compiles");
    let templates = project().join("report-templates");
    let source = render::render(&compiled.report, &templates).expect("renders");
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

/// The compilation of replies typeset cold: Typst's memoized work is forgotten before each.
#[divan::bench(args = ["sample", "full"], sample_count = 3)]
fn stage_5_typeset_compilation(bencher: divan::Bencher, set: &str) {
    let gathered = gathered(set);
    let checked = check::check(&gathered);
    let compiled = compile::compile(&gathered, &checked, &Editorial::none()).expect("compiles");
    let templates = project().join("report-templates");
    let renderer = render::Renderer::load(&templates).expect("loads");
    let source = renderer
        .render_compilation(&compiled.replies)
        .expect("renders");
    let date = dates::parse_iso_date(&gathered.metadata.date).expect("date");
    bencher
        .with_inputs(|| typst::comemo::evict(0))
        .bench_local_values(|()| {
            typeset::Typesetter::for_compilation(&templates, fonts())
                .expect("world")
                .typeset_pdf(&source, date, "compilation")
                .expect("typesets")
        });
}

fn config(set: &str) -> BuildConfig {
    BuildConfig {
        inputs_dir: inputs(set),
        templates_dir: project().join("report-templates"),
        fonts_dir: project().join("fonts"),
    }
}

/// A build as `report build` runs it the first time: nothing memoized, the compilation of
/// replies typeset beside the report fitted to its budget.
#[divan::bench(args = ["sample", "mid", "full"], sample_count = 3)]
fn whole_build_cold(bencher: divan::Bencher, set: &str) {
    let config = config(set);
    bencher
        .with_inputs(|| typst::comemo::evict(0))
        .bench_local_values(|()| report::build(&config).expect("builds"));
}

/// A build as `report build` runs it when the compilation of replies is unchanged (kept from
/// the last build) and nothing is memoized: the report alone is fitted and typeset.
#[divan::bench(args = ["sample", "mid", "full"], sample_count = 3)]
fn whole_build_compilation_kept(bencher: divan::Bencher, set: &str) {
    let config = config(set);
    let first = report::build(&config).expect("builds");
    let earlier = report::EarlierCompilation {
        key: first.compilation.key.clone(),
        pdf: first.compilation.pdf.clone(),
        pages: first.compilation.pages,
    };
    bencher
        .with_inputs(|| {
            typst::comemo::evict(0);
            Session::new(config.clone()).with_earlier_compilation(Some(earlier.clone()))
        })
        .bench_local_values(|mut session| session.build().expect("builds"));
}

/// `report watch` on the sample after an editor saves one reply: the session (fonts,
/// templates, Typst worlds) is kept, and each iteration changes one narrative that the report
/// quotes (Austria's on coordination, which the budget picks as an example), so every build
/// has a different report and a different compilation of replies to lay out.
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
