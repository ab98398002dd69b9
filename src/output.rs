//! Writing outputs so that nothing is lost on failure: a file is written next to its target
//! under a temporary name, flushed to disk, then renamed over the target in one step. A build
//! that fails or is killed half-way leaves the previous file as it was.
//!
//! A build's files are published together ([`publish_together`]): every one is staged first,
//! so a file that cannot be written (a full disk, a folder in its place) stops the build before
//! anything is replaced; then, under a lock on the folder, the old manifest is removed, the
//! documents are renamed into place and the new manifest last. Whatever happens in between,
//! a manifest on disk describes the files beside it: at worst there is none.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// How the temporary files of a write are named: hidden, and apart from any output.
const TEMPORARY_PREFIX: &str = ".report-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// How old an unlocked temporary file must be to count as left behind by a killed build.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(10);

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// `bytes` in a flushed temporary file beside `path`, readable as the umask allows (a
/// colleague on a shared drive can open the PDF), not yet in place.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<NamedTempFile> {
    // The rename at the end would fail; fail before anything is written.
    if path.is_dir() {
        return Err(std::io::Error::other("a folder is in its place"));
    }
    let parent = parent_of(path);
    std::fs::create_dir_all(parent)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(parent)?;
    // Held until the file is in place or dropped, and released by the system if this process
    // dies: what tells a file being written from one a killed build left behind.
    let _ = file.as_file().lock();
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// Writes `bytes` to `path` atomically, creating the parent folder if needed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stage(path, bytes)?
        .persist(path)
        .map_err(|error| error.error)?;
    Ok(())
}

/// Why a set of files could not be published, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("cannot write `{path}`: {source}; nothing was replaced")]
    Stage {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot write `{path}`: {source}; {published} the manifest was removed, as it no longer describes them: build again"
    )]
    Publish {
        path: PathBuf,
        source: std::io::Error,
        published: String,
    },
}

/// Publishes `documents` and then `manifest`, which describes them, as one set (see the module
/// documentation). Two builds writing the same files take turns.
pub fn publish_together(
    documents: &[(&Path, &[u8])],
    manifest: (&Path, &[u8]),
) -> Result<(), PublishError> {
    let all = documents.iter().chain(std::iter::once(&manifest));
    let folders: std::collections::BTreeSet<&Path> =
        all.clone().map(|(path, _)| parent_of(path)).collect();
    for folder in folders {
        remove_abandoned_temporaries(folder);
    }
    let mut staged = Vec::new();
    for (path, bytes) in all {
        let file = stage(path, bytes).map_err(|source| PublishError::Stage {
            path: path.to_path_buf(),
            source,
        })?;
        staged.push((*path, file));
    }
    let _lock = lock_folder(parent_of(manifest.0));
    let mut published = Vec::new();
    let published_so_far = |published: &[&Path]| {
        if published.is_empty() {
            "nothing was replaced, but".to_owned()
        } else {
            let names: Vec<String> = published
                .iter()
                .map(|path| format!("`{}`", path.display()))
                .collect();
            format!(
                "{} {} new;",
                names.join(", "),
                if names.len() == 1 { "is" } else { "are" }
            )
        }
    };
    match std::fs::remove_file(manifest.0) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(PublishError::Stage {
                path: manifest.0.to_path_buf(),
                source,
            });
        }
    }
    for (path, file) in staged {
        file.persist(path).map_err(|error| PublishError::Publish {
            path: path.to_path_buf(),
            source: error.error,
            published: published_so_far(&published),
        })?;
        published.push(path);
    }
    Ok(())
}

/// Removes the temporary files that a build killed half-way left in `folder` (`kill -9`, a
/// power cut). A temporary file that another build is still writing is locked, and stays.
fn remove_abandoned_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let ours = name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX);
        if !ours || !entry.file_type().is_ok_and(|kind| kind.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        // A file another build has just made may not be locked yet.
        let settled = file
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age >= ABANDONED_AFTER);
        if settled && file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// An exclusive lock on `folder` for as long as the value lives, where the platform has one;
/// without it the files are still each written atomically.
fn lock_folder(folder: &Path) -> Option<std::fs::File> {
    let handle = std::fs::File::open(folder).ok()?;
    handle.lock().ok()?;
    Some(handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("sub").join("out.pdf");
        write_atomically(&target, b"first")?;
        write_atomically(&target, b"second")?;
        assert_eq!(std::fs::read(&target)?, b"second");
        let names: Vec<_> = std::fs::read_dir(target.parent().unwrap_or(dir.path()))?
            .filter_map(Result::ok)
            .map(|entry| entry.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.pdf")]);
        Ok(())
    }

    #[test]
    fn temporaries_of_a_killed_build_are_removed_and_those_being_written_stay()
    -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let temporary = |name: &str| -> std::io::Result<(PathBuf, std::fs::File)> {
            let path = dir.path().join(name);
            let file = std::fs::File::create(&path)?;
            file.set_modified(an_hour_ago)?;
            Ok((path, file))
        };
        let (abandoned, closed) = temporary(".report-abandoned.tmp")?;
        drop(closed);
        let (being_written, held) = temporary(".report-being-written.tmp")?;
        held.lock()?;
        let fresh = dir.path().join(".report-fresh.tmp");
        std::fs::write(&fresh, b"")?;
        let (not_ours, _) = temporary(".notes.tmp")?;

        let pdf = dir.path().join("out.pdf");
        let manifest = dir.path().join("out.manifest.json");
        publish_together(&[(&pdf, b"pdf")], (&manifest, b"{}")).map_err(std::io::Error::other)?;
        assert!(!abandoned.exists(), "left by a killed build");
        assert!(being_written.exists(), "another build holds it");
        assert!(fresh.exists(), "too new to tell");
        assert!(not_ours.exists());
        drop(held);
        Ok(())
    }
}
