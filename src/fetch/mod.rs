//! Stage 0, fetch (before gather, and only when asked): the replies that respondents publish
//! at a URL -> the cache under `inputs/fetched/`, from which every build reads offline.
//!
//! In: the inputs folder (its `endpoints.json` and the cache) and [`FetchOptions`]. Out: a
//! [`FetchSummary`], one [`Outcome`] per endpoint (fetched, unchanged, failed with the reason
//! and the age of the copy kept), with the cache and its manifest updated; or a [`FetchError`]
//! when the list or the cache cannot be read or written at all.
//!
//! Endpoints are fetched concurrently, a bounded number at a time, each with a connect and an
//! overall timeout. Transient failures (no connection, a timeout, a broken body, 408, 429 and
//! 5xx) are retried with exponential backoff and jitter (backon), honouring `Retry-After`; other
//! 4xx are final. At most a few redirects are followed, to http and https only. A body over
//! the size limit is refused. What comes back must be a reply that passes the reply schema and
//! comes from the expected respondent; only then does it replace the cached copy. A copy whose
//! validators (`ETag`, `Last-Modified`) are known is revalidated with a conditional request, so
//! an unchanged reply is not downloaded again.

pub mod cache;
pub mod endpoints;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    LOCATION, RETRY_AFTER,
};
use reqwest::{StatusCode, redirect};

use crate::diagnostic::{Severity, display_path};
use crate::gather::{MAX_REPLY_BYTES, parse_reply};
use cache::{CacheError, CachedReply, FetchFailure, FetchManifest};
use endpoints::{Endpoint, EndpointsError, ExpectedRespondent};

#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Endpoints fetched at the same time.
    pub concurrency: usize,
    pub connect_timeout: Duration,
    /// Longest an attempt may take, from sending the request to the last byte of the body.
    pub timeout: Duration,
    /// Attempts after the first, for transient failures.
    pub retries: usize,
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this gives up instead of waiting.
    pub max_retry_after: Duration,
    pub max_body_bytes: u64,
    pub max_redirects: usize,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            concurrency: 32,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retries: 4,
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(120),
            max_body_bytes: MAX_REPLY_BYTES,
            max_redirects: 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new or changed reply, now in the cache.
    Fetched { status: u16, bytes: u64 },
    /// The server confirmed the cached copy (304), or sent the same bytes again.
    Unchanged,
    Failed {
        reason: String,
        /// When the copy that was kept had been fetched, if there is one.
        kept_since: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct EndpointResult {
    pub code: String,
    pub url: String,
    pub outcome: Outcome,
    /// Requests made (1 when the first one settled it).
    pub attempts: usize,
}

#[derive(Debug, Clone, Default)]
pub struct FetchSummary {
    /// One per endpoint, in the order of the endpoints list.
    pub results: Vec<EndpointResult>,
}

impl FetchSummary {
    pub fn count(&self, kind: fn(&Outcome) -> bool) -> usize {
        self.results
            .iter()
            .filter(|result| kind(&result.outcome))
            .count()
    }

    pub fn fetched(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Fetched { .. }))
    }

    pub fn unchanged(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Unchanged))
    }

    pub fn failed(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Failed { .. }))
    }
}

/// What a caller shows while endpoints are fetched (a progress bar, or lines in a log).
pub trait Progress: Send + Sync {
    fn start(&self, total: usize);
    fn finished(&self, result: &EndpointResult);
    fn done(&self);
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: usize) {}
    fn finished(&self, _: &EndpointResult) {}
    fn done(&self) {}
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Endpoints(#[from] EndpointsError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
    #[error("cannot check the fetched replies against the inputs: {0}")]
    Context(#[from] crate::gather::GatherError),
    #[error("cannot start the asynchronous runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot store the reply fetched from {url} in `{path}`: {source}")]
    Store {
        url: String,
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Fetches every endpoint of the inputs folder's list into its cache. Blocks; runs its own
/// runtime. Failures of single endpoints are outcomes, not errors.
pub fn fetch(
    inputs_dir: &Path,
    options: &FetchOptions,
    progress: &dyn Progress,
) -> Result<FetchSummary, FetchError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(FetchError::Runtime)?;
    runtime.block_on(fetch_async(inputs_dir, options, progress))
}

/// [`fetch`] for callers that already run a Tokio runtime.
pub async fn fetch_async(
    inputs_dir: &Path,
    options: &FetchOptions,
    progress: &dyn Progress,
) -> Result<FetchSummary, FetchError> {
    let endpoints = endpoints::read_endpoints(inputs_dir)?;
    let mut manifest = cache::read_manifest(inputs_dir)?;
    let context = check_context(inputs_dir)?;
    let client = client(options)?;
    let limit = Arc::new(tokio::sync::Semaphore::new(options.concurrency.max(1)));
    progress.start(endpoints.endpoints.len());

    let mut tasks = tokio::task::JoinSet::new();
    for (index, endpoint) in endpoints.endpoints.into_iter().enumerate() {
        let previous = manifest.replies.get(&endpoint.respondent.code).cloned();
        let job = Job {
            client: client.clone(),
            context: context.clone(),
            inputs_dir: inputs_dir.to_path_buf(),
            endpoint,
            previous,
            options: options.clone(),
        };
        let limit = Arc::clone(&limit);
        tasks.spawn(async move {
            // The semaphore is never closed, so a permit always comes.
            let _permit = limit.acquire_owned().await.ok();
            (index, job.run().await)
        });
    }

    let mut results: Vec<Option<EndpointResult>> = Vec::new();
    let mut store_error = None;
    while let Some(joined) = tasks.join_next().await {
        let Ok((index, done)) = joined else {
            continue;
        };
        let (result, entry) = match done {
            Ok(done) => done,
            Err(error) => {
                store_error.get_or_insert(error);
                continue;
            }
        };
        progress.finished(&result);
        match entry {
            Some(entry) => {
                manifest.replies.insert(result.code.clone(), entry);
            }
            // No copy stands for this respondent: a record of one deleted by hand goes.
            None => {
                let gone = manifest.replies.get(&result.code).is_some_and(|entry| {
                    !cache::fetched_dir(inputs_dir).join(&entry.file).is_file()
                });
                if gone {
                    manifest.replies.remove(&result.code);
                }
            }
        }
        if results.len() <= index {
            results.resize(index + 1, None);
        }
        results[index] = Some(result);
    }
    progress.done();
    // The manifest is written once, after every copy it describes; a fetch killed before
    // this point leaves the old manifest, whose checksums then tell a new copy from the old.
    let nothing_to_record = results.is_empty() && !cache::manifest_path(inputs_dir).exists();
    if !nothing_to_record {
        cache::write_manifest(inputs_dir, &manifest)?;
    }
    if let Some(error) = store_error {
        return Err(error);
    }
    Ok(FetchSummary {
        results: results.into_iter().flatten().collect(),
    })
}

fn client(options: &FetchOptions) -> Result<reqwest::Client, FetchError> {
    // TLS runs on ring; installing it twice (a second fetch in one process) is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let max_redirects = options.max_redirects;
    let policy = redirect::Policy::custom(move |attempt| {
        if !matches!(attempt.url().scheme(), "http" | "https") {
            let to = attempt.url().to_string();
            attempt.error(format!("redirected to `{to}`, which is not http or https"))
        } else if attempt.previous().len() > max_redirects {
            attempt.error(format!(
                "more than {max_redirects} redirects (a redirect loop?)"
            ))
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .user_agent(concat!("report/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        .redirect(policy)
        .build()
        .map_err(|error| FetchError::Client(error.to_string()))
}

/// The mandate, metadata and reference data the build checks replies against, read once; none
/// where the inputs folder holds no mandate (an endpoints list kept on its own), and then a
/// fetched reply is checked against the reply format alone.
fn check_context(inputs_dir: &Path) -> Result<Option<Arc<crate::gather::Gathered>>, FetchError> {
    if !inputs_dir.join("mandate.json").exists() {
        return Ok(None);
    }
    Ok(Some(Arc::new(crate::gather::gather_replies(
        inputs_dir,
        Some(&[]),
    )?)))
}

struct Job {
    client: reqwest::Client,
    /// What a fetched reply is checked against before it may replace the cached copy.
    context: Option<Arc<crate::gather::Gathered>>,
    inputs_dir: PathBuf,
    endpoint: Endpoint,
    previous: Option<CachedReply>,
    options: FetchOptions,
}

/// Why one attempt failed, and whether another may succeed.
#[derive(Debug)]
struct AttemptError {
    reason: String,
    transient: bool,
    retry_after: Option<Duration>,
}

impl AttemptError {
    fn transient(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            transient: true,
            retry_after: None,
        }
    }

    fn final_(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            transient: false,
            retry_after: None,
        }
    }
}

enum Received {
    NotModified,
    Body {
        status: u16,
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Validators of the cached copy, sent so that the server can answer 304.
#[derive(Clone, Default)]
struct Validators {
    etag: Option<String>,
    last_modified: Option<String>,
}

impl Job {
    async fn run(self) -> Result<(EndpointResult, Option<CachedReply>), FetchError> {
        let attempts = Arc::new(AtomicUsize::new(0));
        let outcome = self.outcome(&attempts).await;
        let url = self.endpoint.url.to_string();
        let now = cache::now_rfc3339();
        let (outcome, entry) = match outcome {
            Ok((Received::NotModified, _)) | Ok((Received::Body { .. }, true)) => {
                let entry = self.previous.clone().map(|mut entry| {
                    entry.checked_at = now;
                    entry.last_failure = None;
                    entry
                });
                (Outcome::Unchanged, entry)
            }
            Ok((
                Received::Body {
                    status,
                    bytes,
                    etag,
                    last_modified,
                },
                false,
            )) => {
                let file = self.endpoint.file_name();
                let path = cache::fetched_dir(&self.inputs_dir).join(&file);
                crate::output::write_atomically(&path, &bytes).map_err(|source| {
                    FetchError::Store {
                        url: url.clone(),
                        path: display_path(&path),
                        source,
                    }
                })?;
                let entry = CachedReply {
                    url: url.clone(),
                    file,
                    fetched_at: now.clone(),
                    checked_at: now,
                    status,
                    sha256: crate::manifest::sha256_hex(&bytes),
                    bytes: bytes.len() as u64,
                    etag,
                    last_modified,
                    last_failure: None,
                };
                (
                    Outcome::Fetched {
                        status,
                        bytes: bytes.len() as u64,
                    },
                    Some(entry),
                )
            }
            Err(error) => {
                // A copy deleted by hand is not kept: the manifest forgets it and the outcome
                // says there is none.
                let copy_exists = |entry: &CachedReply| {
                    cache::fetched_dir(&self.inputs_dir)
                        .join(&entry.file)
                        .is_file()
                };
                let entry = self.previous.clone().filter(copy_exists).map(|mut entry| {
                    entry.last_failure = Some(FetchFailure {
                        at: now,
                        url: url.clone(),
                        reason: error.reason.clone(),
                    });
                    entry
                });
                let kept_since = entry.as_ref().map(|entry| entry.fetched_at.clone());
                (
                    Outcome::Failed {
                        reason: error.reason,
                        kept_since,
                    },
                    entry,
                )
            }
        };
        Ok((
            EndpointResult {
                code: self.endpoint.respondent.code.clone(),
                url,
                outcome,
                attempts: attempts.load(Ordering::Relaxed),
            },
            entry,
        ))
    }

    /// What the endpoint answered, with retries, and whether the body is the cached copy's.
    async fn outcome(&self, attempts: &Arc<AtomicUsize>) -> Result<(Received, bool), AttemptError> {
        let token = match &self.endpoint.token_env {
            Some(name) => match std::env::var(name) {
                Ok(token) if !token.trim().is_empty() => Some(token),
                _ => {
                    return Err(AttemptError::final_(format!(
                        "the environment variable {name}, which should hold the endpoint's token, is not set"
                    )));
                }
            },
            None => None,
        };
        let cached = self
            .previous
            .as_ref()
            .filter(|entry| entry.url == self.endpoint.url.as_str())
            .and_then(|entry| {
                cache::intact_copy(&self.inputs_dir, entry).map(|bytes| (entry, bytes))
            });
        let validators = cached
            .as_ref()
            .map(|(entry, _)| Validators {
                etag: entry.etag.clone(),
                last_modified: entry.last_modified.clone(),
            })
            .unwrap_or_default();

        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.options.min_backoff)
            .with_max_delay(self.options.max_backoff)
            .with_max_times(self.options.retries)
            .with_jitter();
        let max_retry_after = self.options.max_retry_after;
        let received = (|| {
            attempts.fetch_add(1, Ordering::Relaxed);
            self.attempt(token.as_deref(), &validators)
        })
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(|error: &AttemptError| error.transient)
        .adjust(|error: &AttemptError, planned: Option<Duration>| {
            // Retry-After says when to come back; past the limit (or with no retry left) the
            // fetch gives up rather than stall the whole collection.
            let planned = planned?;
            match error.retry_after {
                Some(wait) if wait > max_retry_after => None,
                Some(wait) => Some(wait),
                None => Some(planned),
            }
        })
        .await
        .map_err(|mut error| {
            let made = attempts.load(Ordering::Relaxed);
            if made > 1 {
                error.reason = format!("{} (after {made} attempts)", error.reason);
            }
            error
        })?;

        let same = match &received {
            Received::NotModified => true,
            Received::Body { bytes, .. } => {
                validate(
                    bytes,
                    self.endpoint.url.as_str(),
                    &self.endpoint.respondent,
                    self.context.as_deref(),
                )
                .map_err(AttemptError::final_)?;
                cached
                    .as_ref()
                    .is_some_and(|(_, copy)| copy.as_slice() == bytes.as_slice())
            }
        };
        Ok((received, same))
    }

    async fn attempt(
        &self,
        token: Option<&str>,
        validators: &Validators,
    ) -> Result<Received, AttemptError> {
        let mut request = self
            .client
            .get(self.endpoint.url.clone())
            .header(ACCEPT, "application/json");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, last_modified);
        }
        let mut response = request
            .send()
            .await
            .map_err(|error| describe_request_error(&error, &self.options))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED
            && (validators.etag.is_some() || validators.last_modified.is_some())
        {
            return Ok(Received::NotModified);
        }
        if status != StatusCode::OK {
            let mut reason = format!("the server answered HTTP {}", status_text(status));
            if status.is_redirection()
                && let Some(location) = header_text(response.headers(), LOCATION)
            {
                // reqwest follows redirects to http and https itself; this one it could not.
                reason.push_str(&format!(
                    " to `{location}`, a redirect that is not followed (only http and https are)"
                ));
            }
            let mut transient = status == StatusCode::REQUEST_TIMEOUT
                || status == StatusCode::TOO_MANY_REQUESTS
                || status.is_server_error();
            let retry_after = match retry_after(response.headers()) {
                RetryAfter::Absent => None,
                RetryAfter::Wait(wait) => Some(wait),
                // A server that cannot say when to come back is not asked again and again.
                RetryAfter::Invalid(value) => {
                    if transient {
                        reason.push_str(&format!(
                            "; its Retry-After `{}` is neither a number of seconds nor an HTTP date, so it is not retried",
                            crate::diagnostic::printable(&value)
                        ));
                    }
                    transient = false;
                    None
                }
            };
            return Err(AttemptError {
                reason,
                transient,
                retry_after,
            });
        }
        let limit = self.options.max_body_bytes;
        let too_large = || {
            AttemptError::final_(format!(
                "the reply is larger than the limit of {} bytes",
                crate::style::format_figure(limit)
            ))
        };
        let announced = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        if announced.is_some_and(|length| length > limit) {
            return Err(too_large());
        }
        let etag = header_text(response.headers(), ETAG);
        let last_modified = header_text(response.headers(), LAST_MODIFIED);
        let mut bytes = Vec::with_capacity(announced.unwrap_or(0).min(limit) as usize);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() as u64 + chunk.len() as u64 > limit {
                        return Err(too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(error) => {
                    let mut failure = describe_request_error(&error, &self.options);
                    failure.reason = format!(
                        "the reply broke off after {} bytes: {}",
                        bytes.len(),
                        failure.reason
                    );
                    return Err(failure);
                }
            }
        }
        Ok(Received::Body {
            status: status.as_u16(),
            bytes,
            etag,
            last_modified,
        })
    }
}

/// The body must be a reply (JSON that passes the reply schema) from the expected respondent,
/// and, with the inputs' `context`, one the build would use: it passes the same check (a
/// reply with an impossible date or a misspelt term is refused, and the good copy kept).
fn validate(
    bytes: &[u8],
    url: &str,
    expected: &ExpectedRespondent,
    context: Option<&crate::gather::Gathered>,
) -> Result<(), String> {
    let (document, findings) = parse_reply(bytes.to_vec(), url);
    if let Some(error) = findings
        .iter()
        .find(|finding| finding.severity == Severity::Error)
    {
        let at = error
            .position
            .map(|position| format!(" (line {}, column {})", position.line, position.column))
            .unwrap_or_default();
        return Err(format!("the answer is not a reply: {}{at}", error.message));
    }
    let Some(document) = document else {
        return Err("the answer is not a reply".to_owned());
    };
    // With the inputs, the build's own check (which begins with the schema); without, the
    // schema alone.
    let (findings, refusal) = match context {
        Some(context) => (
            crate::check::check_reply_document(context, &document),
            "the build would leave the reply out",
        ),
        None => (
            crate::check::check_structure(url, &document.value),
            "the reply does not follow the reply format",
        ),
    };
    let errors: Vec<_> = findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    if let Some(first) = errors.first() {
        let more = match errors.len() {
            1 => String::new(),
            count => format!(" (and {} more problems)", count - 1),
        };
        let at = first
            .pointer
            .as_deref()
            .map(|pointer| format!(" at {pointer}"))
            .unwrap_or_default();
        return Err(format!(
            "{refusal}{at}: {}{more}; `report check` on the answer shows every problem",
            first.message
        ));
    }
    let respondent = &document.value["respondent"];
    let kind = respondent["kind"].as_str().unwrap_or_default();
    let code = respondent["code"].as_str().unwrap_or_default();
    if kind != expected.kind.as_str() || code != expected.code {
        return Err(format!(
            "the reply is from {kind} `{code}`, not from {} `{}` as the endpoints list says",
            expected.kind.as_str(),
            expected.code
        ));
    }
    Ok(())
}

fn describe_request_error(error: &reqwest::Error, options: &FetchOptions) -> AttemptError {
    if error.is_timeout() {
        return AttemptError::transient(format!(
            "no complete answer within {} s",
            options.timeout.as_secs_f64()
        ));
    }
    let cause = root_cause(error);
    if error.is_redirect() {
        return AttemptError::final_(cause);
    }
    if error.is_builder() {
        return AttemptError::final_(format!("the request cannot be made: {cause}"));
    }
    if error.is_connect() {
        return AttemptError::transient(format!("cannot connect: {cause}"));
    }
    AttemptError::transient(cause)
}

/// The innermost message of an error chain ("Connection refused (os error 111)").
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

fn header_text(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// What a `Retry-After` header says.
#[derive(Debug, PartialEq, Eq)]
enum RetryAfter {
    Absent,
    Wait(Duration),
    /// Neither delay-seconds nor an HTTP date (RFC 9110, 10.2.3): `-5`, `soon`.
    Invalid(String),
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> RetryAfter {
    let Some(header) = headers.get(RETRY_AFTER) else {
        return RetryAfter::Absent;
    };
    let value = String::from_utf8_lossy(header.as_bytes()).trim().to_owned();
    if let Ok(seconds) = value.parse::<u64>() {
        return RetryAfter::Wait(Duration::from_secs(seconds));
    }
    match httpdate::parse_http_date(&value) {
        Ok(when) => RetryAfter::Wait(
            when.duration_since(std::time::SystemTime::now())
                .unwrap_or(Duration::ZERO),
        ),
        Err(_) => RetryAfter::Invalid(value),
    }
}

/// Replies of the cache that the manifest says the last fetch could not renew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleCopy {
    /// The cached file, as shown to the user.
    pub file: String,
    pub url: String,
    pub fetched_at: String,
    pub failure: FetchFailure,
}

/// The stale copies of an inputs folder's cache, for the build summary. A manifest that cannot
/// be read gives none here; `report fetch` says what is wrong with it.
pub fn stale_copies(inputs_dir: &Path, manifest: &FetchManifest) -> Vec<StaleCopy> {
    manifest
        .replies
        .values()
        .filter_map(|entry| {
            let failure = entry.last_failure.clone()?;
            let path = cache::fetched_dir(inputs_dir).join(&entry.file);
            // Only a copy that is there is "used": one deleted by hand is simply absent.
            if !path.is_file() {
                return None;
            }
            Some(StaleCopy {
                file: display_path(&path),
                url: entry.url.clone(),
                fetched_at: entry.fetched_at.clone(),
                failure,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), RetryAfter::Absent);
        headers.insert(RETRY_AFTER, "7".parse().expect("header value"));
        assert_eq!(
            retry_after(&headers),
            RetryAfter::Wait(Duration::from_secs(7))
        );
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT"
                .parse()
                .expect("header value"),
        );
        assert_eq!(
            retry_after(&headers),
            RetryAfter::Wait(Duration::ZERO),
            "a date in the past"
        );
        for invalid in ["soon", "-5", "1.5"] {
            headers.insert(RETRY_AFTER, invalid.parse().expect("header value"));
            assert_eq!(
                retry_after(&headers),
                RetryAfter::Invalid(invalid.to_owned())
            );
        }
    }

    #[test]
    fn only_a_reply_from_the_expected_respondent_passes() {
        let expected = ExpectedRespondent {
            kind: crate::reply::RespondentKind::MemberState,
            code: "AUT".to_owned(),
        };
        let sample =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/replies/AUT.json"))
                .expect("sample reply");
        assert_eq!(validate(&sample, "https://a.org/", &expected, None), Ok(()));
        let other = ExpectedRespondent {
            code: "BEL".to_owned(),
            ..expected.clone()
        };
        let refused = validate(&sample, "https://a.org/", &other, None).expect_err("not BEL's");
        assert!(refused.contains("not from member_state `BEL`"), "{refused}");
        let html = validate(
            b"<html><body>Error</body></html>",
            "https://a.org/",
            &expected,
            None,
        )
        .expect_err("HTML is no reply");
        assert!(html.contains("not a reply"), "{html}");
        let wrong_shape = validate(
            br#"{"format": "report-reply/1"}"#,
            "https://a.org/",
            &expected,
            None,
        )
        .expect_err("not the reply format");
        assert!(wrong_shape.contains("reply format"), "{wrong_shape}");

        // With the inputs, the build's own check: an impossible date is refused.
        let inputs = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
        let context = crate::gather::gather_replies(&inputs, Some(&[])).expect("inputs");
        assert_eq!(
            validate(&sample, "https://a.org/", &expected, Some(&context)),
            Ok(())
        );
        let impossible = String::from_utf8_lossy(&sample).replace(
            "\"submitted\": \"2009-04-15\"",
            "\"submitted\": \"2009-02-30\"",
        );
        assert_ne!(impossible.as_bytes(), sample.as_slice());
        let refused = validate(
            impossible.as_bytes(),
            "https://a.org/",
            &expected,
            Some(&context),
        )
        .expect_err("an impossible date");
        assert!(refused.contains("would leave the reply out"), "{refused}");
    }
}
