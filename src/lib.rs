//! `report` compiles the Secretary-General's report on a General Assembly resolution from the
//! replies of Member States and organizations, and typesets it as a PDF in the UN's format.
//!
//! The pipeline, one module and one entry function per stage:
//!
//! 0. [`fetch::fetch`], only when asked (`report fetch`, `report build --fetch`): the replies
//!    published at the URLs of `endpoints.json` -> the cache in `inputs/fetched/`, which every
//!    build then reads offline;
//! 1. [`gather::gather`]: inputs folder -> [`gather::Gathered`] (mandate, metadata, reference
//!    data, parsed replies, findings for replies that could not be read);
//! 2. [`check::check`]: each reply x each operative paragraph -> [`check::Checked`] (accepted
//!    replies, replies left out, findings); then, as only a build knows the fonts,
//!    [`check::leave_out_text_the_fonts_cannot_show`];
//! 3. [`compile::compile`]: accepted replies -> [`compile::Report`], the report model;
//! 4. [`render::render`]: report model + handlebars templates -> Typst source;
//! 5. [`typeset::typeset`]: Typst source + templates + fonts -> PDF bytes.
//!
//! [`build`] runs them in order and returns everything the caller needs to write and report;
//! only the caller (the CLI) writes files, through [`output::write_atomically`]. A [`Session`]
//! runs them again and again (`report watch`), keeping the fonts, the registered templates and
//! the Typst world between builds.

pub mod blank;
pub mod check;
pub mod cli;
pub mod compile;
pub mod dates;
pub mod diagnostic;
pub mod diff;
pub mod draft;
pub mod fetch;
pub mod gather;
pub mod mandate;
pub mod manifest;
pub mod metadata;
pub mod output;
pub mod reference;
pub mod render;
pub mod reply;
pub mod source_map;
pub mod typeset;

use std::path::{Path, PathBuf};

use check::LeftOut;
use diagnostic::Finding;

/// Where a build reads from; resolved once from the command line.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub inputs_dir: PathBuf,
    pub templates_dir: PathBuf,
    pub fonts_dir: PathBuf,
}

/// Everything a build produced, for the caller to write and summarize.
#[derive(Debug)]
pub struct Build {
    pub pdf: Vec<u8>,
    pub typst_source: String,
    pub report: compile::Report,
    pub pages: usize,
    /// The text of the pages, block by block (see [`draft`]).
    pub blocks: Vec<typeset::Block>,
    /// The first words of each page, to see a layout change in a snapshot.
    pub page_starts: Vec<String>,
    /// Words of the report and of its annexes, as the document service counts them.
    pub words: typeset::WordCount,
    pub replies_read: usize,
    pub accepted: usize,
    pub left_out: Vec<LeftOut>,
    /// Findings of every stage, in the order the replies were read.
    pub findings: Vec<Finding>,
    /// Fetched replies used although their last fetch failed.
    pub stale: Vec<fetch::StaleCopy>,
    pub typst_warnings: Vec<typeset::TypstDiagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Gather(#[from] gather::GatherError),
    #[error(transparent)]
    Compile(#[from] compile::CompileError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Typeset(#[from] typeset::TypesetError),
}

/// Runs the whole pipeline. Bad replies are left out and reported; only a problem that makes
/// any report impossible (missing mandate, broken template, Typst error) is an error.
pub fn build(config: &BuildConfig) -> Result<Build, BuildError> {
    Session::new(config.clone()).build()
}

/// Builds that run again and again on the same folders (`report watch`). The fonts, the
/// registered templates and the Typst world are kept between builds, so a rebuild redoes only
/// what changed; [`Session::changed`] says which of them a changed file makes stale. The
/// inputs are always read again: they are small, and reading them is the check's job.
pub struct Session {
    config: BuildConfig,
    fonts: Option<typeset::Fonts>,
    renderer: Option<render::Renderer>,
    typesetter: Option<typeset::Typesetter>,
}

impl Session {
    pub fn new(config: BuildConfig) -> Self {
        Self {
            config,
            fonts: None,
            renderer: None,
            typesetter: None,
        }
    }

    pub fn config(&self) -> &BuildConfig {
        &self.config
    }

    /// A file changed on disk: forget what was made from it. Paths are compared as given and
    /// canonicalized, so a watcher's absolute paths match relative folder options.
    pub fn changed(&mut self, path: &Path) {
        if is_under(path, &self.config.fonts_dir) {
            // The typesetter holds the fonts too.
            self.fonts = None;
            self.typesetter = None;
        } else if is_under(path, &self.config.templates_dir) {
            self.renderer = None;
            if let Some(typesetter) = &mut self.typesetter {
                typesetter.forget_files();
            }
        }
    }

    pub fn build(&mut self) -> Result<Build, BuildError> {
        let config = &self.config;
        let gathered = gather::gather(&config.inputs_dir)?;
        let mut checked = check::check(&gathered);
        let fonts = match &mut self.fonts {
            Some(fonts) => fonts,
            empty => empty.insert(typeset::Fonts::load(&config.fonts_dir)?),
        };
        check::leave_out_text_the_fonts_cannot_show(&gathered, &mut checked, |c| fonts.covers(c));
        let report = compile::compile(&gathered, &checked)?;
        let renderer = match &mut self.renderer {
            Some(renderer) => renderer,
            empty => empty.insert(render::Renderer::load(&config.templates_dir)?),
        };
        let typst_source = renderer.render(&report)?;
        let date = dates::parse_iso_date(&gathered.metadata.date).ok_or_else(|| {
            compile::CompileError::BadDate {
                field: "date",
                value: gathered.metadata.date.clone(),
            }
        })?;
        let typesetter = match &mut self.typesetter {
            Some(typesetter) => typesetter,
            empty => empty.insert(typeset::Typesetter::new(&config.templates_dir, fonts)?),
        };
        let typeset = typesetter.typeset(&typst_source, date, &gathered.metadata.symbol)?;

        let word_limit = word_limit_finding(
            &config.inputs_dir.join("report.json"),
            typeset.words.body,
            gathered.metadata.word_limit,
        );
        let stale = gathered.stale.clone();
        let findings = diagnostic::in_source_order([
            gathered.findings,
            checked.findings,
            word_limit.into_iter().collect(),
        ]);
        Ok(Build {
            pdf: typeset.pdf,
            typst_source,
            report,
            pages: typeset.pages,
            blocks: typeset.reading.blocks,
            page_starts: typeset.reading.page_starts,
            words: typeset.words,
            replies_read: gathered.replies_read,
            accepted: checked.accepted.len(),
            left_out: checked.left_out,
            findings,
            stale,
            typst_warnings: typeset.warnings,
        })
    }
}

fn is_under(path: &Path, dir: &Path) -> bool {
    if path.starts_with(dir) {
        return true;
    }
    let Ok(dir) = dir.canonicalize() else {
        return false;
    };
    // A removed file cannot be canonicalized; its folder can.
    let path = path.canonicalize().ok().or_else(|| {
        let parent = path.parent()?.canonicalize().ok()?;
        Some(parent.join(path.file_name()?))
    });
    path.is_some_and(|path| path.starts_with(dir))
}

/// A warning when the report is longer than the limit in the metadata (the document service
/// sends such a report back); `report build --strict` fails on it.
fn word_limit_finding(metadata_path: &Path, words: usize, limit: u32) -> Option<Finding> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if words <= limit {
        return None;
    }
    let finding = Finding::warning(
        "word-limit-exceeded",
        metadata_path.display().to_string(),
        format!(
            "the report has {} words, {} over the limit of {} (body, footnotes and headings; annexes are not counted)",
            thousands(words),
            thousands(words - limit),
            thousands(limit),
        ),
    )
    .at_pointer("/word_limit")
    .with_hint(
        "shorten the templates' text or move detail to an annex; raise `word_limit` only if the document service has agreed to a longer report",
    );
    Some(match std::fs::read_to_string(metadata_path) {
        Ok(text) => finding.locate(&source_map::SourceMap::new(text.into())),
        Err(_) => finding,
    })
}

fn thousands(value: usize) -> String {
    render::helpers::group_thousands(&value.to_string())
}

/// A file name for a document symbol: `A/64/...` -> `A_64_...`.
pub fn file_name_for_symbol(symbol: &str) -> String {
    let name: String = symbol
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_start_matches('.');
    if name.is_empty() {
        "report".to_owned()
    } else {
        name.to_owned()
    }
}
