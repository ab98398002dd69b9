//! `report fetch` at collection scale (issue 5): 200 endpoints on a loopback server, each
//! answering after 100 ms, fetched into an empty cache with the default options (32 at a
//! time). Also 2,000 endpoints, to see the cost grow with the count. Run:
//! `cargo bench --bench fetch`.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use report::fetch::{FetchOptions, Silent, fetch};
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn main() {
    divan::main();
}

/// Answers `/r/CODE` with a reply from Member State `CODE`, after 100 ms.
struct SlowReply;

impl Respond for SlowReply {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let code = request.url.path().trim_start_matches("/r/");
        let reply = serde_json::json!({
            "format": "report-reply/1",
            "respondent": { "kind": "member_state", "code": code },
            "submitted": "2009-04-15",
            "language": "en",
            "paragraphs": {
                "4": { "narrative": "The Penal Code criminalizes trafficking in persons in all its forms. ".repeat(20) }
            }
        });
        ResponseTemplate::new(200)
            .set_body_json(reply)
            .set_delay(Duration::from_millis(100))
    }
}

/// The server lives on its own runtime for the whole run.
fn server_uri() -> &'static str {
    static SERVER: OnceLock<(tokio::runtime::Runtime, MockServer)> = OnceLock::new();
    let (_, server) = SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the server");
        let server = runtime.block_on(async {
            let server = MockServer::builder().start().await;
            Mock::given(path_regex("^/r/"))
                .respond_with(SlowReply)
                .mount(&server)
                .await;
            server
        });
        (runtime, server)
    });
    Box::leak(server.uri().into_boxed_str())
}

fn inputs_with_endpoints(count: usize) -> tempfile::TempDir {
    let uri = server_uri();
    let dir = tempfile::tempdir().expect("temporary folder");
    let endpoints: Vec<serde_json::Value> = (0..count)
        .map(|index| {
            let code = format!("S{index:04}");
            serde_json::json!({
                "url": format!("{uri}/r/{code}"),
                "respondent": { "kind": "member_state", "code": code }
            })
        })
        .collect();
    let list = serde_json::json!({ "format": "report-endpoints/1", "endpoints": endpoints });
    std::fs::write(dir.path().join("endpoints.json"), list.to_string()).expect("write");
    dir
}

fn fetch_all(dir: &Path) {
    let summary = fetch(dir, &FetchOptions::default(), &Silent).expect("the fetch runs");
    assert_eq!(summary.failed(), 0, "{:?}", summary.results.first());
}

#[divan::bench(args = [200, 2000], sample_count = 5, sample_size = 1)]
fn fetch_endpoints_answering_after_100_ms(bencher: divan::Bencher, count: usize) {
    bencher
        .with_inputs(|| inputs_with_endpoints(count))
        .bench_values(|dir| fetch_all(dir.path()));
}
