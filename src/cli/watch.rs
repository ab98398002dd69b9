//! `report watch`: builds the report, then builds it again each time a file of the inputs, the
//! templates or the fonts changes, until stopped.
//!
//! In: the same folders as `report build`. Out: the PDF and its manifest, rewritten after every
//! good build; findings and a one-line result per build on the terminal. One [`Session`] lives
//! for the whole watch, so the fonts, the registered templates and the Typst world (with
//! Typst's memoized layout) are kept between builds. A build that fails prints its errors and
//! writes nothing: the last good PDF stays.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::{Sources, out_path, write_outputs};
use crate::diagnostic::Counts;
use crate::{BuildError, Session};

/// How long the files must be quiet before a rebuild: an editor's save is often several
/// events (write a temporary file, rename it, change its mode) within a few milliseconds.
const QUIET_TIME: Duration = Duration::from_millis(25);

/// How many past builds Typst's memoized results are kept for: enough for an edit and its
/// undo to be fast, without memory growing over a day of editing.
const MEMOIZED_BUILDS: usize = 10;

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub sources: Sources,
    /// Where to write the PDF [default: out/SYMBOL.pdf, the document symbol with `/` as `_`].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the text draft and the Typst source beside the PDF after each build.
    #[arg(long)]
    pub draft: bool,
}

pub fn run_watch(args: &WatchArgs) -> ExitCode {
    let config = args.sources.config();
    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(QUIET_TIME, None, sender) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot watch for changes: {error}"
            );
            return ExitCode::from(2);
        }
    };
    let folders = [&config.inputs_dir, &config.templates_dir, &config.fonts_dir];
    let mut watched = Vec::new();
    for folder in folders {
        if let Err(error) = debouncer.watch(folder, RecursiveMode::Recursive) {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot watch `{}`: {error}\n  hint: the folder must exist (see --inputs, --templates and --fonts)",
                folder.display()
            );
            return ExitCode::from(2);
        }
        watched.push(WatchedFolder {
            path: folder.clone(),
            identity: FolderIdentity::of(folder),
        });
    }

    let mut session = Session::new(config.clone());
    let mut written: Vec<PathBuf> = Vec::new();
    build_and_write(&mut session, args, &mut written);
    say(&format!(
        "watching {}, {} and {}; press Ctrl-C to stop\n",
        folders[0].display(),
        folders[1].display(),
        folders[2].display()
    ));

    loop {
        let mut changed = BTreeSet::new();
        let first = match events.recv_timeout(FOLDER_CHECK_INTERVAL) {
            Ok(first) => Some(first),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        for folder in &mut watched {
            if folder.rewatch_if_replaced(&mut debouncer) {
                changed.insert(folder.path.clone());
            }
        }
        let mut batches: Vec<DebounceEventResult> = first.into_iter().collect();
        batches.extend(events.try_iter());
        for batch in batches {
            match batch {
                // A build opens every input: reading is not a change.
                Ok(batch) => changed.extend(
                    batch
                        .into_iter()
                        .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                        .flat_map(|event| event.event.paths)
                        .filter(|path| worth_a_build(path, &written)),
                ),
                Err(errors) => {
                    for error in errors {
                        let _ =
                            writeln!(std::io::stderr(), "warning: watching for changes: {error}");
                    }
                }
            }
        }
        if changed.is_empty() {
            continue;
        }
        for path in &changed {
            session.changed(path);
        }
        let names: Vec<String> = changed
            .iter()
            .map(|path| shown_path(path, folders))
            .collect();
        say(&format!("changed: {}\n", names.join(", ")));
        build_and_write(&mut session, args, &mut written);
    }
    ExitCode::SUCCESS
}

/// How often the watch looks whether a watched folder was deleted or replaced: the operating
/// system's watch ends with the folder it was set on, and a folder made again in its place
/// (a `git checkout`, an unpacked archive, `rm -r` and a copy) must be watched anew.
const FOLDER_CHECK_INTERVAL: Duration = Duration::from_millis(500);

/// A folder given on the command line, and which folder on disk the watch is set on.
struct WatchedFolder {
    path: PathBuf,
    /// `None` while the folder does not exist.
    identity: Option<FolderIdentity>,
}

/// What tells a folder from another made in its place under the same name.
#[derive(Debug, PartialEq, Eq)]
struct FolderIdentity {
    canonical: PathBuf,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl FolderIdentity {
    fn of(folder: &Path) -> Option<Self> {
        let canonical = folder.canonicalize().ok()?;
        let metadata = std::fs::metadata(&canonical).ok()?;
        if !metadata.is_dir() {
            return None;
        }
        Some(Self {
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt;
                (metadata.dev(), metadata.ino())
            },
            canonical,
        })
    }
}

impl WatchedFolder {
    /// Sets the watch again when the folder was deleted and made again (or replaced through a
    /// link); says when it is gone. True when a folder came back, which calls for a build.
    fn rewatch_if_replaced<W, C>(
        &mut self,
        debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
    ) -> bool
    where
        W: notify_debouncer_full::notify::Watcher,
        C: notify_debouncer_full::FileIdCache,
    {
        let now = FolderIdentity::of(&self.path);
        if now == self.identity {
            return false;
        }
        let _ = debouncer.unwatch(&self.path);
        let Some(now) = now else {
            self.identity = None;
            say(&format!(
                "`{}` is gone; the watch goes on, and builds again when it is back\n",
                crate::diagnostic::display_path(&self.path)
            ));
            return false;
        };
        if let Err(error) = debouncer.watch(&self.path, RecursiveMode::Recursive) {
            let _ = writeln!(
                std::io::stderr(),
                "warning: cannot watch `{}` again: {error}; trying again shortly",
                crate::diagnostic::display_path(&self.path)
            );
            return false;
        }
        self.identity = Some(now);
        true
    }
}

/// One build; on success the PDF, manifest and drafts are written and their paths kept in
/// `written` (so that their own change events, when they sit inside a watched folder, do not
/// start another build).
fn build_and_write(session: &mut Session, args: &WatchArgs, written: &mut Vec<PathBuf>) {
    let started = Instant::now();
    let result = session.build();
    typst::comemo::evict(MEMOIZED_BUILDS);
    let built = match result {
        Ok(built) => built,
        Err(error) => {
            let gather_failed = matches!(error, BuildError::Gather(_));
            let _ = writeln!(
                std::io::stderr(),
                "error: {error}\nthe build failed{}; the last good PDF is unchanged; waiting for the next change",
                if gather_failed {
                    " (the inputs cannot be read)"
                } else {
                    ""
                }
            );
            return;
        }
    };
    // After the first build, notices (which need no action) are folded into a count.
    let first_build = written.is_empty();
    let output = super::output();
    let shown: Vec<crate::diagnostic::Finding> = output
        .shown(&built.findings)
        .into_iter()
        .filter(|finding| first_build || finding.severity != crate::diagnostic::Severity::Notice)
        .collect();
    let folded = built.findings.len() - shown.len();
    let mut report = crate::diagnostic::render_human_styled(&shown, output.stderr_colour());
    if folded > 0 && !first_build && !output.quiet {
        report.push_str(&format!(
            "({folded} notice{} as in the first build, not repeated)\n",
            if folded == 1 { "" } else { "s" }
        ));
    }
    for warning in &built.typst_warnings {
        report.push_str(&format!("{warning}\n"));
    }
    let _ = write!(std::io::stderr(), "{report}");
    let out = out_path(args.out.as_deref(), &built);
    match write_outputs(session.config(), &built, &out, args.draft) {
        Ok(files) => {
            for unreadable in &files.unreadable {
                let _ = writeln!(std::io::stderr(), "warning: {unreadable}");
            }
            written.clear();
            written.push(out.clone());
            written.push(files.compilation);
            written.push(files.manifest);
            written.extend(files.drafts);
            let counts = Counts::of(&built.findings);
            say(&format!(
                "built in {} ms: {} pages, {} of {} replies accepted, {} error{}, {} warning{}; wrote {}\n",
                started.elapsed().as_millis(),
                built.pages,
                built.accepted,
                built.replies_read,
                counts.errors,
                if counts.errors == 1 { "" } else { "s" },
                counts.warnings,
                if counts.warnings == 1 { "" } else { "s" },
                out.display()
            ));
        }
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: {error}\nthe last good PDF is unchanged; waiting for the next change"
            );
        }
    }
}

/// Changes that cannot alter the report are ignored: hidden files (our own temporary files
/// while writing atomically, editors' swap files), editors' backups, and what the watch itself
/// wrote.
fn worth_a_build(path: &Path, written: &[PathBuf]) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return true;
    };
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return false;
    }
    !written.iter().any(|own| same_file(own, path))
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// A changed path as the user named its folder: `inputs/replies/AUT.json`.
fn shown_path(path: &Path, folders: [&PathBuf; 3]) -> String {
    folders
        .iter()
        .find_map(|given| {
            let rest = path.strip_prefix(given.canonicalize().ok()?).ok()?;
            Some(given.join(rest).display().to_string())
        })
        .unwrap_or_else(|| path.display().to_string())
}

/// Progress goes to stdout; a closed pipe must not stop the watch.
fn say(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(crate::diagnostic::printable(text).as_bytes());
    let _ = stdout.flush();
}
