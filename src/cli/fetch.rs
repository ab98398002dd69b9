//! `report fetch` and `report build --fetch`: the fetch options on the command line, progress
//! while endpoints are fetched (a bar on a terminal, one line per endpoint otherwise), and the
//! summary table.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::fetch::cache::{age, short_time};
use crate::fetch::{EndpointResult, FetchOptions, FetchSummary, Outcome, Progress};

/// How `report fetch` fetches; `report build --fetch` takes the same options.
#[derive(Debug, Clone, Args)]
pub struct FetchTuning {
    /// Endpoints fetched at the same time (1 or more).
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
    /// Longest one request may take, body included, in seconds (`1.5` is accepted).
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    pub timeout: Duration,
    /// Longest wait for a connection, in seconds (`0.5` is accepted).
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    pub connect_timeout: Duration,
    /// Further attempts after a transient failure (no connection, timeout, 408, 429, 5xx).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub retries: usize,
}

/// A positive number of seconds, whole or not (`30`, `1.5`), at most a day.
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds (write `30` or `1.5`)"))?;
    if !value.is_finite() || value <= 0.0 || value > 86_400.0 {
        return Err(format!(
            "`{text}`: give more than 0 and at most 86400 seconds"
        ));
    }
    Ok(Duration::from_secs_f64(value))
}

impl FetchTuning {
    pub fn options(&self) -> FetchOptions {
        FetchOptions {
            concurrency: usize::from(self.concurrency.max(1)),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            retries: self.retries,
            ..FetchOptions::default()
        }
    }
}

/// Fetches into the cache of `inputs`, showing progress on the error stream and the summary
/// table on `out`. Returns the summary, or the exit code of a fetch that could not run.
pub fn fetch_with_progress(
    inputs: &Path,
    tuning: &FetchTuning,
    out: &mut dyn Write,
) -> Result<FetchSummary, u8> {
    fetch_with_progress_as(inputs, tuning, out, false)
}

/// [`fetch_with_progress`], the summary as a `report-fetch-summary/1` JSON document when
/// `json` is set.
pub fn fetch_with_progress_as(
    inputs: &Path,
    tuning: &FetchTuning,
    out: &mut dyn Write,
    json: bool,
) -> Result<FetchSummary, u8> {
    let progress: Box<dyn Progress> = if std::io::stderr().is_terminal() {
        Box::new(BarProgress::new())
    } else {
        Box::new(LineProgress::default())
    };
    match crate::fetch::fetch(inputs, &tuning.options(), progress.as_ref()) {
        Ok(summary) if json => {
            let document = summary_json(&summary);
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
            Ok(summary)
        }
        Ok(summary) => {
            let _ = out.write_all(
                crate::diagnostic::printable(&summary_table(
                    &summary,
                    time::OffsetDateTime::now_utc(),
                ))
                .as_bytes(),
            );
            Ok(summary)
        }
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            Err(2)
        }
    }
}

/// The format tag of `report fetch --format json`.
pub const FETCH_SUMMARY_FORMAT: &str = "report-fetch-summary/1";

/// The fetch summary for programs: one entry per endpoint with its outcome, then the counts.
pub fn summary_json(summary: &FetchSummary) -> serde_json::Value {
    let endpoints: Vec<serde_json::Value> = summary
        .results
        .iter()
        .map(|result| {
            let mut entry = serde_json::json!({
                "code": result.code,
                "url": result.url,
                "attempts": result.attempts,
            });
            let outcome = match &result.outcome {
                Outcome::Fetched { status, bytes } => {
                    serde_json::json!({ "outcome": "fetched", "status": status, "bytes": bytes })
                }
                Outcome::Unchanged => serde_json::json!({ "outcome": "unchanged" }),
                Outcome::Failed { reason, kept_since } => serde_json::json!({
                    "outcome": "failed",
                    "reason": reason,
                    "kept_since": kept_since,
                }),
            };
            if let (Some(entry), serde_json::Value::Object(outcome)) =
                (entry.as_object_mut(), outcome)
            {
                entry.extend(outcome);
            }
            entry
        })
        .collect();
    serde_json::json!({
        "format": FETCH_SUMMARY_FORMAT,
        "summary": {
            "fetched": summary.count(|outcome| matches!(outcome, Outcome::Fetched { .. })),
            "unchanged": summary.count(|outcome| matches!(outcome, Outcome::Unchanged)),
            "failed": summary.failed(),
        },
        "endpoints": endpoints,
    })
}

/// One line per endpoint: `ITA  fetched  HTTP 200, 12,345 bytes`, then the counts.
pub fn summary_table(summary: &FetchSummary, now: time::OffsetDateTime) -> String {
    let width = summary
        .results
        .iter()
        .map(|result| result.code.len())
        .max()
        .unwrap_or(0)
        .max("respondent".len());
    let mut text = format!("{:<width$}  {:<9}  detail\n", "respondent", "result");
    for result in &summary.results {
        let (word, detail) = describe(result, now);
        text.push_str(&format!("{:<width$}  {word:<9}  {detail}\n", result.code));
    }
    text.push_str(&format!(
        "fetched {}, unchanged {}, failed {} (of {} endpoint{})\n",
        summary.fetched(),
        summary.unchanged(),
        summary.failed(),
        summary.results.len(),
        if summary.results.len() == 1 { "" } else { "s" }
    ));
    text
}

fn describe(result: &EndpointResult, now: time::OffsetDateTime) -> (&'static str, String) {
    let attempts = if result.attempts > 1 {
        format!(", {} attempts", result.attempts)
    } else {
        String::new()
    };
    match &result.outcome {
        Outcome::Fetched { status, bytes } => (
            "fetched",
            format!(
                "HTTP {status}, {} bytes{attempts}",
                crate::style::format_figure(*bytes)
            ),
        ),
        Outcome::Unchanged => ("unchanged", format!("the cached copy is current{attempts}")),
        Outcome::Failed { reason, kept_since } => {
            let kept = match kept_since {
                Some(since) => format!(
                    "; kept the copy of {} ({})",
                    short_time(since),
                    age(since, now)
                ),
                None => {
                    "; no copy is cached, so the report has no reply from this endpoint".to_owned()
                }
            };
            ("failed", format!("{reason}{kept}"))
        }
    }
}

struct BarProgress {
    bar: ProgressBar,
}

impl BarProgress {
    fn new() -> Self {
        let bar = ProgressBar::new(0);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} fetching {pos}/{len} [{bar:30}] {msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        Self { bar }
    }
}

impl Progress for BarProgress {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
    }

    fn finished(&self, result: &EndpointResult) {
        self.bar.set_message(result.code.clone());
        if let Outcome::Failed { reason, .. } = &result.outcome {
            self.bar
                .println(format!("{} failed: {reason}", result.code));
        }
        self.bar.inc(1);
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

/// For logs and pipes: one line per endpoint as it finishes.
#[derive(Default)]
struct LineProgress {
    total: AtomicUsize,
    done: AtomicUsize,
}

impl Progress for LineProgress {
    fn start(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    fn finished(&self, result: &EndpointResult) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.total.load(Ordering::Relaxed);
        let (word, _) = describe(result, time::OffsetDateTime::now_utc());
        let reason = match &result.outcome {
            Outcome::Failed { reason, .. } => format!(": {reason}"),
            _ => String::new(),
        };
        let _ = writeln!(
            std::io::stderr(),
            "[{done}/{total}] {} {word}{reason}",
            result.code
        );
    }

    fn done(&self) {}
}
