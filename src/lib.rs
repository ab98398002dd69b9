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
//!    replies, replies left out, findings); a build, which knows the fonts, runs
//!    [`check::check_with_fonts`] instead, the font rule before the choice of each
//!    respondent's standing reply; then [`editorial::check`]: the editors'
//!    summaries against the accepted replies -> [`editorial::Editorial`] (current summaries,
//!    marks of examples to feature, stale ones reported);
//! 3. [`compile::compile`]: accepted replies + summaries -> [`compile::Compiled`]: the report
//!    model synthesized by theme, the ranked candidates for its examples and every reply in
//!    full for the compilation of replies;
//! 4. [`render::render`]: report model + handlebars templates -> Typst source;
//! 5. [`typeset::typeset`]: Typst source + templates + fonts -> PDF bytes.
//!
//! Between 3 and 5 the report is fitted to its word budget ([`compile::budget`]): the bare
//! synthesis is laid out and its words counted chapter by chapter, the examples that fit the
//! words left are chosen, and the report is laid out again (and trimmed if a chapter came out
//! longer than its budget). Meanwhile the compilation of replies is rendered and typeset on
//! another thread.
//!
//! [`build`] runs them in order and returns everything the caller needs to write and report;
//! only the caller (the CLI) writes files, through [`output::write_atomically`]. A [`Session`]
//! runs them again and again (`report watch`), keeping the fonts, the registered templates and
//! the Typst worlds between builds.

pub mod blank;
pub mod check;
pub mod cli;
pub mod compile;
pub mod dates;
pub mod diagnostic;
pub mod diff;
pub mod draft;
pub mod editorial;
pub mod fetch;
pub mod gather;
pub mod mandate;
pub mod manifest;
pub mod metadata;
pub mod output;
pub mod provenance;
pub mod reference;
pub mod render;
pub mod reply;
pub mod source_map;
pub mod style;
pub mod typeset;

use std::path::{Path, PathBuf};

use check::LeftOut;
use compile::budget::{self, Candidates, ChapterWords, Selection};
use diagnostic::Finding;

/// The most times the report is laid out to fit its examples to the budget: the bare
/// synthesis, the first choice, and trims of what came out longer than estimated.
const BUDGET_PASSES: usize = 4;

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
    /// What an editor would send back about the page breaks (see
    /// [`typeset::page_break_faults`]); empty when there is nothing.
    pub page_break_faults: Vec<String>,
    /// Words of the report and of its annexes, as the document service counts them.
    pub words: typeset::WordCount,
    /// Each chapter's words against its budget.
    pub budget: Vec<ChapterWords>,
    /// The compilation of replies: every reply in full, the second document of the build.
    pub compilation: CompilationBuild,
    pub replies_read: usize,
    pub accepted: usize,
    pub left_out: Vec<LeftOut>,
    /// Findings of every stage, in the order the replies were read.
    pub findings: Vec<Finding>,
    /// Fetched replies used although their last fetch failed.
    pub stale: Vec<fetch::StaleCopy>,
    pub summaries: editorial::SummaryCounts,
    /// Narratives the report cannot print until the editors summarize them.
    pub summaries_needed: usize,
    pub typst_warnings: Vec<typeset::TypstDiagnostic>,
}

/// The compilation of replies as built.
#[derive(Debug, Clone)]
pub struct CompilationBuild {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub typst_source: String,
    /// What the PDF was made from: the SHA-256 of its Typst source, the engine's version and
    /// every file of the templates and fonts folders. Two builds with the same key give the
    /// same PDF, so a build may keep the last one instead of typesetting it again.
    pub key: String,
    /// The PDF was the one kept from an earlier build with the same key.
    pub reused: bool,
}

/// A compilation of replies built earlier, which a build may keep when nothing it was made
/// from has changed (`report build` finds it beside the last PDF, through its manifest).
#[derive(Debug, Clone)]
pub struct EarlierCompilation {
    pub key: String,
    pub pdf: Vec<u8>,
    pub pages: usize,
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
    #[error("cannot read the templates and fonts to identify the compilation of replies: {0}")]
    Key(std::io::Error),
    #[error(transparent)]
    Export(Box<ExportFailure>),
    #[error(
        "the template `{template}.hbs` wrote no heading for chapter {number} ({title}), so the chapters after it would be numbered wrongly\n  hint: a chapter template starts with `#chapter({{{{{{str number}}}}}}, {{{{{{str title}}}}}})`; an empty template is a slip (restore it from report-templates/)"
    )]
    ChapterWithoutHeading {
        template: String,
        number: String,
        title: String,
    },
}

/// The PDF of the report or of the compilation could not be written, with the input to blame
/// when the failure is a length limit of the PDF standards.
#[derive(Debug, thiserror::Error)]
pub struct ExportFailure {
    /// "the report" or "the compilation of replies".
    pub document: &'static str,
    pub diagnostics: Vec<typeset::TypstDiagnostic>,
    /// The longest text of the document, when a length limit was broken.
    pub longest: Option<typeset::LongestText>,
    pub origin: Option<provenance::Origin>,
}

/// How much of a text to blame is shown.
const BLAMED_TEXT_CHARS: usize = 60;

impl std::fmt::Display for ExportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.message.as_str())
            .collect();
        write!(
            f,
            "the PDF of {} cannot be written: {}",
            self.document,
            messages.join("; ")
        )?;
        let Some(longest) = &self.longest else {
            for diagnostic in &self.diagnostics {
                for hint in &diagnostic.hints {
                    write!(f, "\n  hint: {hint}")?;
                }
            }
            return Ok(());
        };
        let start: String = longest.text.chars().take(BLAMED_TEXT_CHARS).collect();
        let shown = diagnostic::printable(&start);
        let more = if longest.chars > BLAMED_TEXT_CHARS {
            "…"
        } else {
            ""
        };
        let what = match longest.page {
            None => "the document's title".to_owned(),
            Some(page) => format!("a text on one line of page {page}"),
        };
        write!(
            f,
            "\n  the longest text in it is {what}, {} characters: \"{shown}{more}\"",
            thousands(longest.chars)
        )?;
        let remedy = match longest.page {
            None => "shorten the title or the subtitle",
            Some(_) => "shorten that text or let it break into words of at most 80 characters",
        };
        match &self.origin {
            Some(origin) => write!(
                f,
                "\n  it comes from {origin}\n  hint: {remedy}, then build again; the PDF standards the report meets (PDF/A-2a, PDF/UA-1) cannot hold it in one piece"
            ),
            None => write!(
                f,
                "\n  it is in none of the inputs: it comes from the templates\n  hint: shorten that text in the templates, then build again"
            ),
        }
    }
}

/// A PDF export that failed on a length limit is blamed on the input its longest text came
/// from; other errors pass unchanged.
fn blame_export(
    error: BuildError,
    gathered: &gather::Gathered,
    document: &'static str,
) -> BuildError {
    let BuildError::Typeset(typeset::TypesetError::Export {
        diagnostics,
        longest,
    }) = error
    else {
        return error;
    };
    let about_length = !diagnostics.is_empty()
        && diagnostics.iter().all(|diagnostic| {
            diagnostic.message.contains("longer than") || diagnostic.message.contains("more than")
        });
    let longest = longest.filter(|_| about_length);
    let origin = longest
        .as_ref()
        .and_then(|longest| provenance::find_origin(gathered, &longest.text));
    BuildError::Export(Box::new(ExportFailure {
        document,
        diagnostics,
        longest,
        origin,
    }))
}

/// Runs the whole pipeline. Bad replies are left out and reported; only a problem that makes
/// any report impossible (missing mandate, broken template, Typst error) is an error.
pub fn build(config: &BuildConfig) -> Result<Build, BuildError> {
    Session::new(config.clone()).build()
}

/// What a build read and checked, before compiling: for `report worksheet`, which refreshes
/// the editors' files from the same replies the build uses.
pub struct Checked {
    pub gathered: gather::Gathered,
    pub checked: check::Checked,
    pub editorial: editorial::Editorial,
}

/// Builds that run again and again on the same folders (`report watch`). The fonts, the
/// registered templates and the Typst worlds are kept between builds, so a rebuild redoes
/// only what changed; [`Session::changed`] says which of them a changed file makes stale. The
/// inputs are always read again: they are small, and reading them is the check's job.
pub struct Session {
    config: BuildConfig,
    fonts: Option<typeset::Fonts>,
    renderer: Option<render::Renderer>,
    typesetter: Option<typeset::Typesetter>,
    compilation_typesetter: Option<typeset::Typesetter>,
    /// The words of the last bare synthesis, by the hash of its Typst source: most edits
    /// change the examples, not the synthesis, and then it need not be laid out again.
    bare_words: Option<(String, typeset::WordCount)>,
    /// The last compilation of replies, kept while nothing it was made from changes.
    earlier_compilation: Option<EarlierCompilation>,
}

impl Session {
    pub fn new(config: BuildConfig) -> Self {
        Self {
            config,
            fonts: None,
            renderer: None,
            typesetter: None,
            compilation_typesetter: None,
            bare_words: None,
            earlier_compilation: None,
        }
    }

    pub fn config(&self) -> &BuildConfig {
        &self.config
    }

    /// A compilation of replies built before this session (read back beside the last PDF):
    /// kept if the next build would make the same one.
    pub fn with_earlier_compilation(mut self, earlier: Option<EarlierCompilation>) -> Self {
        self.earlier_compilation = earlier;
        self
    }

    /// A file changed on disk: forget what was made from it. Paths are compared as given and
    /// canonicalized, so a watcher's absolute paths match relative folder options.
    pub fn changed(&mut self, path: &Path) {
        if is_under(path, &self.config.fonts_dir) {
            // The typesetters hold the fonts too.
            self.fonts = None;
            self.typesetter = None;
            self.compilation_typesetter = None;
            self.bare_words = None;
        } else if is_under(path, &self.config.templates_dir) {
            self.renderer = None;
            self.bare_words = None;
            for typesetter in [&mut self.typesetter, &mut self.compilation_typesetter]
                .into_iter()
                .flatten()
            {
                typesetter.forget_files();
            }
        }
    }

    fn fonts(&mut self) -> Result<&typeset::Fonts, BuildError> {
        let fonts = match &mut self.fonts {
            Some(fonts) => fonts,
            empty => empty.insert(typeset::Fonts::load(&self.config.fonts_dir)?),
        };
        Ok(fonts)
    }

    /// Gathers and checks the inputs, the editors' summaries included.
    pub fn check(&mut self) -> Result<Checked, BuildError> {
        let gathered = gather::gather(&self.config.inputs_dir)?;
        let fonts = self.fonts()?;
        let checked = check::check_with_fonts(&gathered, |c| fonts.covers(c));
        let editorial = editorial::check(
            &gathered.summaries,
            &checked.accepted,
            &gathered.mandate,
            |c| fonts.covers(c),
        );
        Ok(Checked {
            gathered,
            checked,
            editorial,
        })
    }

    pub fn build(&mut self) -> Result<Build, BuildError> {
        let Checked {
            gathered,
            checked,
            editorial,
        } = self.check()?;
        let compiled = compile::compile(&gathered, &checked, &editorial)?;
        let date = dates::parse_iso_date(&gathered.metadata.date).ok_or_else(|| {
            compile::CompileError::BadDate {
                field: "date",
                value: gathered.metadata.date.clone(),
            }
        })?;
        let config = self.config.clone();
        let fonts = self.fonts()?.clone();
        let earlier = self.earlier_compilation.take();
        let bare_words = self.bare_words.take();
        let Session {
            renderer,
            typesetter,
            compilation_typesetter,
            ..
        } = self;
        let renderer: &render::Renderer = match renderer {
            Some(renderer) => renderer,
            empty => empty.insert(render::Renderer::load(&config.templates_dir)?),
        };
        let typesetter = match typesetter {
            Some(typesetter) => typesetter,
            empty => empty.insert(typeset::Typesetter::new(&config.templates_dir, &fonts)?),
        };
        let compilation_typesetter = match compilation_typesetter {
            Some(typesetter) => typesetter,
            empty => empty.insert(typeset::Typesetter::for_compilation(
                &config.templates_dir,
                &fonts,
            )?),
        };
        let symbol = gathered.metadata.symbol.clone();
        let fitting = Fitting {
            limit: usize::try_from(gathered.metadata.word_limit).unwrap_or(usize::MAX),
            budgets: gathered
                .metadata
                .outline
                .iter()
                .map(|chapter| chapter.words)
                .collect(),
            date,
            symbol: &symbol,
        };
        let compile::Compiled {
            mut report,
            candidates,
            replies,
            findings: compile_findings,
        } = compiled;
        // The compilation of replies is typeset on one core while the report is fitted to its
        // budget on the other.
        let (fitted, compilation) = std::thread::scope(|scope| {
            let compilation = scope.spawn(|| {
                build_compilation(
                    renderer,
                    compilation_typesetter,
                    &config,
                    &replies,
                    date,
                    earlier,
                )
            });
            let fitted = fit_to_budget(
                &fitting,
                renderer,
                typesetter,
                &mut report,
                &candidates,
                bare_words,
            );
            let compilation = compilation
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (fitted, compilation)
        });
        let fitted = fitted.map_err(|error| blame_export(error, &gathered, "the report"))?;
        let compilation = compilation
            .map_err(|error| blame_export(error, &gathered, "the compilation of replies"))?;
        self.bare_words = Some(fitted.bare_words.clone());
        self.earlier_compilation = Some(EarlierCompilation {
            key: compilation.build.key.clone(),
            pdf: compilation.build.pdf.clone(),
            pages: compilation.build.pages,
        });

        let word_limit = word_limit_finding(
            &config.inputs_dir.join("report.json"),
            fitted.typeset.words.body,
            gathered.metadata.word_limit,
        );
        let stale = gathered.stale.clone();
        let summaries_needed = compile_findings.len();
        let findings = diagnostic::in_source_order([
            gathered.findings,
            checked.findings,
            editorial.findings,
            compile_findings,
            word_limit.into_iter().collect(),
        ]);
        let mut typst_warnings = fitted.typeset.warnings;
        typst_warnings.extend(compilation.warnings.iter().cloned());
        Ok(Build {
            pdf: fitted.typeset.pdf,
            typst_source: fitted.source,
            report,
            pages: fitted.typeset.pages,
            page_break_faults: typeset::page_break_faults(&fitted.typeset.reading),
            blocks: fitted.typeset.reading.blocks,
            page_starts: fitted.typeset.reading.page_starts,
            words: fitted.typeset.words,
            budget: fitted.budget,
            compilation: compilation.build,
            replies_read: gathered.replies_read,
            accepted: checked.accepted.len(),
            left_out: checked.left_out,
            findings,
            stale,
            summaries: editorial.counts,
            summaries_needed,
            typst_warnings,
        })
    }
}

/// What fitting the report to its budget needs to know.
struct Fitting<'a> {
    limit: usize,
    /// Each chapter's own budget from the outline.
    budgets: Vec<Option<u32>>,
    date: time::Date,
    symbol: &'a str,
}

/// The report fitted to its budget.
struct Fitted {
    source: String,
    typeset: typeset::Typeset,
    budget: Vec<ChapterWords>,
    /// The bare synthesis's words, by the hash of its source.
    bare_words: (String, typeset::WordCount),
}

/// Each chapter's words in outline order (a template without chapter markers counts all of
/// its body as front matter).
fn chapter_words(words: &typeset::WordCount, chapters: usize) -> Vec<usize> {
    (0..chapters)
        .map(|index| words.chapters.get(index).map_or(0, |chapter| chapter.words))
        .collect()
}

/// Every chapter of the outline must have been laid out under its own number: the budget and
/// the reader both go by it.
fn require_chapter_headings(
    report: &compile::Report,
    words: &typeset::WordCount,
) -> Result<(), BuildError> {
    let laid_out: std::collections::HashSet<&str> = words
        .chapters
        .iter()
        .map(|chapter| chapter.name.as_str())
        .collect();
    match report
        .chapters
        .iter()
        .find(|chapter| !laid_out.contains(chapter.number.as_str()))
    {
        Some(chapter) => Err(BuildError::ChapterWithoutHeading {
            template: chapter.partial.clone(),
            number: chapter.number.clone(),
            title: chapter.title.clone(),
        }),
        None => Ok(()),
    }
}

/// Lays the bare synthesis out, chooses the examples that fit the words left, lays the report
/// out again and trims what came out longer than its budget.
fn fit_to_budget(
    fitting: &Fitting<'_>,
    renderer: &render::Renderer,
    typesetter: &mut typeset::Typesetter,
    report: &mut compile::Report,
    candidates: &Candidates,
    earlier_bare: Option<(String, typeset::WordCount)>,
) -> Result<Fitted, BuildError> {
    // The budget counts the body only: the annexes are laid out once, at the end.
    report.with_annexes = false;
    budget::apply(report, candidates, &Selection::none());
    let bare_source = renderer.render(report)?;
    let bare_key = manifest::sha256_hex(bare_source.as_bytes());
    let bare = match earlier_bare {
        Some((key, words)) if key == bare_key => words,
        _ => typesetter.count(&bare_source, fitting.date)?,
    };
    require_chapter_headings(report, &bare)?;
    let chapters = candidates.chapters;
    let bare_chapters = chapter_words(&bare, chapters);
    let allowance = budget::allocate(
        candidates,
        bare.front,
        &bare_chapters,
        fitting.limit,
        &fitting.budgets,
    );
    let targets: Vec<usize> = bare_chapters
        .iter()
        .zip(&allowance)
        .map(|(bare, allowed)| bare + allowed)
        .collect();
    let mut selection = budget::choose(candidates, &allowance);
    for _ in 1..BUDGET_PASSES {
        if selection.is_empty() {
            break;
        }
        budget::apply(report, candidates, &selection);
        let source = renderer.render(report)?;
        let measured = chapter_words(&typesetter.count(&source, fitting.date)?, chapters);
        let over: Vec<usize> = measured
            .iter()
            .zip(&targets)
            .map(|(measured, target)| measured.saturating_sub(*target))
            .collect();
        if over.iter().all(|over| *over == 0) {
            break;
        }
        let Some(trimmed) = budget::trim(&selection, candidates, &over) else {
            break;
        };
        selection = trimmed;
    }
    report.with_annexes = true;
    budget::apply(report, candidates, &selection);
    let source = renderer.render(report)?;
    let typeset = typesetter.typeset(&source, fitting.date, fitting.symbol)?;
    let measured = chapter_words(&typeset.words, chapters);
    let chosen = selection.per_chapter(candidates);
    let mut available = vec![0usize; chapters];
    for digest in &candidates.digests {
        if let Some(count) = available.get_mut(digest.place.chapter()) {
            *count += digest.ranked.len();
        }
    }
    let budget = report
        .chapters
        .iter()
        .enumerate()
        .map(|(index, chapter)| ChapterWords {
            number: chapter.number.clone(),
            title: chapter.title.clone(),
            words: measured.get(index).copied().unwrap_or(0),
            budget: (available.get(index).copied().unwrap_or(0) > 0)
                .then(|| targets.get(index).copied().unwrap_or(0)),
            examples: chosen.get(index).copied().unwrap_or(0),
            candidates: available.get(index).copied().unwrap_or(0),
        })
        .collect();
    Ok(Fitted {
        source,
        typeset,
        budget,
        bare_words: (bare_key, bare),
    })
}

struct CompilationOutcome {
    build: CompilationBuild,
    warnings: Vec<typeset::TypstDiagnostic>,
}

/// Renders the compilation of replies and typesets it, unless an earlier build made the same.
fn build_compilation(
    renderer: &render::Renderer,
    typesetter: &mut typeset::Typesetter,
    config: &BuildConfig,
    replies: &compile::RepliesDocument,
    date: time::Date,
    earlier: Option<EarlierCompilation>,
) -> Result<CompilationOutcome, BuildError> {
    let source = renderer.render_compilation(replies)?;
    let key = manifest::layout_key(&source, &config.templates_dir, &config.fonts_dir)
        .map_err(BuildError::Key)?;
    if let Some(earlier) = earlier.filter(|earlier| earlier.key == key) {
        return Ok(CompilationOutcome {
            build: CompilationBuild {
                pdf: earlier.pdf,
                pages: earlier.pages,
                typst_source: source,
                key,
                reused: true,
            },
            warnings: Vec::new(),
        });
    }
    let ident = format!("{} (replies)", replies.meta.symbol);
    let typeset = typesetter.typeset_pdf(&source, date, &ident)?;
    Ok(CompilationOutcome {
        build: CompilationBuild {
            pdf: typeset.pdf,
            pages: typeset.pages,
            typst_source: source,
            key,
            reused: false,
        },
        warnings: typeset.warnings,
    })
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
    style::format_figure(value as u64)
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
