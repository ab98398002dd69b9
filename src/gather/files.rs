//! Reading JSON files from the inputs folder: required files fail the build with the path and
//! position; a reply that cannot be read or parsed becomes a finding.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::GatherError;
use crate::diagnostic::{Finding, Position, display_path};
use crate::reply::Reply;

pub(super) fn read_required<T: DeserializeOwned>(path: &Path) -> Result<T, GatherError> {
    let shown = display_path(path);
    let text = fs::read_to_string(path).map_err(|source| GatherError::Read {
        path: shown.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|error| {
        let position = to_character_position(&text, error.line(), error.column());
        GatherError::Parse {
            path: shown,
            line: position.line,
            column: position.column,
            message: error.to_string(),
        }
    })
}

/// The `*.json` files of the replies folder, sorted by name so that builds are reproducible.
/// A missing folder means no replies, not an error.
pub(super) fn reply_files(dir: &Path) -> Result<Vec<PathBuf>, GatherError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(GatherError::Read {
                path: display_path(dir),
                source,
            });
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| GatherError::Read {
            path: display_path(dir),
            source,
        })?;
        let path = entry.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
            && path.is_file()
        {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Reads and parses one reply. On failure the finding says where and what to do.
pub fn read_reply(path: &Path, source: &str) -> Result<Reply, Box<Finding>> {
    let bytes = fs::read(path).map_err(|error| {
        Box::new(
            Finding::error(source, format!("cannot read the reply: {error}"))
                .with_hint("check that the file exists and is readable"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let before = String::from_utf8_lossy(valid);
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(0, |last| last.chars().count())
            + 1;
        Box::new(
            Finding::error(source, "the file is not valid UTF-8 text")
                .at_position(Position { line, column })
                .with_hint("save the reply as UTF-8 (without a byte-order mark)"),
        )
    })?;
    serde_json::from_str::<Reply>(&text).map_err(|error| {
        let position = to_character_position(&text, error.line(), error.column());
        Box::new(
            Finding::error(source, format!("the reply cannot be read: {error}"))
                .at_position(position)
                .with_hint(
                    "fix the JSON at this place; `report new` prints a blank reply to start from",
                ),
        )
    })
}

/// serde_json counts columns in bytes; people count characters. Converts a 1-based byte
/// column on a 1-based line into a 1-based character column.
pub fn to_character_position(text: &str, line: usize, byte_column: usize) -> Position {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return Position {
            line,
            column: byte_column,
        };
    };
    let mut end = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    Position {
        line,
        column: line_text[..end].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_columns_differ_from_byte_columns_after_accents() {
        let text = "{\n  \"name\": \"Côte d’Ivoire\", x\n}";
        // serde_json reports the byte column of `x`.
        let byte_column = text
            .split('\n')
            .nth(1)
            .and_then(|line| line.find('x'))
            .map(|at| at + 1);
        let position = to_character_position(text, 2, byte_column.unwrap_or(0));
        assert_eq!(position.column, 28);
    }

    #[test]
    fn out_of_range_positions_do_not_panic() {
        assert_eq!(
            to_character_position("", 5, 9),
            Position { line: 5, column: 9 }
        );
        assert_eq!(
            to_character_position("é", 1, 2),
            Position { line: 1, column: 1 }
        );
    }
}
