//! `report draft`, `report build --draft` and `report diff`: the text draft and the Typst
//! source written for reviewers, and two drafts compared.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{DraftArgs, OutputFormat};
use crate::diagnostic::render_human as render_findings;
use crate::diff::{Style, compare, render_human, render_json};
use crate::{Build, BuildConfig, build, draft, file_name_for_symbol};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier draft: a text draft (`.draft.txt`) or an inputs folder to build.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later draft: a text draft or an inputs folder.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Templates used to build an inputs folder.
    #[arg(long, value_name = "DIR", default_value_os_t = super::project::default_dir("report-templates"))]
    pub templates: PathBuf,
    /// Fonts used to build an inputs folder.
    #[arg(long, value_name = "DIR", default_value_os_t = super::project::default_dir("fonts"))]
    pub fonts: PathBuf,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

/// The text draft and the Typst source of a build, and where they go: `STEM.draft.txt` and
/// `STEM.typ`.
pub fn draft_files(built: &Build, stem: &Path) -> Vec<(PathBuf, String)> {
    let with_suffix = |suffix: &str| {
        let mut name = stem.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    vec![
        (with_suffix(".draft.txt"), draft::draft_text(&built.blocks)),
        (with_suffix(".typ"), built.typst_source.clone()),
    ]
}

pub fn run_draft(args: &DraftArgs) -> ExitCode {
    let built = build(&args.sources.config());
    // Locked only now: the build must be free to write to the error stream from any thread.
    let mut stderr = std::io::stderr().lock();
    let built = match built {
        Ok(built) => built,
        Err(error) => {
            let _ = writeln!(stderr, "error: {error}");
            return ExitCode::from(2);
        }
    };
    let _ = write!(stderr, "{}", render_findings(&built.findings));
    let stem = args
        .out_dir
        .join(file_name_for_symbol(&built.report.meta.symbol));
    let mut stdout = std::io::stdout().lock();
    for (path, text) in draft_files(&built, &stem) {
        if let Err(error) = crate::output::write_atomically(&path, text.as_bytes()) {
            let _ = writeln!(stderr, "error: cannot write `{}`: {error}", path.display());
            return ExitCode::from(2);
        }
        let _ = writeln!(stdout, "wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

/// The text of a draft: the file itself, or the draft of an inputs folder built now.
fn draft_of(path: &Path, args: &DiffArgs) -> Result<String, String> {
    if path.is_dir() {
        if !path.join("mandate.json").is_file() || !path.join("report.json").is_file() {
            return Err(format!(
                "`{}` is a folder but not an inputs folder (it has no mandate.json and report.json): \
                 give two inputs folders or two text drafts",
                path.display()
            ));
        }
        let config = BuildConfig {
            inputs_dir: path.to_path_buf(),
            templates_dir: args.templates.clone(),
            fonts_dir: args.fonts.clone(),
        };
        return build(&config)
            .map(|built| draft::draft_text(&built.blocks))
            .map_err(|error| format!("cannot build `{}`: {error}", path.display()));
    }
    crate::gather::require_regular_file(path)
        .and_then(|()| std::fs::read(path))
        .map_err(|error| format!("cannot read `{}`: {error}", path.display()))
        .and_then(|bytes| {
            let header = format!("<!-- {} -->", crate::draft::DRAFT_FORMAT);
            match String::from_utf8(bytes) {
                Ok(text) if text.starts_with(&header) => Ok(text),
                _ => Err(format!(
                    "`{}` is not a text draft (a draft starts with `{header}`): give two drafts \
                     written by `report draft` or `report build --draft`, or two inputs folders",
                    path.display()
                )),
            }
        })
}

pub fn run_diff(args: &DiffArgs) -> ExitCode {
    let (old, new) = match (draft_of(&args.old, args), draft_of(&args.new, args)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            return ExitCode::from(2);
        }
    };
    let diff = compare(&old, &new);
    let text = match args.format {
        OutputFormat::Json => render_json(&diff),
        OutputFormat::Human => {
            if diff.is_empty() {
                String::new()
            } else {
                render_human(
                    &diff,
                    &Style {
                        colour: super::output().stdout_colour(),
                    },
                )
            }
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
