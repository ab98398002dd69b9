//! Integration tests of `report fetch` against real HTTP servers on loopback (wiremock, and a
//! raw socket where a well-behaved server cannot misbehave enough). Every failure case checks
//! what is on disk afterwards: the last good copy and its manifest entry survive.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{copy_dir, project_dir};
use report::fetch::cache::{self, FetchManifest};
use report::fetch::{FetchOptions, FetchSummary, Outcome, Silent, fetch_async};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sample(code: &str) -> Vec<u8> {
    fs::read(
        project_dir()
            .join("inputs/replies")
            .join(format!("{code}.json")),
    )
    .expect("sample")
}

/// Short timeouts and backoffs, so that failures are found in milliseconds.
fn quick() -> FetchOptions {
    FetchOptions {
        concurrency: 8,
        connect_timeout: Duration::from_millis(500),
        timeout: Duration::from_millis(800),
        retries: 2,
        min_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..FetchOptions::default()
    }
}

fn write_endpoints(dir: &Path, entries: &[(&str, &str)]) {
    let endpoints: Vec<serde_json::Value> = entries
        .iter()
        .map(|(url, code)| {
            serde_json::json!({
                "url": url,
                "respondent": { "kind": "member_state", "code": code }
            })
        })
        .collect();
    let list = serde_json::json!({ "format": "report-endpoints/1", "endpoints": endpoints });
    fs::write(
        dir.join("endpoints.json"),
        serde_json::to_string_pretty(&list).expect("JSON"),
    )
    .expect("write endpoints");
}

async fn run(dir: &Path, options: &FetchOptions) -> FetchSummary {
    fetch_async(dir, options, &Silent)
        .await
        .expect("the fetch runs")
}

fn cached(dir: &Path, code: &str) -> Option<Vec<u8>> {
    fs::read(cache::fetched_dir(dir).join(format!("{code}.json"))).ok()
}

fn manifest(dir: &Path) -> FetchManifest {
    cache::read_manifest(dir).expect("manifest")
}

/// A folder whose cache holds AUT's reply, fetched from `server` at /aut.
async fn with_good_copy(server: &MockServer) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    write_endpoints(dir.path(), &[(&format!("{}/aut", server.uri()), "AUT")]);
    Mock::given(method("GET"))
        .and(path("/aut"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_bytes(sample("AUT"))
                .insert_header("ETag", "\"v1\""),
        )
        .mount(server)
        .await;
    let summary = run(dir.path(), &quick()).await;
    assert!(
        matches!(
            summary.results[0].outcome,
            Outcome::Fetched { status: 200, .. }
        ),
        "{:?}",
        summary.results
    );
    server.reset().await;
    dir
}

/// Fetches again and checks that it failed with `reason_part`, keeping the good copy.
async fn fails_and_keeps_the_copy(dir: &Path, options: &FetchOptions, reason_part: &str) {
    let before = manifest(dir).replies["AUT"].clone();
    let summary = run(dir, options).await;
    let result = &summary.results[0];
    match &result.outcome {
        Outcome::Failed { reason, kept_since } => {
            assert!(reason.contains(reason_part), "reason: {reason}");
            assert_eq!(kept_since.as_deref(), Some(before.fetched_at.as_str()));
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(
        cached(dir, "AUT").as_deref(),
        Some(sample("AUT").as_slice()),
        "the good copy survives"
    );
    let after = manifest(dir).replies["AUT"].clone();
    assert_eq!(after.sha256, before.sha256);
    assert_eq!(after.fetched_at, before.fetched_at);
    let failure = after.last_failure.expect("the failure is recorded");
    assert!(failure.reason.contains(reason_part), "{}", failure.reason);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_503_then_a_200_is_fetched_on_the_second_attempt() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().expect("temporary folder");
    write_endpoints(dir.path(), &[(&format!("{}/aut", server.uri()), "AUT")]);
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(sample("AUT")))
        .mount(&server)
        .await;
    let summary = run(dir.path(), &quick()).await;
    assert_eq!(summary.results[0].attempts, 2);
    assert!(matches!(
        summary.results[0].outcome,
        Outcome::Fetched { .. }
    ));
    assert_eq!(cached(dir.path(), "AUT"), Some(sample("AUT")));
    let entry = &manifest(dir.path()).replies["AUT"];
    assert_eq!(entry.status, 200);
    assert_eq!(entry.sha256, report::manifest::sha256_hex(&sample("AUT")));
    assert!(entry.url.ends_with("/aut"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_is_retried_after_the_time_retry_after_asks() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().expect("temporary folder");
    write_endpoints(dir.path(), &[(&format!("{}/aut", server.uri()), "AUT")]);
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(sample("AUT")))
        .mount(&server)
        .await;
    let started = Instant::now();
    let summary = run(dir.path(), &quick()).await;
    assert!(matches!(
        summary.results[0].outcome,
        Outcome::Fetched { .. }
    ));
    assert_eq!(summary.results[0].attempts, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited only {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_beyond_the_limit_gives_up_at_once_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    fails_and_keeps_the_copy(dir.path(), &quick(), "429 Too Many Requests").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_that_is_no_delay_gives_up_at_once_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "-5"))
        .mount(&server)
        .await;
    let before = server
        .received_requests()
        .await
        .map_or(0, |requests| requests.len());
    fails_and_keeps_the_copy(dir.path(), &quick(), "Retry-After `-5` is neither").await;
    let after = server
        .received_requests()
        .await
        .map_or(0, |requests| requests.len());
    assert_eq!(after - before, 1, "asked once, not retried");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_compressed_answer_is_decoded() {
    use std::io::Write;
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().expect("temporary folder");
    write_endpoints(dir.path(), &[(&format!("{}/aut", server.uri()), "AUT")]);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&sample("AUT")).expect("gzip");
    let gzipped = encoder.finish().expect("gzip");
    Mock::given(path("/aut"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Content-Encoding", "gzip")
                .set_body_bytes(gzipped),
        )
        .mount(&server)
        .await;
    let summary = run(dir.path(), &quick()).await;
    assert!(
        matches!(summary.results[0].outcome, Outcome::Fetched { .. }),
        "{:?}",
        summary.results[0].outcome
    );
    assert_eq!(cached(dir.path(), "AUT"), Some(sample("AUT")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_response_slower_than_the_timeout_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_bytes(sample("AUT"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let options = FetchOptions {
        timeout: Duration::from_millis(300),
        retries: 1,
        ..quick()
    };
    fails_and_keeps_the_copy(dir.path(), &options, "no complete answer within 0.3 s").await;
}

/// Serves one raw HTTP answer per connection, `times` times, then stops.
fn raw_server(answer: &'static [u8], times: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming().take(times).flatten() {
            let mut stream = stream;
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(answer);
            // Dropping the stream closes the connection mid-body.
        }
    });
    format!("http://{address}/aut")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_truncated_body_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    let url = raw_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"format\": \"report-reply/1\", \"respon",
        3,
    );
    write_endpoints(dir.path(), &[(&url, "AUT")]);
    fails_and_keeps_the_copy(dir.path(), &quick(), "broke off after").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_json_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("{\"format\": \"report-reply/1\",,}"),
        )
        .mount(&server)
        .await;
    fails_and_keeps_the_copy(dir.path(), &quick(), "not valid JSON").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_html_error_page_with_status_200_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<html><body><h1>Service unavailable</h1></body></html>",
            "text/html",
        ))
        .mount(&server)
        .await;
    fails_and_keeps_the_copy(dir.path(), &quick(), "not a reply").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_404_is_final_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    fails_and_keeps_the_copy(dir.path(), &quick(), "HTTP 404 Not Found").await;
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_loop_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/elsewhere"))
        .mount(&server)
        .await;
    Mock::given(path("/elsewhere"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/aut"))
        .mount(&server)
        .await;
    fails_and_keeps_the_copy(dir.path(), &quick(), "redirects (a redirect loop?)").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_to_another_scheme_is_refused() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "file:///etc/passwd"))
        .mount(&server)
        .await;
    fails_and_keeps_the_copy(
        dir.path(),
        &quick(),
        "file:///etc/passwd`, a redirect that is not followed",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_the_limit_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b' '; 20_000]))
        .mount(&server)
        .await;
    let options = FetchOptions {
        max_body_bytes: 10_000,
        ..quick()
    };
    fails_and_keeps_the_copy(
        dir.path(),
        &options,
        "larger than the limit of 10,000 bytes",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_connection_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address")
    };
    write_endpoints(dir.path(), &[(&format!("http://{closed}/aut"), "AUT")]);
    fails_and_keeps_the_copy(dir.path(), &quick(), "cannot connect").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_from_the_wrong_respondent_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(sample("BEL")))
        .mount(&server)
        .await;
    fails_and_keeps_the_copy(dir.path(), &quick(), "from member_state `BEL`").await;
}

/// With the inputs' mandate at hand, a fetched reply is checked as the build checks it: one the
/// build would leave out (an impossible date, a misspelt term) does not replace the good copy.
#[tokio::test(flavor = "multi_thread")]
async fn a_reply_the_build_would_leave_out_fails_and_keeps_the_copy() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    let endpoints = fs::read(dir.path().join("endpoints.json")).expect("endpoints");
    copy_dir(&project_dir().join("inputs"), dir.path());
    fs::write(dir.path().join("endpoints.json"), endpoints).expect("endpoints");
    for (from, to, reason) in [
        (
            "\"submitted\": \"2009-04-15\"",
            "\"submitted\": \"2009-02-30\"",
            "would leave the reply out at /submitted",
        ),
        (
            "\"sexual_exploitation\"",
            "\"sexual_exploitaton\"",
            "would leave the reply out",
        ),
    ] {
        let body = String::from_utf8(sample("AUT"))
            .expect("UTF-8")
            .replacen(from, to, 1);
        assert_ne!(body.as_bytes(), sample("AUT").as_slice(), "{from}");
        Mock::given(path("/aut"))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&server)
            .await;
        fails_and_keeps_the_copy(dir.path(), &quick(), reason).await;
        server.reset().await;
    }
}

/// A cached copy deleted by hand is not "kept": a failed fetch says there is no copy, and the
/// manifest forgets it, so that the build does not say it uses one.
#[tokio::test(flavor = "multi_thread")]
async fn a_copy_deleted_by_hand_is_not_said_to_be_kept() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    fs::remove_file(cache::fetched_dir(dir.path()).join("AUT.json")).expect("remove");
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let summary = run(dir.path(), &quick()).await;
    match &summary.results[0].outcome {
        Outcome::Failed { kept_since, .. } => assert_eq!(kept_since, &None),
        other => panic!("expected a failure, got {other:?}"),
    }
    assert!(!manifest(dir.path()).replies.contains_key("AUT"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_304_keeps_the_copy_without_downloading_it_again() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    let before = manifest(dir.path()).replies["AUT"].clone();
    assert_eq!(before.etag.as_deref(), Some("\"v1\""));
    Mock::given(path("/aut"))
        .and(header("If-None-Match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .expect(1)
        .mount(&server)
        .await;
    let summary = run(dir.path(), &quick()).await;
    assert_eq!(summary.results[0].outcome, Outcome::Unchanged);
    assert_eq!(cached(dir.path(), "AUT"), Some(sample("AUT")));
    let after = manifest(dir.path()).replies["AUT"].clone();
    assert_eq!(after.fetched_at, before.fetched_at);
    assert_eq!(after.sha256, before.sha256);
    assert!(after.last_failure.is_none());
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_copy_changed_by_hand_is_fetched_again_without_validators() {
    let server = MockServer::start().await;
    let dir = with_good_copy(&server).await;
    fs::write(cache::fetched_dir(dir.path()).join("AUT.json"), b"edited").expect("write");
    // No If-None-Match may be sent for a copy that is no longer what was fetched.
    Mock::given(path("/aut"))
        .and(header("If-None-Match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(sample("AUT")))
        .mount(&server)
        .await;
    let summary = run(dir.path(), &quick()).await;
    assert!(matches!(
        summary.results[0].outcome,
        Outcome::Fetched { .. }
    ));
    assert_eq!(cached(dir.path(), "AUT"), Some(sample("AUT")));
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_token_variable_fails_without_a_request() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let list = serde_json::json!({
        "format": "report-endpoints/1",
        "endpoints": [{
            "url": format!("{}/aut", server.uri()),
            "respondent": { "kind": "member_state", "code": "AUT" },
            "token_env": "REPORT_TEST_TOKEN_THAT_IS_NEVER_SET"
        }]
    });
    fs::write(dir.path().join("endpoints.json"), list.to_string()).expect("write");
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(sample("AUT")))
        .expect(0)
        .mount(&server)
        .await;
    let summary = run(dir.path(), &quick()).await;
    match &summary.results[0].outcome {
        Outcome::Failed { reason, kept_since } => {
            assert!(
                reason.contains("REPORT_TEST_TOKEN_THAT_IS_NEVER_SET"),
                "{reason}"
            );
            assert!(kept_since.is_none());
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(cached(dir.path(), "AUT"), None);
    server.verify().await;
}

/// The whole story as a user lives it, with the real binary: fetch with a token, lose the
/// network, fetch again (exit 1, the copy kept), and build the same report from the cache.
#[tokio::test(flavor = "multi_thread")]
async fn the_report_builds_from_the_cache_when_the_network_is_gone() {
    // Outside wiremock's pool, so that dropping it closes the port.
    let server = MockServer::builder().start().await;
    Mock::given(path("/aut"))
        .and(header("Authorization", "Bearer s3cret"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(sample("AUT")))
        .mount(&server)
        .await;

    // The bundled inputs, with Austria's reply published at an endpoint instead of a file.
    let inputs = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("inputs"), inputs.path());
    fs::remove_file(inputs.path().join("replies/AUT.json")).expect("remove");
    let list = serde_json::json!({
        "format": "report-endpoints/1",
        "endpoints": [{
            "url": format!("{}/aut", server.uri()),
            "respondent": { "kind": "member_state", "code": "AUT" },
            "token_env": "REPORT_TEST_AUT_TOKEN"
        }]
    });
    fs::write(inputs.path().join("endpoints.json"), list.to_string()).expect("write");

    let report = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_report"))
            .current_dir(project_dir())
            .args(args)
            .arg("--inputs")
            .arg(inputs.path())
            .env("REPORT_TEST_AUT_TOKEN", "s3cret")
            .output()
            .expect("run report")
    };
    let first = report(&["fetch", "--retries", "1"]);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert_eq!(first.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("AUT") && stdout.contains("fetched"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fetched 1, unchanged 0, failed 0"),
        "{stdout}"
    );

    drop(server);
    let again = report(&["fetch", "--retries", "1", "--connect-timeout", "1"]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert_eq!(again.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("cannot connect") && stdout.contains("kept the copy of"),
        "{stdout}"
    );

    let out = tempfile::tempdir().expect("temporary folder");
    let from_cache = out.path().join("from-cache.pdf");
    let built = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["build", "--inputs"])
        .arg(inputs.path())
        .arg("--out")
        .arg(&from_cache)
        .output()
        .expect("run report build");
    let stdout = String::from_utf8_lossy(&built.stdout);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(
        stdout.contains("stale") && stdout.contains("AUT.json"),
        "{stdout}"
    );
    assert!(stderr.contains("fetched-copy-stale"), "{stderr}");

    // The same report as from the reply file itself.
    let from_file = out.path().join("from-file.pdf");
    let built = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["build", "--out"])
        .arg(&from_file)
        .output()
        .expect("run report build");
    assert!(built.status.success());
    assert!(
        fs::read(&from_cache).expect("PDF") == fs::read(&from_file).expect("PDF"),
        "the report built from the cache differs from the one built from the file"
    );
}

#[test]
fn a_bad_endpoints_list_is_a_usage_error_with_its_place() {
    let dir = tempfile::tempdir().expect("temporary folder");
    fs::write(
        dir.path().join("endpoints.json"),
        "{\"format\": \"report-endpoints/1\",\n \"endpoints\": [{\"url\": \"ftp://example.org/r.json\", \"respondent\": {\"kind\": \"member_state\", \"code\": \"AUT\"}}]}",
    )
    .expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .args(["fetch", "--inputs"])
        .arg(dir.path())
        .output()
        .expect("run report fetch");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("endpoints.json`:2:") && stderr.contains("only http and https"),
        "{stderr}"
    );
}

/// A fetch killed half-way leaves every cached copy whole and the manifest readable.
#[tokio::test(flavor = "multi_thread")]
async fn a_fetch_killed_half_way_leaves_the_cache_whole() {
    let server = MockServer::builder().start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_bytes(sample("AUT"))
                .set_delay(Duration::from_millis(150)),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("temporary folder");
    // One endpoint answering AUT's reply for AUT, and many more that are refused (wrong
    // respondent) so that the fetch is still busy when it is killed.
    let mut entries = vec![(format!("{}/aut", server.uri()), "AUT".to_owned())];
    for index in 0..60 {
        entries.push((format!("{}/x{index}", server.uri()), format!("X{index:02}")));
    }
    let borrowed: Vec<(&str, &str)> = entries
        .iter()
        .map(|(url, code)| (url.as_str(), code.as_str()))
        .collect();
    write_endpoints(dir.path(), &borrowed);
    fs::create_dir_all(cache::fetched_dir(dir.path())).expect("cache folder");
    fs::write(
        cache::fetched_dir(dir.path()).join("AUT.json"),
        sample("AUT"),
    )
    .expect("write");
    for delay_ms in [50, 200, 400] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_report"))
            .args(["fetch", "--concurrency", "4", "--inputs"])
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start report fetch");
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            cached(dir.path(), "AUT").as_deref(),
            Some(sample("AUT").as_slice()),
            "after {delay_ms} ms"
        );
        if cache::manifest_path(dir.path()).exists() {
            cache::read_manifest(dir.path()).expect("the manifest is whole");
        }
    }
}

/// `report fetch --format json`: the summary as a tagged document for programs.
#[tokio::test(flavor = "multi_thread")]
async fn the_fetch_summary_can_be_json() {
    let server = MockServer::builder().start().await;
    Mock::given(path("/aut"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(sample("AUT")))
        .mount(&server)
        .await;
    let inputs = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("inputs"), inputs.path());
    fs::remove_file(inputs.path().join("replies/AUT.json")).expect("remove");
    write_endpoints(
        inputs.path(),
        &[
            (&format!("{}/aut", server.uri()), "AUT"),
            (&format!("{}/nor", server.uri()), "NOR"),
        ],
    );
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["fetch", "--retries", "0", "--format", "json", "--inputs"])
        .arg(inputs.path())
        .output()
        .expect("run report fetch");
    assert_eq!(output.status.code(), Some(1), "one endpoint failed");
    let summary: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the summary is JSON");
    assert_eq!(summary["format"], "report-fetch-summary/1");
    assert_eq!(summary["summary"]["fetched"], 1);
    assert_eq!(summary["summary"]["failed"], 1);
    let endpoints = summary["endpoints"].as_array().expect("endpoints");
    assert_eq!(endpoints[0]["code"], "AUT");
    assert_eq!(endpoints[0]["outcome"], "fetched");
    assert_eq!(endpoints[0]["status"], 200);
    assert_eq!(endpoints[1]["outcome"], "failed");
    assert!(
        endpoints[1]["reason"]
            .as_str()
            .is_some_and(|reason| !reason.is_empty())
    );
}
