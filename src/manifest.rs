//! The build manifest: what a PDF was made from, written beside it as JSON.
//!
//! In: the build configuration and the finished build. Out: a [`Manifest`] (format
//! `report-manifest/1`) recording the SHA-256 of the PDF, of the compilation of replies beside
//! it and of every file of the inputs, templates and fonts folders, the engine's version, the
//! words of each chapter against its budget, the counts of replies and findings, and the
//! provenance of every treaty fact the report states.
//! It holds no time and no absolute path, so the same inputs give the same manifest: two
//! manifests that agree prove two builds were made from the same files.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Counts, display_path};
use crate::{Build, BuildConfig};

pub const MANIFEST_FORMAT: &str = "report-manifest/1";

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub format: &'static str,
    pub engine: Engine,
    pub document: DocumentFacts,
    /// The compilation of replies written beside the report.
    pub compilation: CompilationFacts,
    pub replies: ReplyCounts,
    pub findings: Counts,
    /// Where each treaty fact of the report comes from: every cell of the status table with
    /// the documents its record was read from, and the counts of parties in all it states.
    pub treaty_status: crate::compile::TreatyProvenance,
    /// Every file the build could read, in path order.
    pub files: Vec<FileHash>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Engine {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentFacts {
    pub symbol: String,
    /// The PDF's file name (the manifest sits beside it).
    pub pdf: String,
    pub sha256: String,
    pub bytes: usize,
    pub pages: usize,
    /// Words of the report (what the limit applies to) and of each annex.
    pub words: crate::typeset::WordCount,
    pub word_limit: u32,
    /// Each chapter's words against its budget.
    pub budget: Vec<crate::compile::ChapterWords>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct CompilationFacts {
    pub symbol: String,
    /// The PDF's file name, beside the report's.
    pub pdf: String,
    pub sha256: String,
    pub bytes: usize,
    pub pages: usize,
    /// What it was made from (see [`layout_key`]): a build with the same key keeps it.
    pub key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyCounts {
    pub read: usize,
    pub accepted: usize,
    pub left_out: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileHash {
    /// As the folder was named on the command line, with forward slashes.
    pub path: String,
    /// Absent for a file that could not be read (see `unreadable`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    pub bytes: u64,
    /// Why a file of the folders could not be read (a stray file without read permission):
    /// recorded, not fatal, since a file the build needed would have stopped it earlier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
}

/// Where the manifest of `pdf_path` goes: `report.pdf` -> `report.manifest.json`.
pub fn manifest_path(pdf_path: &Path) -> PathBuf {
    pdf_path.with_extension("manifest.json")
}

/// Where the compilation of replies of `pdf_path` goes: `report.pdf` -> `report.replies.pdf`.
pub fn compilation_path(pdf_path: &Path) -> PathBuf {
    pdf_path.with_extension("replies.pdf")
}

/// What a document is made from, as one SHA-256: the engine's version, its Typst source and
/// every file of the templates and fonts folders (path and content). The same key gives the
/// same PDF.
pub fn layout_key(source: &str, templates_dir: &Path, fonts_dir: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update([0]);
    hasher.update(source.as_bytes());
    for dir in [templates_dir, fonts_dir] {
        let mut files = files_under(dir)?;
        files.sort();
        for path in files {
            hasher.update([0]);
            if let Ok(relative) = path.strip_prefix(dir) {
                hasher.update(display_path(relative).as_bytes());
            }
            hasher.update([0]);
            hasher.update(Sha256::digest(fs::read(&path)?));
        }
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// The compilation of replies an earlier build wrote beside `pdf_path`, if its manifest
/// describes it and the file is still what the manifest says.
pub fn earlier_compilation(pdf_path: &Path) -> Option<crate::EarlierCompilation> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(manifest_path(pdf_path)).ok()?).ok()?;
    let facts: CompilationFacts =
        serde_json::from_value(manifest.get("compilation")?.clone()).ok()?;
    let pdf = fs::read(compilation_path(pdf_path)).ok()?;
    (sha256_hex(&pdf) == facts.sha256).then_some(crate::EarlierCompilation {
        key: facts.key,
        pdf,
        pages: facts.pages,
    })
}

pub fn manifest(config: &BuildConfig, built: &Build, pdf_path: &Path) -> io::Result<Manifest> {
    let mut files = Vec::new();
    for dir in [&config.inputs_dir, &config.templates_dir, &config.fonts_dir] {
        for path in files_under(dir)? {
            files.push(match fs::read(&path) {
                Ok(data) => FileHash {
                    path: display_path(&path),
                    sha256: Some(sha256_hex(&data)),
                    bytes: data.len() as u64,
                    unreadable: None,
                },
                Err(error) => FileHash {
                    path: display_path(&path),
                    sha256: None,
                    bytes: fs::symlink_metadata(&path).map_or(0, |metadata| metadata.len()),
                    unreadable: Some(error.to_string()),
                },
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Manifest {
        format: MANIFEST_FORMAT,
        engine: Engine {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        document: DocumentFacts {
            symbol: built.report.meta.symbol.clone(),
            pdf: pdf_path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: sha256_hex(&built.pdf),
            bytes: built.pdf.len(),
            pages: built.pages,
            words: built.words.clone(),
            word_limit: built.report.meta.word_limit,
            budget: built.budget.clone(),
        },
        compilation: CompilationFacts {
            symbol: built.report.compilation.symbol.clone(),
            pdf: compilation_path(pdf_path)
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: sha256_hex(&built.compilation.pdf),
            bytes: built.compilation.pdf.len(),
            pages: built.compilation.pages,
            key: built.compilation.key.clone(),
        },
        replies: ReplyCounts {
            read: built.replies_read,
            accepted: built.accepted,
            left_out: built.left_out.len(),
        },
        findings: Counts::of(&built.findings),
        treaty_status: built.report.treaty_status.provenance.clone(),
        files,
    })
}

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Regular files under `dir`, recursively; symlinks are not followed (the build does not
/// follow them either).
fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let named = |error: io::Error| {
            io::Error::new(
                error.kind(),
                format!("`{}`: {error}", display_path(&current)),
            )
        };
        for entry in fs::read_dir(&current).map_err(named)? {
            let entry = entry.map_err(named)?;
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                pending.push(entry.path());
            } else if file_type.is_file() {
                files.push(entry.path());
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lowercase_hex_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            manifest_path(Path::new("out/A_64_1.pdf")),
            PathBuf::from("out/A_64_1.manifest.json")
        );
    }
}
