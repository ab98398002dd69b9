//! The cache of fetched replies, which is the record of what was collected:
//! `inputs/fetched/<CODE>.json`, one file per respondent, exactly the bytes the endpoint sent,
//! and `inputs/fetched/manifest.json` (`report-fetch/1`), which says for each where it came
//! from, when, with what HTTP status and SHA-256, the validators for the next conditional
//! request, and the last failure if the last attempt failed.
//!
//! Every write is atomic (`output::write_atomically`); a copy is replaced only by a fetched
//! reply that passed every test, so a failed fetch never loses a good copy. `report build`
//! reads the replies here offline, like those of `replies/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::diagnostic::display_path;

pub const FETCH_MANIFEST_FORMAT: &str = "report-fetch/1";

/// The folder of an inputs folder that holds fetched replies.
pub const FETCHED_DIR: &str = "fetched";
/// The manifest's file name inside it; every other `*.json` there is a reply.
pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FetchManifest {
    pub format: String,
    /// Keyed by respondent code, so that the file lists them in a stable order.
    pub replies: BTreeMap<String, CachedReply>,
}

impl Default for FetchManifest {
    fn default() -> Self {
        Self {
            format: FETCH_MANIFEST_FORMAT.to_owned(),
            replies: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedReply {
    pub url: String,
    pub file: String,
    /// When the stored copy was downloaded (RFC 3339, UTC).
    pub fetched_at: String,
    /// When the server last confirmed the copy, by sending it or answering 304.
    pub checked_at: String,
    /// HTTP status of the response the copy came from.
    pub status: u16,
    pub sha256: String,
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Set when the last attempt failed; cleared by the next success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<FetchFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchFailure {
    pub at: String,
    pub url: String,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not a fetch manifest ({message}); move it aside and fetch again")]
    Manifest { path: String, message: String },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

pub fn fetched_dir(inputs_dir: &Path) -> PathBuf {
    inputs_dir.join(FETCHED_DIR)
}

pub fn manifest_path(inputs_dir: &Path) -> PathBuf {
    fetched_dir(inputs_dir).join(MANIFEST_FILE)
}

/// Reads the manifest; a folder that was never fetched into has an empty one.
pub fn read_manifest(inputs_dir: &Path) -> Result<FetchManifest, CacheError> {
    let path = manifest_path(inputs_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(FetchManifest::default());
        }
        Err(source) => {
            return Err(CacheError::Read {
                path: display_path(&path),
                source,
            });
        }
    };
    let manifest: FetchManifest =
        serde_json::from_str(&text).map_err(|error| CacheError::Manifest {
            path: display_path(&path),
            message: error.to_string(),
        })?;
    if manifest.format != FETCH_MANIFEST_FORMAT {
        return Err(CacheError::Manifest {
            path: display_path(&path),
            message: format!("its format is `{}`", manifest.format),
        });
    }
    Ok(manifest)
}

pub fn write_manifest(inputs_dir: &Path, manifest: &FetchManifest) -> Result<(), CacheError> {
    let path = manifest_path(inputs_dir);
    let text = serde_json::to_string_pretty(manifest).unwrap_or_default() + "\n";
    crate::output::write_atomically(&path, text.as_bytes()).map_err(|source| CacheError::Write {
        path: display_path(&path),
        source,
    })
}

/// The stored copy of `entry` when it is there and still the bytes the manifest recorded;
/// a copy changed or removed by hand is not one to revalidate with a conditional request.
pub fn intact_copy(inputs_dir: &Path, entry: &CachedReply) -> Option<Vec<u8>> {
    let bytes = std::fs::read(fetched_dir(inputs_dir).join(&entry.file)).ok()?;
    (crate::manifest::sha256_hex(&bytes) == entry.sha256).then_some(bytes)
}

pub fn now_rfc3339() -> String {
    format_rfc3339(OffsetDateTime::now_utc())
}

pub fn format_rfc3339(moment: OffsetDateTime) -> String {
    moment
        .replace_nanosecond(0)
        .unwrap_or(moment)
        .format(&Rfc3339)
        .unwrap_or_default()
}

pub fn parse_rfc3339(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// `2 days`, `5 hours`, `12 minutes`: how old a copy is, for people.
pub fn age(since: &str, now: OffsetDateTime) -> String {
    let Some(since) = parse_rfc3339(since) else {
        return "of unknown age".to_owned();
    };
    let minutes = (now - since).whole_minutes().max(0);
    let (count, unit) = if minutes >= 2 * 24 * 60 {
        (minutes / (24 * 60), "day")
    } else if minutes >= 2 * 60 {
        (minutes / 60, "hour")
    } else {
        (minutes, "minute")
    };
    format!("{count} {unit}{} old", if count == 1 { "" } else { "s" })
}

/// `2026-11-28 10:00 UTC`.
pub fn short_time(rfc3339: &str) -> String {
    match parse_rfc3339(rfc3339) {
        Some(moment) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            moment.year(),
            u8::from(moment.month()),
            moment.day(),
            moment.hour(),
            moment.minute()
        ),
        None => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_round_trips_and_a_missing_one_is_empty() {
        let dir = tempfile::tempdir().expect("temporary folder");
        assert!(
            read_manifest(dir.path())
                .expect("no manifest yet")
                .replies
                .is_empty()
        );
        let mut manifest = FetchManifest::default();
        manifest.replies.insert(
            "ITA".to_owned(),
            CachedReply {
                url: "https://example.org/ita.json".to_owned(),
                file: "ITA.json".to_owned(),
                fetched_at: "2026-11-28T10:00:00Z".to_owned(),
                checked_at: "2026-11-28T10:00:00Z".to_owned(),
                status: 200,
                sha256: "00".to_owned(),
                bytes: 2,
                etag: Some("\"v1\"".to_owned()),
                last_modified: None,
                last_failure: None,
            },
        );
        write_manifest(dir.path(), &manifest).expect("written");
        let read = read_manifest(dir.path()).expect("read back");
        assert_eq!(read.replies, manifest.replies);
    }

    #[test]
    fn ages_read_as_people_say_them() {
        let now = parse_rfc3339("2026-11-29T12:00:00Z").expect("a time");
        assert_eq!(age("2026-11-29T11:50:00Z", now), "10 minutes old");
        assert_eq!(age("2026-11-29T07:00:00Z", now), "5 hours old");
        assert_eq!(age("2026-11-26T12:00:00Z", now), "3 days old");
        assert_eq!(short_time("2026-11-28T10:05:00Z"), "2026-11-28 10:05 UTC");
    }
}
