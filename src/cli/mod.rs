//! Command-line interface: clap definitions and one small function per subcommand. Resolves
//! the arguments once into the library's configuration, runs it, prints findings and the
//! summary, writes the outputs and returns the exit code (0 done, 1 the report could not be
//! made, 2 usage or I/O problems).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod draft;
mod fetch;
pub mod project;
mod watch;
mod worksheet;

pub use fetch::{FetchTuning, summary_table};

use crate::blank::{Replier, blank_reply};
use crate::compile::{Coverage, CoverageCell};
use crate::diagnostic::{Counts, Finding, in_source_order, render_human_styled, render_json};
use crate::{Build, BuildConfig, BuildError, file_name_for_symbol, output};

#[derive(Debug, Parser)]
#[command(
    name = "report",
    version,
    about = "Compile the Secretary-General's report on a resolution from the replies received",
    long_about = "Gathers the replies of Member States and organizations, checks each against every \
                  operative paragraph of the resolution, and typesets the report in the UN's \
                  document format as a PDF."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in diagnostics and diffs: `auto` on a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print errors only (no warnings, notices or summary).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How this run prints: set once from the global options.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Output {
    color: ColorChoice,
    pub quiet: bool,
}

static OUTPUT: std::sync::OnceLock<Output> = std::sync::OnceLock::new();

pub(crate) fn output() -> Output {
    OUTPUT.get().copied().unwrap_or(Output {
        color: ColorChoice::Auto,
        quiet: false,
    })
}

impl Output {
    /// Whether to colour what goes to a stream that is (`terminal`) a terminal or not: `auto`
    /// colours a terminal unless NO_COLOR is set to something (no-color.org).
    pub fn colour(self, terminal: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
            }
        }
    }

    pub fn stdout_colour(self) -> bool {
        self.colour(std::io::stdout().is_terminal())
    }

    pub fn stderr_colour(self) -> bool {
        self.colour(std::io::stderr().is_terminal())
    }

    /// The findings to print: every one, or with `--quiet` the errors only.
    pub fn shown(self, findings: &[Finding]) -> Vec<Finding> {
        findings
            .iter()
            .filter(|finding| !self.quiet || finding.severity == crate::diagnostic::Severity::Error)
            .cloned()
            .collect()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the report PDF from the inputs folder.
    Build(BuildArgs),
    /// Check replies against the resolution and the reference data, without building.
    ///
    /// Exit code 0 when no reply has an error, 1 when some do, 2 when a file cannot be read or
    /// the inputs folder is incomplete.
    Check(CheckArgs),
    /// Print the JSON Schema of the reply format, with the terms of the mandate in use (its
    /// vocabularies and operative paragraphs) as the only values allowed.
    Schema {
        /// Folder with mandate.json [default: inputs/ of the project, else the inputs built
        /// into the binary].
        #[arg(long, value_name = "DIR")]
        inputs: Option<PathBuf>,
    },
    /// Print a blank reply for one respondent, every paragraph addressed to it explained.
    New(NewArgs),
    /// Show which respondent answered which operative paragraph.
    Coverage(CoverageArgs),
    /// Fetch the replies published at the URLs of inputs/endpoints.json into inputs/fetched/.
    ///
    /// Exit code 0 when every endpoint was fetched or is unchanged, 1 when some failed (the
    /// others are stored, and a failed one keeps its last good copy), 2 when the endpoints
    /// list or the cache cannot be read or written.
    Fetch(FetchArgs),
    /// Write the text draft (for reviewers) and the Typst source of the report.
    Draft(DraftArgs),
    /// Compare two drafts paragraph by paragraph: text drafts, or input folders built on the fly.
    ///
    /// Exit code 0 when they are the same, 1 when they differ, 2 when one cannot be read or built.
    Diff(draft::DiffArgs),
    /// Build the report, then build it again whenever a reply, the metadata, a template or a
    /// font changes, until stopped with Ctrl-C.
    ///
    /// A build that fails shows its errors and leaves the last good PDF as it was.
    Watch(watch::WatchArgs),
    /// Write or refresh the editors' summaries files (inputs/summaries/, one per respondent)
    /// and list what awaits them: every narrative, its language and length, its summary's
    /// state, and the words each chapter has left.
    ///
    /// Exit code 0 when the files are written, 1 when the report cannot be built, 2 when the
    /// inputs cannot be read or the files cannot be written.
    Worksheet(worksheet::WorksheetArgs),
    /// Start a new report folder: inputs/ (the bundled mandate, metadata, organizations and
    /// reference data, an empty replies/), report-templates/ and fonts/, as this binary has
    /// them.
    ///
    /// Exit code 0 when the folder is written, 2 when it exists and is not empty or cannot be
    /// written.
    Init {
        /// The new folder (it may exist if it is empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Print the shell completion script for `report` (bash, zsh, fish, elvish, powershell).
    ///
    /// For bash: `report completions bash > ~/.local/share/bash-completion/completions/report`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page of `report` (roff), or write one per command into a folder.
    ///
    /// `report man | man -l -` reads it; `report man --out-dir man/` writes report.1,
    /// report-build.1 and the others.
    Man {
        /// Write report.1 and one page per command (report-build.1, ...) into this folder.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    #[command(flatten)]
    pub sources: Sources,
    /// Folder to write SYMBOL.draft.txt and SYMBOL.typ into.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out_dir: PathBuf,
}

/// Where a build reads from.
#[derive(Debug, Clone, Args)]
pub struct Sources {
    /// Folder with mandate.json, report.json, organizations.json, reference/ and replies/
    /// [default: inputs/ of the project: this folder or the nearest above it that has one].
    #[arg(long, value_name = "DIR", default_value_os_t = project::default_dir("inputs"), hide_default_value = true)]
    pub inputs: PathBuf,
    /// Folder with the layout (.typ) and handlebars (.hbs) templates.
    #[arg(long, value_name = "DIR", default_value_os_t = project::default_dir("report-templates"))]
    pub templates: PathBuf,
    /// Folder with the fonts the PDF may use (no system font is ever used).
    #[arg(long, value_name = "DIR", default_value_os_t = project::default_dir("fonts"))]
    pub fonts: PathBuf,
}

impl Sources {
    pub fn config(&self) -> BuildConfig {
        BuildConfig {
            inputs_dir: self.inputs.clone(),
            templates_dir: self.templates.clone(),
            fonts_dir: self.fonts.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Folder with endpoints.json; the replies go to its fetched/ folder [default: inputs/ of
    /// the project].
    #[arg(long, value_name = "DIR", default_value_os_t = project::default_dir("inputs"), hide_default_value = true)]
    pub inputs: PathBuf,
    #[command(flatten)]
    pub tuning: FetchTuning,
    /// `human`: a table; `json`: a `report-fetch-summary/1` document (one entry per endpoint
    /// with its outcome, then the counts).
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: each finding with the offending line and a marker.
    Human,
    /// For programs: a stable `report-findings/1` document.
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Reply files to check, `-` for standard input [default: every reply in the replies/
    /// folder of --inputs].
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Folder with mandate.json, report.json, organizations.json and reference/ [default:
    /// inputs/ of the project; with FILEs and no project, the inputs built into the binary].
    #[arg(long, value_name = "DIR")]
    pub inputs: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Fonts the report is set in, for the rule that text must be printable [default: the
    /// fonts/ folder when there is one, else the fonts built into the binary].
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// Fail (exit 1) on warnings too: for a respondent who wants the reply used exactly as
    /// written.
    #[arg(long, visible_alias = "deny-warnings")]
    pub strict: bool,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct Respondent {
    /// A Member State, by ISO 3166-1 alpha-3 code (`ITA`).
    #[arg(long, value_name = "CODE")]
    pub state: Option<String>,
    /// A non-member observer State, by ISO 3166-1 alpha-3 code (`VAT`).
    #[arg(long, value_name = "CODE")]
    pub observer: Option<String>,
    /// An organization, by its code in inputs/organizations.json (`UNODC`).
    #[arg(long, value_name = "CODE")]
    pub organization: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(flatten)]
    pub respondent: Respondent,
    /// Folder with mandate.json, report.json, organizations.json and reference/ [default:
    /// inputs/ of the project, else the inputs built into the binary].
    #[arg(long, value_name = "DIR")]
    pub inputs: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Folder with mandate.json, report.json, organizations.json, reference/ and replies/
    /// [default: inputs/ of the project].
    #[arg(long, value_name = "DIR", default_value_os_t = project::default_dir("inputs"), hide_default_value = true)]
    pub inputs: PathBuf,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub sources: Sources,
    /// Where to write the PDF; a folder (`out/`) takes SYMBOL.pdf [default: out/SYMBOL.pdf,
    /// the document symbol with `/` as `_`].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Fail (exit 1, no PDF written) when any reply has an error or a warning.
    #[arg(long)]
    pub strict: bool,
    /// Fetch the replies of inputs/endpoints.json first (as `report fetch` does).
    #[arg(long)]
    pub fetch: bool,
    /// Also write the text draft and the Typst source beside the PDF (NAME.draft.txt, NAME.typ).
    #[arg(long)]
    pub draft: bool,
    #[command(flatten)]
    pub tuning: FetchTuning,
    /// The summary on stdout: `human` lines, or a `report-build/1` JSON document (files
    /// written, pages, replies, findings, words); findings go to stderr either way.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

/// The format tag of `report build --format json`.
pub const BUILD_SUMMARY_FORMAT: &str = "report-build/1";

/// The build summary for programs.
fn build_summary_json(built: &Build, out: &Path, written: &Written) -> serde_json::Value {
    let counts = Counts::of(&built.findings);
    serde_json::json!({
        "format": BUILD_SUMMARY_FORMAT,
        "pdf": out.display().to_string(),
        "compilation": written.compilation.display().to_string(),
        "manifest": written.manifest.display().to_string(),
        "drafts": written.drafts.iter().map(|path| path.display().to_string()).collect::<Vec<_>>(),
        "pages": built.pages,
        "compilation_pages": built.compilation.pages,
        "replies": {
            "read": built.replies_read,
            "accepted": built.accepted,
            "left_out": built.left_out.iter().map(|left_out| serde_json::json!({
                "source": left_out.source,
                "reason": left_out.reason,
            })).collect::<Vec<_>>(),
        },
        "findings": { "errors": counts.errors, "warnings": counts.warnings, "notices": counts.notices },
        "words": built.words,
        "word_limit": built.report.meta.word_limit,
        "page_break_faults": built.page_break_faults,
    })
}

pub fn run(cli: Cli) -> ExitCode {
    let _ = OUTPUT.set(Output {
        color: cli.color,
        quiet: cli.quiet,
    });
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Check(args) => run_check(&args),
        Command::Schema { inputs } => run_schema(inputs.as_deref()),
        Command::New(args) => run_new(&args),
        Command::Coverage(args) => run_coverage(&args),
        Command::Draft(args) => draft::run_draft(&args),
        Command::Diff(args) => draft::run_diff(&args),
        Command::Watch(args) => watch::run_watch(&args),
        Command::Worksheet(args) => worksheet::run_worksheet(&args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "report", &mut script);
            print_out(&String::from_utf8_lossy(&script))
        }
        Command::Man { out_dir } => run_man(out_dir.as_deref()),
        Command::Init { dir } => match project::init(&dir) {
            Ok(files) => {
                let d = dir.display();
                print_out(&format!(
                    "created {d}: {files} files in inputs/, report-templates/ and fonts/\n\
                     next: edit {d}/inputs/report.json (symbol, dates, job number, outline) and, for \
                     another resolution, {d}/inputs/mandate.json; put the replies in \
                     {d}/inputs/replies/ (`report new --state CODE` writes a blank one); then run \
                     `report check` and `report build` in {d}\n"
                ))
            }
            Err(message) => {
                let _ = writeln!(std::io::stderr(), "error: {message}");
                ExitCode::from(2)
            }
        },
        Command::Fetch(args) => {
            let mut stdout = std::io::stdout().lock();
            let json = args.format == OutputFormat::Json;
            match fetch::fetch_with_progress_as(&args.inputs, &args.tuning, &mut stdout, json) {
                Ok(summary) if summary.failed() == 0 => ExitCode::SUCCESS,
                Ok(_) => ExitCode::from(1),
                Err(code) => ExitCode::from(code),
            }
        }
    }
}

/// `report schema`: the reply schema of the mandate in use.
fn run_schema(inputs: Option<&Path>) -> ExitCode {
    let (inputs, _bundled) = match project::respondent_inputs(inputs) {
        Ok(found) => found,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write the bundled inputs: {error}"
            );
            return ExitCode::from(2);
        }
    };
    let Some(gathered) =
        gathered_or_say(&inputs, crate::gather::gather_replies(&inputs, Some(&[])))
    else {
        return ExitCode::from(2);
    };
    let schema = crate::reply::reply_schema_for(&gathered.mandate);
    print_out(&(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"))
}

/// The format tag of `report coverage --format json`.
pub const COVERAGE_FORMAT: &str = "report-coverage/1";

/// `report man`: the manual page on stdout, or a page per command into `out_dir`.
fn run_man(out_dir: Option<&Path>) -> ExitCode {
    let command = <Cli as clap::CommandFactory>::command();
    let Some(dir) = out_dir else {
        let mut page = Vec::new();
        if let Err(error) = clap_mangen::Man::new(command).render(&mut page) {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write the manual page: {error}"
            );
            return ExitCode::from(2);
        }
        return print_out(&String::from_utf8_lossy(&page));
    };
    let written =
        std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(command, dir));
    match written {
        Ok(()) => {
            let _ = writeln!(
                std::io::stdout(),
                "wrote the manual pages into {}",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write the manual pages into `{}`: {error}",
                dir.display()
            );
            ExitCode::from(2)
        }
    }
}

/// Writes to stdout; a closed pipe (`report schema | head`) is not an error worth a panic.
pub(crate) fn print_out(text: &str) -> ExitCode {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let files = (!args.files.is_empty()).then_some(args.files.as_slice());
    // A respondent checking a file of their own needs no project: the bundled inputs do.
    let (inputs, _bundled) = if files.is_some() {
        match project::respondent_inputs(args.inputs.as_deref()) {
            Ok(found) => found,
            Err(error) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "error: cannot write the bundled inputs: {error}"
                );
                return ExitCode::from(2);
            }
        }
    } else {
        (
            args.inputs
                .clone()
                .unwrap_or_else(|| project::default_dir("inputs")),
            None,
        )
    };
    let Some(gathered) = gathered_or_say(&inputs, crate::gather::gather_replies(&inputs, files))
    else {
        return ExitCode::from(2);
    };
    let fonts = match &args.fonts {
        Some(dir) => match crate::typeset::Fonts::load(dir) {
            Ok(fonts) => fonts,
            Err(error) => {
                let _ = writeln!(std::io::stderr(), "error: {error}");
                return ExitCode::from(2);
            }
        },
        // The project's fonts when run in it, as the build uses them; else the same fonts,
        // built into the binary.
        None => crate::typeset::Fonts::load(&project::default_dir("fonts"))
            .unwrap_or_else(|_| crate::typeset::Fonts::bundled()),
    };
    // The font rule too: a reply that passes is one the build uses as written.
    let checked = crate::check::check_with_fonts(&gathered, |c| fonts.covers(c));
    // Without files named, the editors' summaries are checked too (against the replies the
    // report would use).
    let editorial = crate::editorial::check(
        &gathered.summaries,
        &checked.accepted,
        &gathered.mandate,
        |c| fonts.covers(c),
    );
    let findings = in_source_order([
        gathered.findings.clone(),
        checked.findings.clone(),
        editorial.findings,
    ]);
    let counts = Counts::of(&findings);
    let text = match args.format {
        OutputFormat::Json => render_json(&findings),
        OutputFormat::Human if output().quiet => {
            render_human_styled(&output().shown(&findings), output().stdout_colour())
        }
        OutputFormat::Human => {
            let mut text = render_human_styled(&findings, output().stdout_colour());
            text.push_str(&format!(
                "checked {} repl{}: {} can be used, {} cannot\n",
                gathered.replies_read,
                if gathered.replies_read == 1 {
                    "y"
                } else {
                    "ies"
                },
                checked.accepted.len(),
                gathered.replies_read.saturating_sub(checked.accepted.len()),
            ));
            text.push_str(&counts_line(counts));
            text
        }
    };
    let printed = print_out(&text);
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    if findings.iter().any(|finding| finding.code == "unreadable") {
        ExitCode::from(2)
    } else if counts.errors > 0 || (args.strict && counts.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn counts_line(counts: Counts) -> String {
    format!(
        "findings: {}, {}, {}\n",
        plural_count(counts.errors, "error"),
        plural_count(counts.warnings, "warning"),
        plural_count(counts.notices, "notice")
    )
}

fn plural_count(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// The gathered inputs, or `None` after saying on stderr why they could not be read (a missing
/// or broken mandate, metadata or reference file: exit code 2).
fn gathered_or_say(
    inputs: &Path,
    result: Result<crate::gather::Gathered, crate::gather::GatherError>,
) -> Option<crate::gather::Gathered> {
    result
        .map_err(|error| {
            let mut stderr = std::io::stderr();
            let _ = writeln!(stderr, "error: {error}");
            if let Some(hint) = project::no_inputs_hint(inputs) {
                let _ = writeln!(stderr, "  = help: {hint}");
            }
        })
        .ok()
}

fn run_new(args: &NewArgs) -> ExitCode {
    let (inputs, _bundled) = match project::respondent_inputs(args.inputs.as_deref()) {
        Ok(found) => found,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write the bundled inputs: {error}"
            );
            return ExitCode::from(2);
        }
    };
    let Some(gathered) =
        gathered_or_say(&inputs, crate::gather::gather_replies(&inputs, Some(&[])))
    else {
        return ExitCode::from(2);
    };
    let respondent = &args.respondent;
    let replier = match (
        &respondent.state,
        &respondent.observer,
        &respondent.organization,
    ) {
        (Some(code), _, _) => Replier::State(code.clone()),
        (_, Some(code), _) => Replier::Observer(code.clone()),
        (_, _, Some(code)) => Replier::Organization(code.clone()),
        (None, None, None) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: say who replies: --state CODE, --observer CODE or --organization CODE"
            );
            return ExitCode::from(2);
        }
    };
    match blank_reply(
        &gathered.mandate,
        &gathered.metadata,
        &gathered.reference,
        &replier,
    ) {
        Ok(text) => print_out(&text),
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            ExitCode::from(2)
        }
    }
}

fn run_coverage(args: &CoverageArgs) -> ExitCode {
    let Some(gathered) = gathered_or_say(&args.inputs, crate::gather::gather(&args.inputs)) else {
        return ExitCode::from(2);
    };
    let checked = crate::check::check(&gathered);
    let report =
        match crate::compile::compile(&gathered, &checked, &crate::editorial::Editorial::none()) {
            Ok(compiled) => compiled.report,
            Err(error) => {
                let _ = writeln!(std::io::stderr(), "error: {error}");
                return ExitCode::from(1);
            }
        };
    let text = match args.format {
        OutputFormat::Json => {
            // A tagged document, as every JSON output: `report-coverage/1`.
            let mut document = serde_json::json!({ "format": COVERAGE_FORMAT });
            if let (Some(document), Ok(serde_json::Value::Object(coverage))) = (
                document.as_object_mut(),
                serde_json::to_value(&report.coverage),
            ) {
                document.extend(coverage);
            }
            serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
        }
        OutputFormat::Human => coverage_table(&report.coverage),
    };
    print_out(&text)
}

/// The coverage matrix as a plain-text table.
pub fn coverage_table(coverage: &Coverage) -> String {
    let name_width = coverage
        .rows
        .iter()
        .map(|row| row.name.chars().count())
        .max()
        .unwrap_or(0)
        .max("Respondent".len());
    let mut text = format!("{:<name_width$}", "Respondent");
    for paragraph in &coverage.paragraphs {
        text.push_str(&format!(" {paragraph:>3}"));
    }
    text.push('\n');
    for row in &coverage.rows {
        let padding = name_width - row.name.chars().count();
        text.push_str(&row.name);
        text.push_str(&" ".repeat(padding));
        for cell in &row.cells {
            let mark = match cell {
                CoverageCell::Answered => "x",
                CoverageCell::NotAnswered => "-",
                CoverageCell::NotAddressed => "",
                CoverageCell::AnsweredNotAddressed => "!",
            };
            text.push_str(&format!(" {mark:>3}"));
        }
        text.push('\n');
    }
    text.push_str(
        "\nx answered   - addressed, not answered   (blank) not addressed   ! answered, not addressed\n",
    );
    text
}

fn run_build(args: &BuildArgs) -> ExitCode {
    if args.fetch {
        // A failed endpoint keeps its last good copy, which the build then uses and reports
        // as stale; only a fetch that could not run at all stops the build.
        // With `--format json` stdout holds the build's document alone: the table goes to stderr.
        let fetched = if args.format == OutputFormat::Json {
            fetch::fetch_with_progress(&args.sources.inputs, &args.tuning, &mut std::io::stderr())
        } else {
            fetch::fetch_with_progress(&args.sources.inputs, &args.tuning, &mut std::io::stdout())
        };
        if let Err(code) = fetched {
            return ExitCode::from(code);
        }
    }
    let config = args.sources.config();
    // The compilation of replies is typeset again only if what it is made from changed: the
    // last one is found beside the PDF this build replaces. The output path depends on the
    // symbol only when `--out` is not given, so the metadata is read for it first.
    let earlier = match &args.out {
        Some(out) if !names_a_folder(out) => Some(out.clone()),
        folder => symbol_file_name(&config.inputs_dir).map(|name| {
            folder
                .clone()
                .unwrap_or_else(|| project::default_dir("out"))
                .join(name)
        }),
    }
    .and_then(|out| crate::manifest::earlier_compilation(&out));
    let result = crate::Session::new(config.clone())
        .with_earlier_compilation(earlier)
        .build();
    let mut stderr = std::io::stderr().lock();
    let built = match result {
        Ok(built) => built,
        Err(error) => {
            let _ = writeln!(stderr, "error: {error}");
            if let (BuildError::Gather(_), Some(hint)) =
                (&error, project::no_inputs_hint(&config.inputs_dir))
            {
                let _ = writeln!(stderr, "  = help: {hint}");
            }
            let _ = writeln!(stderr, "no PDF was written; the last one is unchanged");
            return match error {
                BuildError::Gather(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            };
        }
    };
    let _ = write!(
        stderr,
        "{}",
        render_human_styled(&output().shown(&built.findings), output().stderr_colour())
    );
    if !output().quiet {
        for warning in &built.typst_warnings {
            let _ = writeln!(stderr, "{warning}");
        }
    }
    let counts = Counts::of(&built.findings);
    if args.strict && (counts.errors > 0 || counts.warnings > 0) {
        let _ = writeln!(
            stderr,
            "error: --strict: the build has {} and {}; no PDF was written, the last one is unchanged",
            plural_count(counts.errors, "error"),
            plural_count(counts.warnings, "warning")
        );
        return ExitCode::from(1);
    }
    let out = out_path(args.out.as_deref(), &built);
    match write_outputs(&config, &built, &out, args.draft) {
        Ok(written) => {
            if output().quiet {
                return ExitCode::SUCCESS;
            }
            if args.format == OutputFormat::Json {
                for unreadable in &written.unreadable {
                    let _ = writeln!(stderr, "warning: {unreadable}");
                }
                let document = build_summary_json(&built, &out, &written);
                return print_out(
                    &(serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"),
                );
            }
            for unreadable in &written.unreadable {
                let _ = writeln!(stderr, "warning: {unreadable}");
            }
            let mut also_wrote = String::new();
            for path in &written.drafts {
                also_wrote.push_str(&format!("wrote {}\n", path.display()));
            }
            let _ = writeln!(
                std::io::stdout().lock(),
                "{}wrote {}{}\n{also_wrote}wrote {}",
                crate::diagnostic::printable(&summary(&built, &out)),
                written.compilation.display(),
                if built.compilation.reused {
                    " (unchanged: kept from the last build)"
                } else {
                    ""
                },
                written.manifest.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(stderr, "error: {error}");
            ExitCode::from(2)
        }
    }
}

/// SYMBOL.pdf for the symbol in the inputs' report.json, if it can be read.
fn symbol_file_name(inputs_dir: &std::path::Path) -> Option<String> {
    let path = inputs_dir.join("report.json");
    crate::gather::require_regular_file(&path).ok()?;
    let metadata: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let symbol = metadata.get("symbol")?.as_str()?;
    Some(format!("{}.pdf", file_name_for_symbol(symbol)))
}

/// `--out out/` (a trailing separator) or a folder that exists: the PDF goes into it.
fn names_a_folder(out: &std::path::Path) -> bool {
    out.is_dir() || out.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// Where the PDF goes: `--out FILE`; into the folder when `--out` names one (`out/`, or a
/// folder that exists); else `out/SYMBOL.pdf`, the document symbol's `/` as `_`.
fn out_path(out: Option<&std::path::Path>, built: &Build) -> PathBuf {
    let named = format!("{}.pdf", file_name_for_symbol(&built.report.meta.symbol));
    match out {
        Some(out) if names_a_folder(out) => out.join(named),
        Some(out) => out.to_path_buf(),
        None => project::default_dir("out").join(named),
    }
}

/// What a build wrote besides the PDF.
struct Written {
    /// Files of the folders the manifest could not read, each with why.
    unreadable: Vec<String>,
    compilation: PathBuf,
    manifest: PathBuf,
    drafts: Vec<PathBuf>,
}

/// Writes the PDF, the compilation of replies, (with `with_drafts`) the drafts and the
/// manifest as one set (`output::publish_together`): the manifest is made before anything is
/// written, every file is staged before any is replaced, and a manifest on disk always
/// describes the files beside it. Outputs that would land on each other or on the build's own
/// inputs are refused before anything is written.
fn write_outputs(
    config: &BuildConfig,
    built: &Build,
    out: &std::path::Path,
    with_drafts: bool,
) -> Result<Written, String> {
    let manifest_path = crate::manifest::manifest_path(out);
    let compilation_path = crate::manifest::compilation_path(out);
    let drafts = if with_drafts {
        draft::draft_files(built, &out.with_extension(""))
    } else {
        Vec::new()
    };
    // Each output with what it is (for a refusal) and its bytes; the manifest comes last.
    let mut outputs: Vec<(&std::path::Path, &str, &[u8])> = vec![
        (out, "the report", &built.pdf),
        (
            &compilation_path,
            "the compilation of replies",
            &built.compilation.pdf,
        ),
    ];
    outputs.extend(
        drafts
            .iter()
            .zip(["the text draft", "the Typst source"])
            .map(|((path, text), role)| (path.as_path(), role, text.as_bytes())),
    );
    let targets: Vec<(&std::path::Path, &str)> = outputs
        .iter()
        .map(|(path, role, _)| (*path, *role))
        .chain(std::iter::once((manifest_path.as_path(), "the manifest")))
        .collect();
    refuse_colliding_outputs(config, &targets)?;
    let manifest = crate::manifest::manifest(config, built, out).map_err(|error| {
        format!("cannot list the files to record in the build manifest: {error}")
    })?;
    let unreadable = manifest
        .files
        .iter()
        .filter_map(|file| {
            file.unreadable.as_ref().map(|why| {
                format!(
                    "`{}` could not be read ({why}); the manifest records it as unreadable",
                    file.path
                )
            })
        })
        .collect();
    let manifest = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    let documents: Vec<(&std::path::Path, &[u8])> = outputs
        .iter()
        .map(|(path, _, bytes)| (*path, *bytes))
        .collect();
    output::publish_together(&documents, (&manifest_path, manifest.as_bytes()))
        .map_err(|error| error.to_string())?;
    Ok(Written {
        unreadable,
        compilation: compilation_path,
        manifest: manifest_path,
        drafts: drafts.into_iter().map(|(path, _)| path).collect(),
    })
}

/// Two outputs with one name (`--out x.typ --draft`: the PDF and the Typst source), or an
/// output inside a folder the build reads (`--out inputs/replies/AUT.json`), would destroy a
/// file: refused, naming both.
fn refuse_colliding_outputs(
    config: &BuildConfig,
    targets: &[(&std::path::Path, &str)],
) -> Result<(), String> {
    let absolute = |path: &std::path::Path| std::path::absolute(path).unwrap_or(path.into());
    let mut seen: Vec<(PathBuf, &str)> = Vec::new();
    for (target, role) in targets {
        let full = absolute(target);
        if let Some((_, earlier)) = seen.iter().find(|(path, _)| *path == full) {
            return Err(format!(
                "`{}` would be written twice, as {earlier} and as {role}: choose another --out name",
                target.display()
            ));
        }
        for (folder, what) in [
            (&config.inputs_dir, "inputs"),
            (&config.templates_dir, "templates"),
            (&config.fonts_dir, "fonts"),
        ] {
            if full.starts_with(absolute(folder)) {
                return Err(format!(
                    "`{}` ({role}) is inside the {what} folder `{}`, which the build reads: choose an --out outside it",
                    target.display(),
                    folder.display()
                ));
            }
        }
        seen.push((full, role));
    }
    Ok(())
}

/// `words: 6,012 of 8,500 (2,488 to spare); annexes 1,034 (Annex I 210, Annex II 824)`.
fn words_line(words: &crate::typeset::WordCount, limit: u64) -> String {
    let body = words.body as u64;
    let margin = if body <= limit {
        format!("{} to spare", thousands(limit - body))
    } else {
        format!("{} over", thousands(body - limit))
    };
    let mut line = format!(
        "words: {} of {} ({margin}); body, footnotes and headings",
        thousands(body),
        thousands(limit)
    );
    if !words.annexes.is_empty() {
        let each: Vec<String> = words
            .annexes
            .iter()
            .map(|annex| format!("{} {}", annex.name, thousands(annex.words as u64)))
            .collect();
        line.push_str(&format!(
            "; annexes apart: {} ({})",
            thousands(words.annexes_total() as u64),
            each.join(", ")
        ));
    }
    line.push('\n');
    line
}

/// `  front page 312; I 402; II 610 of 1,420 (3 of 11 examples); ...`: each chapter's words,
/// against its budget where it has examples to choose from.
fn budget_line(
    words: &crate::typeset::WordCount,
    budget: &[crate::compile::ChapterWords],
) -> String {
    if budget.is_empty() {
        return String::new();
    }
    let mut parts = vec![format!("front page {}", thousands(words.front as u64))];
    for chapter in budget {
        let mut part = format!("{} {}", chapter.number, thousands(chapter.words as u64));
        if let Some(limit) = chapter.budget {
            part.push_str(&format!(
                " of {} ({} of {} example{})",
                thousands(limit as u64),
                chapter.examples,
                chapter.candidates,
                if chapter.candidates == 1 { "" } else { "s" }
            ));
        }
        parts.push(part);
    }
    format!("  by chapter: {}\n", parts.join("; "))
}

pub(crate) fn thousands(value: u64) -> String {
    crate::style::format_figure(value)
}

/// The few lines a user reads after a build.
pub fn summary(built: &Build, out: &std::path::Path) -> String {
    let mut text = String::new();
    let replies = &built.report.replies;
    text.push_str(&format!(
        "replies: {} read, {} accepted, {} left out\n",
        built.replies_read,
        built.accepted,
        built.replies_read.saturating_sub(built.accepted)
    ));
    text.push_str(&format!(
        "  {} Member State{}, {} organization{}{}{}\n",
        replies.states,
        if replies.states == 1 { "" } else { "s" },
        replies.organizations,
        if replies.organizations == 1 { "" } else { "s" },
        if replies.observers > 0 {
            format!(
                ", {} observer State{}",
                replies.observers,
                if replies.observers == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        },
        match &built.report.preparer {
            Some(preparer) if preparer.replied => format!(
                "; the reply of {}, which prepares the report, is written in its own voice",
                preparer.code
            ),
            _ => String::new(),
        },
    ));
    for left_out in &built.left_out {
        text.push_str(&format!(
            "  left out {}: {}\n",
            left_out.source, left_out.reason
        ));
    }
    let now = time::OffsetDateTime::now_utc();
    for copy in &built.stale {
        text.push_str(&format!(
            "  stale {}: the copy of {} ({}) is used; the last fetch failed on {}: {}\n",
            copy.file,
            crate::fetch::cache::short_time(&copy.fetched_at),
            crate::fetch::cache::age(&copy.fetched_at, now),
            crate::fetch::cache::short_time(&copy.failure.at),
            copy.failure.reason
        ));
    }
    text.push_str(&counts_line(Counts::of(&built.findings)));
    let summaries = built.summaries;
    if summaries.current + summaries.stale + summaries.refused + built.summaries_needed > 0 {
        text.push_str(&format!(
            "summaries: {} used, {} stale, {} refused; {} narrative{} need{} one (see `report worksheet`)\n",
            summaries.current,
            summaries.stale,
            summaries.refused,
            built.summaries_needed,
            if built.summaries_needed == 1 { "" } else { "s" },
            if built.summaries_needed == 1 { "s" } else { "" },
        ));
    }
    text.push_str(&format!(
        "document: {} pages; compilation of replies: {} pages\n",
        built.pages, built.compilation.pages
    ));
    for fault in &built.page_break_faults {
        text.push_str(&format!("  page break to look at: {fault}\n"));
    }
    text.push_str(&words_line(
        &built.words,
        u64::from(built.report.meta.word_limit),
    ));
    text.push_str(&budget_line(&built.words, &built.budget));
    text.push_str(&format!("wrote {}\n", out.display()));
    text
}
