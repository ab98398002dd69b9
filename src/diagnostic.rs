//! One type for every problem a user must see: [`Finding`].
//!
//! Every stage reports problems in replies as findings instead of stopping; the CLI prints
//! them in one place. A finding names its source (file or URL), the place in it (JSON pointer,
//! line and column), the operative paragraph when there is one, what is wrong and what to do.

use std::fmt;
use std::path::Path;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Notice,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Notice => "notice",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A place in a source: line and column are 1-based; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The file (as the user named it) or URL the problem is in.
    pub source: String,
    /// JSON pointer to the offending value, when the file parsed far enough to have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Operative paragraph the finding concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    pub fn new(severity: Severity, source: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity,
            source: source.into(),
            pointer: None,
            position: None,
            paragraph: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(source: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, source, message)
    }

    pub fn warning(source: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, source, message)
    }

    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn at_position(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    pub fn in_paragraph(mut self, paragraph: u32) -> Self {
        self.paragraph = Some(paragraph);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Finding {
    /// `error: inputs/replies/ITA.json:12:7 (/paragraphs/4/laws/0/year, paragraph 4): message`
    /// followed by an indented hint line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.source)?;
        if let Some(position) = self.position {
            write!(f, ":{}:{}", position.line, position.column)?;
        }
        match (&self.pointer, self.paragraph) {
            (Some(pointer), Some(paragraph)) => write!(f, " ({pointer}, paragraph {paragraph})")?,
            (Some(pointer), None) => write!(f, " ({pointer})")?,
            (None, Some(paragraph)) => write!(f, " (paragraph {paragraph})")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// How a path is shown in findings: as given, with forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// How many of `findings` are errors.
pub fn count_errors(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .count()
}
