//! Writing outputs so that nothing is lost on failure: a file is written next to its target
//! under a temporary name, flushed to disk, then renamed over the target in one step. A build
//! that fails or is killed half-way leaves the previous file as it was.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically, creating the parent folder if needed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)?;
    let mut file = tempfile::Builder::new()
        .prefix(".report-")
        .suffix(".tmp")
        .tempfile_in(parent)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
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
}
