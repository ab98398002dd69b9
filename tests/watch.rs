//! `report watch` as an editor uses it: the real binary watches copies of the inputs and the
//! templates, and each edit on disk is followed by a build whose PDF shows it. A build broken
//! by a template (handlebars or Typst) shows its error and keeps the last good PDF; fixing the
//! file builds again.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use common::{copy_dir, pdf_text, project_dir, squashed};

/// A debug build of the sample takes seconds; this is only the point where the test gives up.
const PATIENCE: Duration = Duration::from_secs(300);

/// The watch process, its stdout and stderr lines merged, killed when the test ends.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watch {
    fn start(inputs: &Path, templates: &Path, out: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_report"))
            .arg("watch")
            .arg("--inputs")
            .arg(inputs)
            .arg("--templates")
            .arg(templates)
            .arg("--fonts")
            .arg(project_dir().join("fonts"))
            .arg("--out")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start report watch");
        let (sender, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        for stream in [
            Box::new(stdout) as Box<dyn std::io::Read + Send>,
            Box::new(stderr),
        ] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The lines printed within `time`: after a build, with nothing edited, there must be none
    /// (reading the inputs is not a change, and the outputs are not inputs).
    fn lines_within(&mut self, time: Duration) -> Vec<String> {
        let deadline = Instant::now() + time;
        let mut lines = Vec::new();
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.seen.push(line.clone());
            lines.push(line);
        }
        lines
    }

    /// Waits for a line that holds `wanted`, and returns the lines up to it.
    fn wait_for(&mut self, wanted: &str) -> Vec<String> {
        let deadline = Instant::now() + PATIENCE;
        let from = self.seen.len();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let done = line.contains(wanted);
                    self.seen.push(line);
                    if done {
                        return self.seen[from..].to_vec();
                    }
                }
                Err(_) => panic!(
                    "no line with `{wanted}`; the watch said:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}

/// Replaces `old` by `new` in a file, as an editor saves it.
fn edit(path: &Path, old: &str, new: &str) {
    let text = fs::read_to_string(path).expect("read");
    assert!(text.contains(old), "`{old}` is not in {}", path.display());
    fs::write(path, text.replacen(old, new, 1)).expect("write");
}

/// Appends `breakage` to a template: the watch must show an error naming `named` and keep the
/// PDF (`good_pdf`); then restores the template, and the watch must build again.
fn break_and_mend(
    watch: &mut Watch,
    template: &Path,
    breakage: &str,
    named: &str,
    out: &Path,
    good_pdf: &[u8],
) {
    let good = fs::read_to_string(template).expect("template");
    fs::write(template, format!("{good}{breakage}")).expect("write");
    let lines = watch.wait_for("the last good PDF is unchanged");
    assert!(
        lines.iter().any(|line| line.contains(named)),
        "the error names `{named}`: {lines:?}"
    );
    assert_eq!(fs::read(out).expect("PDF"), good_pdf);
    fs::write(template, &good).expect("write");
    watch.wait_for("built in ");
}

#[test]
fn watch_rebuilds_on_each_edit_and_keeps_the_last_good_pdf_when_a_build_fails() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let inputs = dir.path().join("inputs");
    let templates = dir.path().join("templates");
    copy_dir(&project_dir().join("inputs"), &inputs);
    copy_dir(&project_dir().join("report-templates"), &templates);
    let out: PathBuf = dir.path().join("out").join("report.pdf");
    let mut watch = Watch::start(&inputs, &templates, &out);

    let first = watch.wait_for("built in ");
    assert!(
        first
            .iter()
            .any(|line| line.contains("19 of 19 replies accepted")),
        "{first:?}"
    );
    watch.wait_for("watching ");
    let idle = watch.lines_within(Duration::from_secs(2));
    assert!(idle.is_empty(), "nothing changed, yet: {idle:?}");
    let first_pdf = fs::read(&out).expect("the first PDF");
    let compilation = report::manifest::compilation_path(&out);
    assert!(
        !squashed(&pdf_text(&fs::read(&compilation).expect("the compilation")))
            .contains("WatchfulEditors")
    );

    // A reply is edited: the next compilation of replies holds the new text.
    let reply = inputs.join("replies").join("AUT.json");
    edit(
        &reply,
        "The Task Force on Combating Human Trafficking, chaired",
        "The Task Force on Combating Human Trafficking and its Watchful Editors, chaired",
    );
    let lines = watch.wait_for("built in ");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("changed: ") && line.contains("AUT.json")),
        "{lines:?}"
    );
    assert!(
        squashed(&pdf_text(&fs::read(&compilation).expect("the compilation")))
            .contains("WatchfulEditors")
    );

    // An editor saves a summary: the next report prints it.
    assert!(!squashed(&pdf_text(&first_pdf)).contains("WatchfulSummary"));
    edit(
        &inputs.join("summaries").join("BFA.json"),
        "received in transit centres",
        "received in transit centres (WatchfulSummary)",
    );
    let lines = watch.wait_for("built in ");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("changed: ") && line.contains("BFA.json")),
        "{lines:?}"
    );
    let edited_pdf = fs::read(&out).expect("the rebuilt PDF");
    assert!(squashed(&pdf_text(&edited_pdf)).contains("WatchfulSummary"));

    // A handlebars template breaks: the error is shown and the last good PDF stays. So does
    // the layout template, which Typst reads: the kept world reads it again.
    let conclusions = templates.join("chapters").join("conclusions.hbs");
    break_and_mend(
        &mut watch,
        &conclusions,
        "{{#if}",
        "conclusions",
        &out,
        &edited_pdf,
    );
    let layout = templates.join("un-report.typ");
    break_and_mend(
        &mut watch,
        &layout,
        "\n#let broken = (\n",
        "un-report.typ",
        &out,
        &edited_pdf,
    );

    // A reply that is not JSON is left out with its error; the others are still built.
    fs::write(&reply, "{ \"format\": ").expect("write");
    let lines = watch.wait_for("built in ");
    assert!(
        lines
            .iter()
            .any(|line| line.contains("18 of 19 replies accepted") && line.contains("1 error")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|line| line.contains("AUT.json")),
        "the error names the reply: {lines:?}"
    );
    let without = squashed(&pdf_text(&fs::read(&compilation).expect("PDF")));
    assert!(!without.contains("WatchfulEditors"));
    assert!(without.contains("BurkinaFaso"));
    let idle = watch.lines_within(Duration::from_secs(2));
    assert!(idle.is_empty(), "nothing changed, yet: {idle:?}");
}

#[test]
fn watch_goes_on_when_its_inputs_folder_is_deleted_and_made_again() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let inputs = dir.path().join("inputs");
    let templates = dir.path().join("templates");
    copy_dir(&project_dir().join("inputs"), &inputs);
    copy_dir(&project_dir().join("report-templates"), &templates);
    let out: PathBuf = dir.path().join("out").join("report.pdf");
    let mut watch = Watch::start(&inputs, &templates, &out);
    watch.wait_for("watching ");

    fs::remove_dir_all(&inputs).expect("delete the inputs");
    watch.wait_for("is gone");

    // The folder comes back (as a checkout or an unpacked archive brings it), with an edit.
    let staged = dir.path().join("inputs.new");
    copy_dir(&project_dir().join("inputs"), &staged);
    edit(
        &staged.join("replies").join("AUT.json"),
        "The Task Force on Combating Human Trafficking, chaired",
        "The Task Force on Combating Human Trafficking and its Returning Editors, chaired",
    );
    fs::rename(&staged, &inputs).expect("make the inputs again");
    watch.wait_for("built in ");
    let compilation = report::manifest::compilation_path(&out);
    let text = squashed(&pdf_text(&fs::read(&compilation).expect("the compilation")));
    assert!(text.contains("ReturningEditors"));

    // The watch is set on the new folder: an edit inside it builds again.
    let _ = watch.lines_within(Duration::from_secs(1));
    edit(
        &inputs.join("replies").join("AUT.json"),
        "Returning Editors",
        "Rewatched Editors",
    );
    let lines = watch.wait_for("built in ");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("changed: ") && line.contains("AUT.json")),
        "{lines:?}"
    );
    let text = squashed(&pdf_text(&fs::read(&compilation).expect("the compilation")));
    assert!(text.contains("RewatchedEditors"));
}
