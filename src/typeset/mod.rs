//! Stage 5, typeset: Typst source + templates + fonts -> PDF bytes.
//!
//! In: the generated main file and a [`TypesetOptions`]. Out: [`Typeset`] (the PDF, its page
//! count, its [`WordCount`] and Typst's warnings) or a [`TypesetError`] whose
//! diagnostics name the file, line and column. Compilation runs in a [`SandboxWorld`]; the
//! PDF's creation date and identifier come from the report metadata, never from the clock.

mod reading;
mod words;
mod world;

use std::path::{Path, PathBuf};

use time::Date;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use reading::{Block, PageLayout, Reading, page_break_faults, read_blocks};
pub use words::{PART_LABEL, PartWords, SKIP_LABEL, WordCount, WordCountError, count_words};
pub use world::{COMPILATION_PATH, FontSet, MAIN_PATH, SandboxWorld, load_fonts};

pub struct TypesetOptions<'a> {
    pub templates_dir: &'a Path,
    /// The only fonts the PDF may use.
    pub fonts: &'a Fonts,
    /// Date of the document: what Typst sees as today and the PDF's creation date.
    pub date: Date,
    /// A stable identifier of the document (its symbol), hashed into the PDF's ID.
    pub ident: String,
}

#[derive(Debug)]
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Words of the report and of its annexes, as the document service counts them.
    pub words: WordCount,
    /// The text of the pages, block by block, for the text draft, and where pages start.
    pub reading: Reading,
    pub warnings: Vec<TypstDiagnostic>,
}

/// A Typst diagnostic with its position resolved, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstDiagnostic {
    pub is_error: bool,
    /// Virtual path inside the templates folder (`/report.typ` is the generated main file).
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hints: Vec<String>,
}

impl std::fmt::Display for TypstDiagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", if self.is_error { "error" } else { "warning" })?;
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let (Some(line), Some(column)) = (self.line, self.column) {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    #[error("cannot read the fonts in `{dir}`: {source}")]
    Fonts {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no usable font in `{0}`: the report needs the fonts shipped in fonts/")]
    NoFonts(PathBuf),
    #[error("cannot open the templates folder `{dir}`: {source}")]
    Templates {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the date {0} cannot be given to Typst")]
    Date(Date),
    #[error("the PDF standards cannot be combined: {0}")]
    Standards(String),
    #[error("the template cannot be word-counted: {0}")]
    WordCount(#[from] WordCountError),
    #[error("Typst could not typeset the report:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Typst(Vec<TypstDiagnostic>),
    /// The layout succeeded but the PDF could not be written (a limit of the PDF standards).
    /// Such errors carry no place in the source, so the longest text of the document comes
    /// with them: the build names the input it came from.
    #[error("Typst could not write the PDF:\n{}", .diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Export {
        diagnostics: Vec<TypstDiagnostic>,
        longest: Option<LongestText>,
    },
}

/// The longest text the PDF holds in one piece: its title, or a run of text on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongestText {
    /// `None` for the document's title, else the page (from 1) of the line.
    pub page: Option<usize>,
    pub chars: usize,
    pub text: String,
}

impl LongestText {
    /// The title of the document and the longest run of text on a line, whichever is longer.
    pub fn of(document: &PagedDocument) -> Option<Self> {
        use typst::model::Document;
        let title = document.info().title.as_ref().map(|title| Self {
            page: None,
            chars: title.chars().count(),
            text: title.to_string(),
        });
        let mut longest = title;
        for (index, page) in document.pages().iter().enumerate() {
            longest_run(&page.frame, index + 1, &mut longest);
        }
        longest
    }
}

fn longest_run(frame: &typst::layout::Frame, page: usize, longest: &mut Option<LongestText>) {
    for (_, item) in frame.items() {
        match item {
            typst::layout::FrameItem::Group(group) => longest_run(&group.frame, page, longest),
            typst::layout::FrameItem::Text(text) => {
                let chars = text.text.chars().count();
                if longest.as_ref().is_none_or(|longest| chars > longest.chars) {
                    *longest = Some(LongestText {
                        page: Some(page),
                        chars,
                        text: text.text.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
}

/// The fonts of a folder, loaded once per build: the build asks which characters they can
/// show (to leave out a reply whose text they cannot) and the typesetter uses them.
#[derive(Clone)]
pub struct Fonts {
    fonts: Vec<typst::text::Font>,
}

/// The files of the project's `fonts/` folder (fonts and their licences), built into the binary: a respondent who has only
/// the binary checks a reply against the fonts the report is set in.
pub const BUNDLED_FONTS: &[(&str, &[u8])] = &[
    (
        "LiberationSerif-Regular.ttf",
        include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    ),
    (
        "LiberationSerif-Bold.ttf",
        include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    ),
    (
        "LiberationSerif-Italic.ttf",
        include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
    ),
    (
        "LiberationSerif-BoldItalic.ttf",
        include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
    ),
    (
        "NotoNaskhArabic-Regular.ttf",
        include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf"),
    ),
    (
        "NotoNaskhArabic-Bold.ttf",
        include_bytes!("../../fonts/NotoNaskhArabic-Bold.ttf"),
    ),
    (
        "LICENSE-Liberation.txt",
        include_bytes!("../../fonts/LICENSE-Liberation.txt"),
    ),
    (
        "LICENSE-Noto.txt",
        include_bytes!("../../fonts/LICENSE-Noto.txt"),
    ),
];

impl Fonts {
    /// The fonts built into the binary (those of the project's `fonts/` folder).
    pub fn bundled() -> Self {
        Self {
            fonts: BUNDLED_FONTS
                .iter()
                .filter(|(name, _)| name.ends_with(".ttf"))
                .flat_map(|(_, data)| {
                    typst::text::Font::iter(typst::foundations::Bytes::new(*data))
                })
                .collect(),
        }
    }

    pub fn load(fonts_dir: &Path) -> Result<Self, TypesetError> {
        let font_set = load_fonts(fonts_dir).map_err(|source| TypesetError::Fonts {
            dir: fonts_dir.to_path_buf(),
            source,
        })?;
        if font_set.fonts.is_empty() {
            return Err(TypesetError::NoFonts(fonts_dir.to_path_buf()));
        }
        Ok(Self {
            fonts: font_set.fonts,
        })
    }

    pub fn covers(&self, c: char) -> bool {
        self.fonts
            .iter()
            .any(|font| font.info().coverage.contains(u32::from(c)))
    }
}

/// Typesets `source` as the main file among the templates, with the given fonts only.
pub fn typeset(source: String, options: &TypesetOptions<'_>) -> Result<Typeset, TypesetError> {
    Typesetter::new(options.templates_dir, options.fonts)?.typeset(
        &source,
        options.date,
        &options.ident,
    )
}

/// A Typst world kept between compilations: its library, font book and the template files it
/// has read stay, and Typst's memoized work on what did not change is used again. A session
/// that typesets many times (`report watch`) keeps one.
pub struct Typesetter {
    world: SandboxWorld,
}

/// A PDF and its page count.
#[derive(Debug)]
pub struct Pdf {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<TypstDiagnostic>,
}

impl Typesetter {
    /// The typesetter of the report (main file `/report.typ`).
    pub fn new(templates_dir: &Path, fonts: &Fonts) -> Result<Self, TypesetError> {
        Self::with_main(templates_dir, MAIN_PATH, fonts)
    }

    /// The typesetter of the compilation of replies (main file `/compilation.typ`).
    pub fn for_compilation(templates_dir: &Path, fonts: &Fonts) -> Result<Self, TypesetError> {
        Self::with_main(templates_dir, COMPILATION_PATH, fonts)
    }

    fn with_main(templates_dir: &Path, main: &str, fonts: &Fonts) -> Result<Self, TypesetError> {
        let world = SandboxWorld::with_main(
            templates_dir,
            main,
            fonts.fonts.clone(),
            String::new(),
            Datetime::from_ymd(1970, 1, 1).ok_or(TypesetError::Date(Date::MIN))?,
        )
        .map_err(|source| TypesetError::Templates {
            dir: templates_dir.to_path_buf(),
            source,
        })?;
        Ok(Self { world })
    }

    /// The templates changed on disk: read them again at the next compilation.
    pub fn forget_files(&mut self) {
        self.world.forget_files();
    }

    /// Typesets `source` as the main file; `date` is what Typst sees as today and the PDF's
    /// creation date, `ident` is hashed into the PDF's identifier. The words are counted and
    /// the text read back for the draft.
    pub fn typeset(
        &mut self,
        source: &str,
        date: Date,
        ident: &str,
    ) -> Result<Typeset, TypesetError> {
        let (document, warnings) = self.lay_out(source, date)?;
        let pdf = self.export(&document, date, ident)?;
        Ok(Typeset {
            pdf,
            pages: document.pages().len(),
            words: count_words(&document)?,
            reading: read_blocks(&document),
            warnings,
        })
    }

    /// The words of `source` laid out, without a PDF: what the word budget measures.
    pub fn count(&mut self, source: &str, date: Date) -> Result<WordCount, TypesetError> {
        let (document, _) = self.lay_out(source, date)?;
        Ok(count_words(&document)?)
    }

    /// Typesets `source` into a PDF only (the compilation of replies: no word count, no
    /// draft).
    pub fn typeset_pdf(
        &mut self,
        source: &str,
        date: Date,
        ident: &str,
    ) -> Result<Pdf, TypesetError> {
        let (document, warnings) = self.lay_out(source, date)?;
        let pdf = self.export(&document, date, ident)?;
        Ok(Pdf {
            pdf,
            pages: document.pages().len(),
            warnings,
        })
    }

    fn lay_out(
        &mut self,
        source: &str,
        date: Date,
    ) -> Result<(PagedDocument, Vec<TypstDiagnostic>), TypesetError> {
        let today = today(date)?;
        self.world.set_today(today);
        self.world.replace_main(source);
        let world = &self.world;
        let compiled = typst::compile::<PagedDocument>(world);
        let warnings = resolve(world, &compiled.warnings);
        let document = compiled
            .output
            .map_err(|errors| TypesetError::Typst(resolve(world, &errors)))?;
        Ok((document, warnings))
    }

    fn export(
        &self,
        document: &PagedDocument,
        date: Date,
        ident: &str,
    ) -> Result<Vec<u8>, TypesetError> {
        let world = &self.world;
        let today = today(date)?;

        let pdf_options = PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some(format!("report {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(Timestamp::new_utc(today)),
            // Archival (PDF/A-2a: fonts embedded, tagged, no missing glyph) and accessible
            // (PDF/UA-1: title, language, structure) at once: Typst refuses to write a PDF
            // that breaks either.
            standards: PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
                .map_err(|error| TypesetError::Standards(error.message().to_string()))?,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(document, &pdf_options).map_err(|errors| TypesetError::Export {
            diagnostics: resolve(world, &errors),
            longest: LongestText::of(document),
        })
    }
}

fn today(date: Date) -> Result<Datetime, TypesetError> {
    Datetime::from_ymd(date.year(), u8::from(date.month()), date.day())
        .ok_or(TypesetError::Date(date))
}

fn resolve(world: &SandboxWorld, diagnostics: &[SourceDiagnostic]) -> Vec<TypstDiagnostic> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let id = diagnostic.span.id();
            let position = id
                .zip(world.range(diagnostic.span))
                .and_then(|(id, range)| {
                    let source = typst::World::source(world, id).ok()?;
                    let (line, column) = source.lines().byte_to_line_column(range.start)?;
                    Some((line + 1, column + 1))
                });
            TypstDiagnostic {
                is_error: diagnostic.severity == Severity::Error,
                file: id.map(|id| id.vpath().get_with_slash().to_owned()),
                line: position.map(|(line, _)| line),
                column: position.map(|(_, column)| column),
                message: diagnostic.message.to_string(),
                hints: diagnostic
                    .hints
                    .iter()
                    .map(|hint| hint.v.to_string())
                    .collect(),
            }
        })
        .collect()
}
