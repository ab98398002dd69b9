//! Helpers shared by the integration tests: where the project is, copying an inputs folder
//! that a test may change, and a PDF's text as the tests compare it.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A build of `inputs` with the bundled templates and fonts.
pub fn config(inputs: &Path) -> report::BuildConfig {
    report::BuildConfig {
        inputs_dir: inputs.to_path_buf(),
        templates_dir: project_dir().join("report-templates"),
        fonts_dir: project_dir().join("fonts"),
    }
}

/// Copies the bundled inputs into a temporary folder that a test may change.
pub fn copy_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("inputs"), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The PDF's text on one line: line breaks and hyphenation split words, so compare on
/// single-spaced text.
pub fn pdf_text(pdf: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text can be extracted");
    text.replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text as compared with what a PDF holds: without white space and hyphens (a line may break
/// inside a string, after a `-` or where Typst hyphenates, and extraction then splits it or
/// keeps the hyphen) and without default-ignorable characters (zero-width space and joiners,
/// a byte-order mark: they have no appearance, and Typst drops them when shaping). Every other
/// character must be there.
pub fn squashed(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !c.is_whitespace()
                && !matches!(c, '-' | '\u{2010}' | '\u{ad}')
                && !typst::text::is_default_ignorable(c)
        })
        .collect()
}
