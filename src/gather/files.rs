//! Reading JSON files from the inputs folder: required files fail the build with the path and
//! position; a reply that cannot be read or parsed becomes a finding.

use std::fs;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::{GatherError, ReplyDocument};
use crate::diagnostic::{Finding, Position, display_path};
use crate::source_map::SourceMap;

pub(super) fn read_required<T: DeserializeOwned>(path: &Path) -> Result<T, GatherError> {
    let shown = display_path(path);
    let text = require_regular_file(path)
        .and_then(|()| fs::read_to_string(path))
        .map_err(|source| GatherError::Read {
            path: shown.clone(),
            source,
        })?;
    serde_json::from_str(&text).map_err(|error| {
        let map = SourceMap::new(Arc::from(text.as_str()));
        let position = map.position(map.offset(error.line(), error.column()));
        GatherError::Parse {
            path: shown,
            line: position.line,
            column: position.column,
            message: error.to_string(),
        }
    })
}

/// What [`reply_files`] found in a folder of replies: the files to read, sorted by name so
/// that builds are reproducible, and a finding for every entry that looks like a reply and is
/// not read (a folder, a FIFO, a link that leads nowhere or out of the inputs folder, a
/// subfolder holding replies).
#[derive(Debug, Default)]
pub(super) struct ReplyFiles {
    pub paths: Vec<PathBuf>,
    pub findings: Vec<Finding>,
    /// Whether the folder exists at all.
    pub folder_exists: bool,
}

/// Whether a file name reads as a JSON file, whatever the case of its extension (`AUT.JSON`).
pub(super) fn is_json_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
}

/// What a file system entry is, for a finding about one that is not a regular file.
fn entry_kind(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Refuses what is not a regular file before it is opened: opening a FIFO waits for a writer
/// that may never come, and a device never ends.
pub fn require_regular_file(path: &Path) -> std::io::Result<()> {
    let metadata = fs::metadata(path)?;
    if metadata.is_file() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "it is {}, not a file",
            entry_kind(metadata.file_type())
        )))
    }
}

/// The reply files of `dir` but `except`. Links are followed only to regular files inside
/// `inputs_dir`; a link out of it is not read, and nothing of its target is shown.
pub(super) fn reply_files(
    dir: &Path,
    except: Option<&str>,
    inputs_dir: &Path,
) -> Result<ReplyFiles, GatherError> {
    let mut found = ReplyFiles::default();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(source) => {
            return Err(GatherError::Read {
                path: display_path(dir),
                source,
            });
        }
    };
    found.folder_exists = true;
    let inputs_real = fs::canonicalize(inputs_dir).unwrap_or_else(|_| inputs_dir.to_path_buf());
    for entry in entries {
        let entry = entry.map_err(|source| GatherError::Read {
            path: display_path(dir),
            source,
        })?;
        let path = entry.path();
        if except.is_some_and(|except| path.file_name() == Some(std::ffi::OsStr::new(except))) {
            continue;
        }
        let file_type = entry.file_type().map_err(|source| GatherError::Read {
            path: display_path(&path),
            source,
        })?;
        let shown = display_path(&path);
        if !is_json_name(&path) {
            if file_type.is_dir() && holds_json(&path) {
                found.findings.push(
                    Finding::warning(
                        "replies-in-subfolder",
                        shown,
                        "this folder holds JSON files, which are not read: replies are read only directly in their folder",
                    )
                    .with_hint("move the replies up into the folder, or out of it if they do not belong to the report"),
                );
            }
            continue;
        }
        if file_type.is_symlink() {
            let target = fs::canonicalize(&path)
                .and_then(|target| fs::metadata(&target).map(|metadata| (target, metadata)));
            match target {
                Err(_) => found.findings.push(
                    Finding::warning(
                        "dangling-link",
                        shown,
                        "this is a symbolic link to a file that does not exist; it was not read",
                    )
                    .with_hint("remove the link, or put the reply itself in its place"),
                ),
                Ok((target, _)) if !target.starts_with(&inputs_real) => found.findings.push(
                    Finding::error(
                        "link-outside-inputs",
                        shown,
                        "this is a symbolic link to a file outside the inputs folder; it was not read, and nothing of it is shown",
                    )
                    .with_hint("copy the reply into the folder instead of linking to it"),
                ),
                Ok((_, metadata)) if metadata.is_file() => found.paths.push(path),
                Ok((_, metadata)) => found.findings.push(not_a_file(shown, metadata.file_type())),
            }
        } else if file_type.is_file() {
            found.paths.push(path);
        } else {
            found.findings.push(not_a_file(shown, file_type));
        }
    }
    found.paths.sort();
    Ok(found)
}

fn not_a_file(shown: String, file_type: fs::FileType) -> Finding {
    let message = format!(
        "this is {}, not a reply file; it was not read",
        entry_kind(file_type)
    );
    // A folder named like a reply is a slip; a pipe or a device is never a reply.
    let finding = if file_type.is_dir() {
        Finding::warning("not-a-file", shown, message)
    } else {
        Finding::error("not-a-file", shown, message)
    };
    finding.with_hint("replace it with the reply's JSON file, or remove it")
}

/// Whether a folder holds a JSON file (one level down).
fn holds_json(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|entry| is_json_name(&entry.path()))
    })
}

/// The largest reply file read, in bytes. Real replies are tens of kilobytes; the limit keeps a
/// runaway export (or a hostile file) from exhausting memory.
pub const MAX_REPLY_BYTES: u64 = 4 * 1024 * 1024;

/// What a JSON document of the inputs holds, for the words of its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A reply of a Member State or organization.
    Reply,
    /// The editors' summaries of one respondent's reply (`summaries/`).
    Summaries,
}

impl DocumentKind {
    fn noun(self) -> &'static str {
        match self {
            Self::Reply => "the reply",
            Self::Summaries => "the summaries file",
        }
    }

    fn start_from(self) -> &'static str {
        match self {
            Self::Reply => "start from the blank reply that `report new` prints",
            Self::Summaries => {
                "`report worksheet` writes the summaries files: run it to start again"
            }
        }
    }
}

/// Reads one reply file and parses its JSON. Returns the document when it parsed, and the
/// findings met on the way (a byte-order mark is a notice; anything that stops the parse is an
/// error, with the place and what to do).
pub fn read_reply(path: &Path, source: &str) -> (Option<ReplyDocument>, Vec<Finding>) {
    read_document(path, source, DocumentKind::Reply)
}

/// Reads one JSON document of the inputs (a reply or a summaries file), as [`read_reply`].
pub fn read_document(
    path: &Path,
    source: &str,
    kind: DocumentKind,
) -> (Option<ReplyDocument>, Vec<Finding>) {
    let mut bytes = Vec::new();
    let read = require_regular_file(path)
        .and_then(|()| fs::File::open(path))
        .and_then(|file| {
            use std::io::Read;
            file.take(MAX_REPLY_BYTES + 1).read_to_end(&mut bytes)
        });
    if let Err(error) = read {
        let finding = Finding::error(
            "unreadable",
            source,
            format!("cannot read {}: {error}", kind.noun()),
        )
        .with_hint("check that the file exists and is readable");
        return (None, vec![finding]);
    }
    if bytes.len() as u64 > MAX_REPLY_BYTES {
        let size = fs::metadata(path).map_or(bytes.len() as u64, |metadata| metadata.len());
        let finding = Finding::error(
            "file-too-large",
            source,
            format!(
                "the file is {} and {} may be at most {}",
                megabytes(size),
                match kind {
                    DocumentKind::Reply => "a reply",
                    DocumentKind::Summaries => "a summaries file",
                },
                megabytes(MAX_REPLY_BYTES)
            ),
        )
        .with_hint(match kind {
            DocumentKind::Reply => "a reply holds text and figures only: remove embedded documents, and summarize very long narratives",
            DocumentKind::Summaries => "a summaries file holds a few sentences per paragraph: look for pasted documents",
        });
        return (None, vec![finding]);
    }
    let (document, findings) = parse_document(bytes, source, kind);
    let document = document.map(|document| ReplyDocument {
        path: Some(path.to_path_buf()),
        ..document
    });
    (document, findings)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a reply from standard input (`report check -`), as [`read_reply`] reads a file; its
/// findings name it `<stdin>`.
pub fn read_reply_from_stdin() -> (Option<ReplyDocument>, Vec<Finding>) {
    use std::io::Read;
    const SOURCE: &str = "<stdin>";
    let mut bytes = Vec::new();
    if let Err(error) = std::io::stdin()
        .lock()
        .take(MAX_REPLY_BYTES + 1)
        .read_to_end(&mut bytes)
    {
        let finding = Finding::error(
            "unreadable",
            SOURCE,
            format!("cannot read the reply from standard input: {error}"),
        );
        return (None, vec![finding]);
    }
    if bytes.len() as u64 > MAX_REPLY_BYTES {
        let finding = Finding::error(
            "file-too-large",
            SOURCE,
            format!("the reply is more than {} and may be at most that", megabytes(MAX_REPLY_BYTES)),
        )
        .with_hint("a reply holds text and figures only: remove embedded documents, and summarize very long narratives");
        return (None, vec![finding]);
    }
    parse_reply(bytes, SOURCE)
}

/// Parses the bytes of one reply (see [`read_reply`]).
pub fn parse_reply(bytes: Vec<u8>, source: &str) -> (Option<ReplyDocument>, Vec<Finding>) {
    parse_document(bytes, source, DocumentKind::Reply)
}

fn parse_document(
    mut bytes: Vec<u8>,
    source: &str,
    kind: DocumentKind,
) -> (Option<ReplyDocument>, Vec<Finding>) {
    let mut findings = Vec::new();
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
        findings.push(
            Finding::notice(
                "byte-order-mark",
                source,
                "the file starts with a UTF-8 byte-order mark, which was ignored",
            )
            .at_position(Position { line: 1, column: 1 })
            .with_hint(
                "save the file as UTF-8 without a byte-order mark (\"UTF-8\", not \"UTF-8 with BOM\")",
            ),
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid_up_to = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&error.as_bytes()[..valid_up_to]).into_owned();
            let position = SourceMap::new(Arc::from(valid.as_str())).position(valid.len());
            findings.push(
                Finding::error(
                    "not-utf8",
                    source,
                    format!(
                        "the file is not valid UTF-8 text: byte {} cannot be read",
                        valid_up_to + 1
                    ),
                )
                .at_position(position)
                .with_hint(match kind {
                    DocumentKind::Reply => "save the reply as UTF-8; most editors offer it under \"Save as\" or \"Encoding\"",
                    DocumentKind::Summaries => "save the file as UTF-8; most editors offer it under \"Save as\" or \"Encoding\"",
                }),
            );
            return (None, findings);
        }
    };
    let text: Arc<str> = Arc::from(text);
    if text.trim().is_empty() {
        findings.push(
            Finding::error("empty-file", source, "the file is empty").with_hint(kind.start_from()),
        );
        return (None, findings);
    }
    let parsed =
        serde_json::from_str::<serde_json::Value>(&text).map(|value| (count_values(&value), value));
    match parsed {
        Ok(((count, longest), value)) if count > MAX_JSON_VALUES => {
            let pointer = pointer_of_length(&value, longest).unwrap_or_default();
            findings.push(
                Finding::error(
                    "too-many-values",
                    source,
                    format!(
                        "{} holds {} JSON values, more than the {} that any {} can need; the longest list, at {}, has {} items",
                        kind.noun(),
                        crate::style::format_figure(count as u64),
                        crate::style::format_figure(MAX_JSON_VALUES as u64),
                        match kind {
                            DocumentKind::Reply => "reply",
                            DocumentKind::Summaries => "summaries file",
                        },
                        if pointer.is_empty() { "/" } else { &pointer },
                        crate::style::format_figure(longest as u64)
                    ),
                )
                .at_pointer(pointer)
                .with_hint("a reply lists at most 100 laws, mechanisms or contributions and 1,000 yearly counts per paragraph: look for a list generated or pasted by mistake"),
            );
            (None, findings)
        }
        Ok((_, value)) => {
            let source_map = SourceMap::new(text);
            let document = ReplyDocument {
                source: source.to_owned(),
                path: None,
                value,
                source_map,
            };
            (Some(document), findings)
        }
        Err(error) => {
            let map = SourceMap::new(text);
            let offset = map.offset(error.line(), error.column());
            let (message, hint) = describe_syntax_error(&error, kind);
            findings.push(
                Finding::error("json-syntax", source, message)
                    .at_span(&map, offset..offset)
                    .with_hint(hint),
            );
            (None, findings)
        }
    }
}

/// The most JSON values (strings, numbers, objects, lists, ...) a document may hold. The
/// largest reply the limits allow (1,000 yearly counts with breakdowns in each paragraph) holds
/// about 120,000; a document far beyond that is refused before its values are mapped to their
/// places in the file, which costs memory in proportion to their number.
pub const MAX_JSON_VALUES: usize = 200_000;

/// The number of values in `value` and the length of its longest list or object. No pointer is
/// made on the way: a list of a million numbers must not cost a million strings.
fn count_values(value: &serde_json::Value) -> (usize, usize) {
    use serde_json::Value;
    let mut count = 0;
    let mut longest = 0;
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        count += 1;
        match value {
            Value::Array(items) => {
                longest = longest.max(items.len());
                pending.extend(items);
            }
            Value::Object(members) => {
                longest = longest.max(members.len());
                pending.extend(members.values());
            }
            _ => {}
        }
    }
    (count, longest)
}

/// The JSON pointer of the first list or object of `value` with `length` items.
fn pointer_of_length(value: &serde_json::Value, length: usize) -> Option<String> {
    use serde_json::Value;
    let here = match value {
        Value::Array(items) => items.len(),
        Value::Object(members) => members.len(),
        _ => return None,
    };
    if here == length {
        return Some(String::new());
    }
    match value {
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            pointer_of_length(item, length).map(|rest| format!("/{index}{rest}"))
        }),
        Value::Object(members) => members.iter().find_map(|(key, member)| {
            pointer_of_length(member, length)
                .map(|rest| format!("/{}{rest}", crate::source_map::escape_pointer_token(key)))
        }),
        _ => None,
    }
}

/// serde_json's message without its " at line L column C" tail (the position is shown apart),
/// and a hint for the usual causes.
fn describe_syntax_error(error: &serde_json::Error, kind: DocumentKind) -> (String, &'static str) {
    let full = error.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(message, _)| message);
    let hint = if message.contains("recursion limit") {
        match kind {
            DocumentKind::Reply => {
                "the JSON nests too deeply: a reply needs only a few levels (reply > paragraphs > facts)"
            }
            DocumentKind::Summaries => {
                "the JSON nests too deeply: a summaries file needs only a few levels (paragraphs > entries)"
            }
        }
    } else if message.contains("EOF") {
        "the file ends too early: check for a missing closing `}` or `]` or an unfinished string"
    } else if message.contains("expected `,`") {
        "a comma is probably missing just before this place, at the end of the previous value"
    } else if message.contains("trailing comma") {
        "remove the comma after the last item of the list or object"
    } else if message.contains("key must be a string") {
        "put every field name in double quotes"
    } else if message.contains("control character") {
        "write a line break inside a string as \\n"
    } else {
        match kind {
            DocumentKind::Reply => {
                "fix the JSON at this place; `report new` prints a blank reply to start from"
            }
            DocumentKind::Summaries => {
                "fix the JSON at this place; `report worksheet` rewrites the file once it reads"
            }
        }
    };
    (
        format!("{} is not valid JSON: {message}", kind.noun()),
        hint,
    )
}
