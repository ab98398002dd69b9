//! Stage 1, gather: read everything a build needs from the inputs folder.
//!
//! In: the path of an inputs folder. Out: [`Gathered`]: the mandate, the report metadata, the
//! reference data (all required: a problem with them is a [`GatherError`]) and every reply file
//! that parsed as JSON, as a [`ReplyDocument`] that remembers where each value was written,
//! plus a [`Finding`] for each file that did not (it is left out; the others go on). Whether a
//! document is a valid reply is the check stage's question.
//!
//! Layout of the folder:
//! ```text
//! mandate.json            the resolution as data
//! report.json             report metadata and outline
//! organizations.json      organizations that may reply, with their codes
//! reference/              member-states-2009.json, observers-2009.json,
//!                         treaty-status.json, state-names-in-running-text.json
//! replies/*.json          one reply per file
//! summaries/*.json        the editors' summaries of each respondent's reply (optional)
//! endpoints.json          where replies are published (read by `report fetch`)
//! fetched/*.json          replies fetched from those endpoints, and their manifest.json
//! ```
//!
//! Fetched replies are read like the others; a copy that the last fetch could not renew is
//! listed in [`Gathered::stale`] and reported as a notice, with its age.

mod files;

use std::path::{Path, PathBuf};

pub use files::{
    DocumentKind, MAX_REPLY_BYTES, parse_reply, read_document, read_reply, require_regular_file,
};

use crate::diagnostic::{Finding, display_path};
use crate::mandate::Mandate;
use crate::metadata::ReportMetadata;
use crate::reference::Reference;
use crate::source_map::SourceMap;

/// The most reply files a build reads: some forty times a full collection (192 Member States
/// and some forty organizations), so that only a runaway folder hits it.
pub const MAX_REPLIES: usize = 10_000;

/// A reply file that parsed as JSON, not yet checked.
#[derive(Debug, Clone)]
pub struct ReplyDocument {
    /// File path (as shown to the user) or URL.
    pub source: String,
    /// The file it was read from (none for a fetched body).
    pub path: Option<PathBuf>,
    pub value: serde_json::Value,
    /// Where each value of `value` is in the text.
    pub source_map: SourceMap,
}

#[derive(Debug, Clone)]
pub struct Gathered {
    pub inputs_dir: PathBuf,
    pub mandate: Mandate,
    pub metadata: ReportMetadata,
    pub reference: Reference,
    /// Reply files that parsed as JSON, in file-name order.
    pub documents: Vec<ReplyDocument>,
    /// How many reply files were found, including those that did not parse.
    pub replies_read: usize,
    pub findings: Vec<Finding>,
    /// Fetched replies whose last fetch failed: the report uses an older copy.
    pub stale: Vec<crate::fetch::StaleCopy>,
    /// The editors' summaries files that parsed as JSON (`summaries/`), in file-name order;
    /// those that did not have their findings in `findings`.
    pub summaries: Vec<ReplyDocument>,
}

/// The folder of the editors' summaries, one file per respondent.
pub fn summaries_dir(inputs_dir: &Path) -> PathBuf {
    inputs_dir.join(SUMMARIES_DIR)
}

/// Name of the summaries folder inside the inputs folder.
pub const SUMMARIES_DIR: &str = "summaries";

/// A required input that is missing or unreadable: the build cannot go on without it.
#[derive(Debug, thiserror::Error)]
pub enum GatherError {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}`:{line}:{column}: {message}")]
    Parse {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "`{path}` holds {count} reply files, more than the limit of {MAX_REPLIES}; none was read, so that no real reply is silently left out\n  hint: a collection has one reply per respondent (about 230): look for copies or exports that do not belong in the folder"
    )]
    TooManyReplies { path: String, count: usize },
    #[error(
        "`{path}` does not exist: the replies go there, one JSON file per respondent\n  hint: `report new --state CODE` prints a blank reply to start from; replies fetched with `report fetch` go to `fetched/`"
    )]
    NoRepliesFolder { path: String },
}

/// The JSON files an inputs folder holds at its top level; any other is a slip (a reply saved
/// beside the replies folder instead of in it).
const TOP_LEVEL_JSON: &[&str] = &[
    "mandate.json",
    "report.json",
    "organizations.json",
    crate::fetch::endpoints::ENDPOINTS_FILE,
];

/// Reads the inputs folder. Only required files make this fail; bad replies become findings.
pub fn gather(inputs_dir: &Path) -> Result<Gathered, GatherError> {
    gather_replies(inputs_dir, None)
}

/// Like [`gather`], but reads the reply files named instead of `replies/` when `files` is given
/// (`report check my-reply.json`).
pub fn gather_replies(
    inputs_dir: &Path,
    files: Option<&[PathBuf]>,
) -> Result<Gathered, GatherError> {
    let mandate: Mandate = files::read_required(&inputs_dir.join("mandate.json"))?;
    let metadata: ReportMetadata = files::read_required(&inputs_dir.join("report.json"))?;
    let reference_dir = inputs_dir.join("reference");
    let mut reference = Reference {
        member_states: files::read_required(&reference_dir.join("member-states-2009.json"))?,
        observers: files::read_required(&reference_dir.join("observers-2009.json"))?,
        treaties: files::read_required(&reference_dir.join("treaty-status.json"))?,
        organizations: files::read_required(&inputs_dir.join("organizations.json"))?,
        running_text_names: files::read_required(
            &reference_dir.join("state-names-in-running-text.json"),
        )?,
    };

    reference.use_typographic_apostrophes();

    let mut findings = Vec::new();
    let mut stale = Vec::new();
    let reply_paths = match files {
        Some(files) => files.to_vec(),
        None => {
            let replies_dir = inputs_dir.join("replies");
            let replies = files::reply_files(&replies_dir, None, inputs_dir)?;
            let fetched = files::reply_files(
                &crate::fetch::cache::fetched_dir(inputs_dir),
                Some(crate::fetch::cache::MANIFEST_FILE),
                inputs_dir,
            )?;
            if !replies.folder_exists && !fetched.folder_exists {
                return Err(GatherError::NoRepliesFolder {
                    path: display_path(&replies_dir),
                });
            }
            findings.extend(replies.findings);
            findings.extend(fetched.findings);
            findings.extend(stray_json_files(inputs_dir));
            let mut paths = replies.paths;
            paths.extend(fetched.paths);
            match crate::fetch::cache::read_manifest(inputs_dir) {
                Ok(manifest) => stale = crate::fetch::stale_copies(inputs_dir, &manifest),
                Err(error) => findings.push(
                    Finding::warning(
                        "fetch-manifest",
                        display_path(&crate::fetch::cache::manifest_path(inputs_dir)),
                        error.to_string(),
                    )
                    .with_hint(
                        "the fetched replies are still read; `report fetch` writes a new manifest",
                    ),
                ),
            }
            if paths.len() > MAX_REPLIES {
                return Err(GatherError::TooManyReplies {
                    path: display_path(&replies_dir),
                    count: paths.len(),
                });
            }
            paths
        }
    };
    findings.extend(stale.iter().map(stale_notice));
    let mut documents = Vec::with_capacity(reply_paths.len());
    for path in &reply_paths {
        let source = display_path(path);
        // `report check -`: the reply comes on standard input.
        let (document, read_findings) = if files.is_some() && path.as_os_str() == "-" {
            files::read_reply_from_stdin()
        } else {
            read_reply(path, &source)
        };
        findings.extend(read_findings);
        documents.extend(document);
    }
    // `report check FILE...` checks those replies only; every other use reads the summaries.
    let mut summaries = Vec::new();
    if files.is_none() {
        let summary_files = files::reply_files(&summaries_dir(inputs_dir), None, inputs_dir)?;
        findings.extend(summary_files.findings);
        for path in summary_files.paths {
            let source = display_path(&path);
            let (document, read_findings) = read_document(&path, &source, DocumentKind::Summaries);
            findings.extend(read_findings);
            summaries.extend(document);
        }
    }

    Ok(Gathered {
        inputs_dir: inputs_dir.to_path_buf(),
        mandate,
        metadata,
        reference,
        replies_read: reply_paths.len(),
        documents,
        findings,
        stale,
        summaries,
    })
}

/// A warning for each JSON file at the top of the inputs folder that the engine does not read.
fn stray_json_files(inputs_dir: &Path) -> Vec<Finding> {
    let Ok(entries) = std::fs::read_dir(inputs_dir) else {
        return Vec::new();
    };
    let mut stray: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            files::is_json_name(path)
                && path
                    .file_name()
                    .and_then(|name| name.to_str())
                    .is_none_or(|name| !TOP_LEVEL_JSON.contains(&name))
        })
        .collect();
    stray.sort();
    stray
        .iter()
        .map(|path| {
            Finding::warning(
                "not-read",
                display_path(path),
                format!(
                    "this JSON file is not read: replies go in `replies/`, and the inputs folder itself holds only {}",
                    crate::style::join_list(TOP_LEVEL_JSON)
                ),
            )
            .with_hint("move a reply into `replies/`; remove a file that does not belong to the report")
        })
        .collect()
}

fn stale_notice(copy: &crate::fetch::StaleCopy) -> Finding {
    use crate::fetch::cache::{age, short_time};
    let now = time::OffsetDateTime::now_utc();
    Finding::notice(
        "fetched-copy-stale",
        copy.file.clone(),
        format!(
            "the last fetch from {} failed on {} ({}); the report uses the copy fetched on {} ({})",
            copy.failure.url,
            short_time(&copy.failure.at),
            copy.failure.reason,
            short_time(&copy.fetched_at),
            age(&copy.fetched_at, now)
        ),
    )
    .with_hint("run `report fetch` again when the endpoint answers, or ask the respondent to send the reply")
}
