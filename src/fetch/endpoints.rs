//! The endpoints list (`inputs/endpoints.json`, `report-endpoints/1`): where each respondent
//! publishes its reply, and the name of the environment variable that holds the bearer token
//! when the endpoint wants one (never the token itself).
//!
//! In: the file. Out: [`Endpoints`], every entry checked (URL with http or https, a respondent
//! code that can name a file, no respondent or URL twice), or an [`EndpointsError`] naming the
//! file, the line and column and what to do.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::display_path;
use crate::reply::RespondentKind;
use crate::source_map::SourceMap;

pub const ENDPOINTS_FORMAT: &str = "report-endpoints/1";

/// The endpoints file in an inputs folder.
pub const ENDPOINTS_FILE: &str = "endpoints.json";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointsFile {
    #[serde(rename = "$comment", default)]
    _comment: Option<serde_json::Value>,
    format: String,
    endpoints: Vec<EndpointEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointEntry {
    #[serde(rename = "$comment", default)]
    _comment: Option<serde_json::Value>,
    url: String,
    respondent: ExpectedRespondent,
    #[serde(default)]
    token_env: Option<String>,
}

/// Who must have written the reply found at an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRespondent {
    pub kind: RespondentKind,
    pub code: String,
}

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub url: reqwest::Url,
    pub respondent: ExpectedRespondent,
    /// Name of the environment variable that holds the bearer token.
    pub token_env: Option<String>,
}

impl Endpoint {
    /// The cached copy's file name: the respondent's code (`ITA.json`).
    pub fn file_name(&self) -> String {
        format!("{}.json", self.respondent.code)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Endpoints {
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, thiserror::Error)]
pub enum EndpointsError {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}`:{line}:{column}: {message}\n  hint: {hint}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
        hint: String,
    },
}

/// Reads the endpoints list of an inputs folder. A folder without one has no endpoints.
pub fn read_endpoints(inputs_dir: &Path) -> Result<Endpoints, EndpointsError> {
    let path = inputs_dir.join(ENDPOINTS_FILE);
    let read =
        crate::gather::require_regular_file(&path).and_then(|()| std::fs::read_to_string(&path));
    let text = match read {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Endpoints::default());
        }
        Err(source) => {
            return Err(EndpointsError::Read {
                path: display_path(&path),
                source,
            });
        }
    };
    parse_endpoints(&display_path(&path), &text)
}

/// Parses and checks the text of an endpoints list; `shown` names it in errors.
pub fn parse_endpoints(shown: &str, text: &str) -> Result<Endpoints, EndpointsError> {
    let map = SourceMap::new(Arc::from(text));
    let invalid = |pointer: Option<String>, offset: Option<usize>, message: String, hint: &str| {
        let offset = offset
            .or_else(|| {
                pointer
                    .as_deref()
                    .and_then(|pointer| map.value_span(pointer))
                    .map(|span| span.start)
            })
            .unwrap_or(0);
        let position = map.position(offset);
        EndpointsError::Invalid {
            path: shown.to_owned(),
            line: position.line,
            column: position.column,
            message,
            hint: hint.to_owned(),
        }
    };
    let file: EndpointsFile = serde_json::from_str(text).map_err(|error| {
        let message = error.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(message, _)| message)
            .to_owned();
        invalid(
            None,
            Some(map.offset(error.line(), error.column())),
            message,
            "each endpoint is {\"url\": \"https://...\", \"respondent\": {\"kind\": \"member_state\", \"code\": \"ITA\"}} with an optional \"token_env\"",
        )
    })?;
    if file.format != ENDPOINTS_FORMAT {
        return Err(invalid(
            Some("/format".to_owned()),
            None,
            format!("the format is `{}`, not `{ENDPOINTS_FORMAT}`", file.format),
            "set \"format\" to \"report-endpoints/1\"",
        ));
    }
    let mut endpoints = Vec::with_capacity(file.endpoints.len());
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut urls: BTreeMap<String, usize> = BTreeMap::new();
    for (index, entry) in file.endpoints.into_iter().enumerate() {
        let at = format!("/endpoints/{index}");
        let url = reqwest::Url::parse(&entry.url).map_err(|error| {
            invalid(
                Some(format!("{at}/url")),
                None,
                format!("`{}` is not a URL: {error}", entry.url),
                "write the full address, starting with https://",
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(
                Some(format!("{at}/url")),
                None,
                format!(
                    "`{}` uses `{}`; only http and https are fetched",
                    entry.url,
                    url.scheme()
                ),
                "publish the reply at an https:// address",
            ));
        }
        let code = &entry.respondent.code;
        let code_can_name_a_file = !code.is_empty()
            && code.len() <= 32
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !code_can_name_a_file {
            return Err(invalid(
                Some(format!("{at}/respondent/code")),
                None,
                format!("`{code}` is not a respondent code"),
                "use the ISO 3166-1 alpha-3 code of a State or the code of an organization in organizations.json (letters, digits, `_` or `-`)",
            ));
        }
        if let Some(first) = codes.insert(code.clone(), index) {
            return Err(invalid(
                Some(format!("{at}/respondent/code")),
                None,
                format!("`{code}` already has an endpoint (entry {first})"),
                "keep one endpoint per respondent",
            ));
        }
        if let Some(first) = urls.insert(url.as_str().to_owned(), index) {
            return Err(invalid(
                Some(format!("{at}/url")),
                None,
                format!("this URL is already the endpoint of entry {first}"),
                "each respondent publishes its own reply; check the address",
            ));
        }
        if let Some(name) = &entry.token_env {
            let looks_like_a_variable = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if !looks_like_a_variable {
                return Err(invalid(
                    Some(format!("{at}/token_env")),
                    None,
                    format!("`{name}` is not the name of an environment variable"),
                    "give the name of the variable that holds the token (`ITA_REPLY_TOKEN`), never the token itself",
                ));
            }
        }
        endpoints.push(Endpoint {
            url,
            respondent: entry.respondent,
            token_env: entry.token_env,
        });
    }
    Ok(Endpoints { endpoints })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Endpoints, EndpointsError> {
        parse_endpoints("endpoints.json", text)
    }

    #[test]
    fn reads_a_list_with_a_token_variable() {
        let endpoints = parse(
            r#"{"format": "report-endpoints/1", "endpoints": [
                {"url": "https://example.org/ita.json", "respondent": {"kind": "member_state", "code": "ITA"}, "token_env": "ITA_TOKEN"}
            ]}"#,
        )
        .expect("valid list");
        assert_eq!(endpoints.endpoints.len(), 1);
        assert_eq!(endpoints.endpoints[0].file_name(), "ITA.json");
        assert_eq!(
            endpoints.endpoints[0].token_env.as_deref(),
            Some("ITA_TOKEN")
        );
    }

    fn error_line(text: &str) -> (usize, String) {
        match parse(text) {
            Err(EndpointsError::Invalid { line, message, .. }) => (line, message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn refuses_other_schemes_bad_codes_repeats_and_tokens_in_place_of_names() {
        let (line, message) = error_line(
            "{\"format\": \"report-endpoints/1\", \"endpoints\": [\n{\"url\": \"file:///etc/passwd\", \"respondent\": {\"kind\": \"member_state\", \"code\": \"ITA\"}}]}",
        );
        assert_eq!(line, 2);
        assert!(message.contains("only http and https"), "{message}");

        let (_, message) = error_line(
            r#"{"format": "report-endpoints/1", "endpoints": [{"url": "https://a.org/", "respondent": {"kind": "member_state", "code": "../ITA"}}]}"#,
        );
        assert!(message.contains("not a respondent code"), "{message}");

        let (_, message) = error_line(
            r#"{"format": "report-endpoints/1", "endpoints": [
              {"url": "https://a.org/1", "respondent": {"kind": "member_state", "code": "ITA"}},
              {"url": "https://a.org/2", "respondent": {"kind": "member_state", "code": "ITA"}}]}"#,
        );
        assert!(message.contains("already has an endpoint"), "{message}");

        let (_, message) = error_line(
            r#"{"format": "report-endpoints/1", "endpoints": [{"url": "https://a.org/", "respondent": {"kind": "member_state", "code": "ITA"}, "token_env": "eyJhbGciOi.secret"}]}"#,
        );
        assert!(
            message.contains("not the name of an environment variable"),
            "{message}"
        );

        let (_, message) =
            error_line(r#"{"format": "report-endpoints/1", "endpoints": [{"uri": "x"}]}"#);
        assert!(message.contains("unknown field `uri`"), "{message}");
    }

    #[test]
    fn a_folder_without_a_list_has_no_endpoints() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let endpoints = read_endpoints(dir.path()).expect("no list is no endpoints");
        assert!(endpoints.endpoints.is_empty());
    }
}
