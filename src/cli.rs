//! Command-line interface: clap definitions and one small function per subcommand. Resolves
//! the arguments once into the library's configuration, runs it, prints findings and the
//! summary, writes the outputs and returns the exit code (0 done, 1 the report could not be
//! made, 2 usage or I/O problems).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::{Build, BuildConfig, BuildError, build, file_name_for_symbol, output};

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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the report PDF from the inputs folder.
    Build(BuildArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Folder with mandate.json, report.json, organizations.json, reference/ and replies/.
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    pub inputs: PathBuf,
    /// Folder with the layout (.typ) and handlebars (.hbs) templates.
    #[arg(long, value_name = "DIR", default_value = "report-templates")]
    pub templates: PathBuf,
    /// Folder with the fonts the PDF may use (no system font is ever used).
    #[arg(long, value_name = "DIR", default_value = "fonts")]
    pub fonts: PathBuf,
    /// Where to write the PDF [default: out/<symbol>.pdf].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => run_build(&args),
    }
}

fn run_build(args: &BuildArgs) -> ExitCode {
    let config = BuildConfig {
        inputs_dir: args.inputs.clone(),
        templates_dir: args.templates.clone(),
        fonts_dir: args.fonts.clone(),
    };
    let result = build(&config);
    let mut stderr = std::io::stderr().lock();
    let built = match result {
        Ok(built) => built,
        Err(error) => {
            let _ = writeln!(stderr, "error: {error}");
            let _ = writeln!(stderr, "no PDF was written; the last one is unchanged");
            return match error {
                BuildError::Gather(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            };
        }
    };
    for finding in &built.findings {
        let _ = writeln!(stderr, "{finding}");
    }
    for warning in &built.typst_warnings {
        let _ = writeln!(stderr, "{warning}");
    }
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(format!(
            "{}.pdf",
            file_name_for_symbol(&built.report.meta.symbol)
        ))
    });
    if let Err(error) = output::write_atomically(&out, &built.pdf) {
        let _ = writeln!(stderr, "error: cannot write `{}`: {error}", out.display());
        return ExitCode::from(2);
    }
    let _ = write!(std::io::stdout().lock(), "{}", summary(&built, &out));
    ExitCode::SUCCESS
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
        "  {} Member State{}, {} organization{}\n",
        replies.states,
        if replies.states == 1 { "" } else { "s" },
        replies.organizations,
        if replies.organizations == 1 { "" } else { "s" },
    ));
    for left_out in &built.left_out {
        text.push_str(&format!(
            "  left out {}: {}\n",
            left_out.source, left_out.reason
        ));
    }
    let count = |severity| {
        built
            .findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    text.push_str(&format!(
        "findings: {} errors, {} warnings, {} notices\n",
        count(crate::diagnostic::Severity::Error),
        count(crate::diagnostic::Severity::Warning),
        count(crate::diagnostic::Severity::Notice),
    ));
    text.push_str(&format!(
        "document: {} pages, {} words set (limit {})\n",
        built.pages, built.words, built.report.meta.word_limit
    ));
    text.push_str(&format!("wrote {}\n", out.display()));
    text
}
