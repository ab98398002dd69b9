//! A realistic full-scale input set for benchmarks and scale tests (not a user command): the
//! bundled mandate, metadata and reference data, every Member State of 2009 and 40
//! organizations, each answering every paragraph addressed to it, with narratives of a few
//! hundred words and comparable data for five years. `copies` repeats the whole collection (a
//! later copy of a reply supersedes the earlier one, as a resent reply would), for growth.

use std::fs;
use std::path::Path;

use serde_json::{Value, json};

/// Organizations in a full-scale collection: the bundled ones, then generated ones.
pub const ORGANIZATIONS: usize = 40;
/// Years of comparable data, ending with the report's reporting period.
pub const DATA_YEARS: [i32; 5] = [2004, 2005, 2006, 2007, 2008];

/// Writes a full-scale inputs folder into `dir`; returns the number of reply files.
pub fn generate(project: &Path, dir: &Path, copies: usize) -> usize {
    generate_with(project, dir, copies, usize::MAX, ORGANIZATIONS)
}

/// Like [`generate`], with the first `states` Member States (in the reference list's order)
/// and `organizations` organizations only: `generate_with(.., 1, 100, 31)` is the size of the
/// real response of 2009 (about 100 Member States and 31 organizations).
pub fn generate_with(
    project: &Path,
    dir: &Path,
    copies: usize,
    states_wanted: usize,
    organizations_wanted: usize,
) -> usize {
    let inputs = project.join("inputs");
    fs::create_dir_all(dir.join("replies")).expect("replies folder");
    fs::create_dir_all(dir.join("reference")).expect("reference folder");
    fs::copy(inputs.join("mandate.json"), dir.join("mandate.json")).expect("mandate");
    for entry in fs::read_dir(inputs.join("reference"))
        .expect("reference")
        .flatten()
    {
        fs::copy(entry.path(), dir.join("reference").join(entry.file_name())).expect("copy");
    }
    let mut metadata: Value = read(&inputs.join("report.json"));
    metadata["reporting_period"] = json!({ "from": DATA_YEARS[0], "to": DATA_YEARS[4] });
    write(&dir.join("report.json"), &metadata);

    let mut organizations: Value = read(&inputs.join("organizations.json"));
    let list = organizations["organizations"]
        .as_array_mut()
        .expect("organizations list");
    let kinds = [
        "united_nations_entity",
        "intergovernmental_organization",
        "non_governmental_organization",
    ];
    let mut index = 0;
    while list.len() < organizations_wanted {
        index += 1;
        let code = format!("GEN-ORG-{index:02}");
        list.push(json!({
            "code": code,
            "kind": kinds[index % kinds.len()],
            "name": format!("Regional Network against Trafficking No. {index}"),
            "running_text": format!("the Regional Network against Trafficking No. {index}"),
            "short": format!("the Regional Network No. {index}")
        }));
    }
    list.truncate(organizations_wanted);
    let organizations_list = list.clone();
    write(&dir.join("organizations.json"), &organizations);

    let mandate: Value = read(&inputs.join("mandate.json"));
    let treaties: Value = read(&inputs.join("reference/treaty-status.json"));
    let states: Value = read(&inputs.join("reference/member-states-2009.json"));
    let mut written = 0;
    for copy in 0..copies {
        for (index, state) in states["records"]
            .as_array()
            .expect("states")
            .iter()
            .take(states_wanted)
            .enumerate()
        {
            let code = state["iso3"].as_str().unwrap_or("XXX");
            let name = state["un_short_name_2009"].as_str().unwrap_or(code);
            let reply = state_reply(&mandate, &treaties, code, name, index as u64 + 1);
            write(
                &dir.join("replies").join(format!("{code}-{copy:02}.json")),
                &reply,
            );
            written += 1;
        }
        for (index, organization) in organizations_list.iter().enumerate() {
            let code = organization["code"].as_str().unwrap_or("ORG");
            let kind = organization["kind"]
                .as_str()
                .unwrap_or("united_nations_entity");
            let reply = organization_reply(&mandate, code, kind, index as u64 + 1000);
            write(
                &dir.join("replies").join(format!("{code}-{copy:02}.json")),
                &reply,
            );
            written += 1;
        }
    }
    written
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("input file")).expect("JSON")
}

fn write(path: &Path, value: &Value) {
    fs::write(path, serde_json::to_string_pretty(value).expect("JSON")).expect("write");
}

/// A small deterministic generator, so that every run writes the same collection.
struct Numbers(u64);

impl Numbers {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

const SENTENCES: [&str; 8] = [
    "The national action plan against trafficking in persons was revised to strengthen prevention, protection and prosecution.",
    "Specialized units of the police and the prosecution service were trained in the identification of victims and in financial investigations.",
    "Victims are referred to shelters run by civil society organizations and receive legal, medical and psychological assistance.",
    "A national referral mechanism sets out the responsibilities of each ministry and of the non-governmental organizations that assist victims.",
    "Bilateral agreements with neighbouring countries provide for the safe return of victims and for the exchange of information between law enforcement authorities.",
    "Awareness campaigns targeted young people, migrant workers and employers in the sectors where forced labour is most often reported.",
    "The national statistical office and the ministry of justice agreed on common definitions for the collection of data on victims and offenders.",
    "A national rapporteur reports every year to Parliament on the implementation of the legislation and on the results achieved.",
];

fn narrative(numbers: &mut Numbers, who: &str) -> String {
    let mut paragraphs = Vec::new();
    for _ in 0..2 {
        let sentences: Vec<&str> = (0..4)
            .map(|_| SENTENCES[numbers.next(SENTENCES.len() as u64) as usize])
            .collect();
        let text = sentences.join(" ");
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_lowercase().collect::<String>());
        paragraphs.push(format!(
            "In {who}, {}{}",
            first.unwrap_or_default(),
            chars.as_str()
        ));
    }
    paragraphs.join("\n\n")
}

/// The paragraphs addressed to a respondent of `kind` (and, for an organization, `code`:
/// a paragraph that names the organizations it addresses addresses no other).
fn addressed_to(mandate: &Value, kind: &str, code: Option<&str>) -> Vec<(String, Vec<String>)> {
    mandate["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .filter(|paragraph| {
            paragraph["addressees"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k == kind))
        })
        .filter(|paragraph| {
            let named = paragraph["addressed_entities"].as_array();
            match (code, named) {
                (Some(code), Some(named)) if !named.is_empty() => {
                    named.iter().any(|entity| entity == code)
                }
                _ => true,
            }
        })
        .map(|paragraph| {
            let facts = paragraph["expects"]
                .as_array()
                .map(|facts| {
                    facts
                        .iter()
                        .filter_map(|fact| fact["fact"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            (paragraph["number"].to_string(), facts)
        })
        .collect()
}

/// Treaty actions the depositary record confirms, for the instruments of `paragraph`.
fn treaty_actions(mandate: &Value, treaties: &Value, paragraph: &str, code: &str) -> Vec<Value> {
    let mut actions = Vec::new();
    let instruments = mandate["paragraphs"]
        .as_array()
        .and_then(|paragraphs| {
            paragraphs
                .iter()
                .find(|p| p["number"].as_u64().map(|n| n.to_string()).as_deref() == Some(paragraph))
        })
        .and_then(|p| p["expects"].as_array())
        .and_then(|facts| facts.iter().find(|fact| fact["fact"] == "treaty_actions"))
        .and_then(|fact| fact["instruments"].as_array())
        .cloned()
        .unwrap_or_default();
    for instrument in instruments {
        let Some(instrument) = mandate["instruments"]
            .as_array()
            .and_then(|list| list.iter().find(|i| i["code"] == instrument))
        else {
            continue;
        };
        let id = instrument["depositary_id"].as_str().unwrap_or_default();
        let Some(entry) = treaties["treaties"][id]["entries"]
            .as_array()
            .and_then(|entries| entries.iter().find(|e| e["iso3"] == code))
        else {
            continue;
        };
        if let Some(signed) = entry["signature"]
            .as_str()
            .filter(|date| *date <= "2009-08-12")
        {
            actions.push(
                json!({ "instrument": instrument["code"], "action": "signature", "date": signed }),
            );
        }
        let joined = &entry["instrument"];
        if joined["precision"] == "day"
            && let Some(date) = joined["date"].as_str().filter(|date| *date <= "2009-08-12")
        {
            let action = match joined["kind"].as_str() {
                Some("accession") => "accession",
                Some(_) => "ratification",
                None => continue,
            };
            actions
                .push(json!({ "instrument": instrument["code"], "action": action, "date": date }));
        }
    }
    actions
}

fn state_reply(mandate: &Value, treaties: &Value, code: &str, name: &str, seed: u64) -> Value {
    let mut numbers = Numbers(seed * 2_654_435_761 + 1);
    let mut paragraphs = serde_json::Map::new();
    for (number, facts) in addressed_to(mandate, "member_state", None) {
        let mut answer = serde_json::Map::new();
        for fact in facts {
            match fact.as_str() {
                "narrative" => {
                    answer.insert("narrative".into(), json!(narrative(&mut numbers, name)));
                }
                "treaty_actions" => {
                    let actions = treaty_actions(mandate, treaties, &number, code);
                    if !actions.is_empty() {
                        answer.insert("treaty_actions".into(), json!(actions));
                    }
                }
                "laws" => {
                    answer.insert("laws".into(), json!([{
                        "title": format!("Act No. {} on Combating Trafficking in Persons", 10 + numbers.next(90)),
                        "year": 2003 + numbers.next(6) as i64,
                        "forms": ["sexual_exploitation", "forced_labour", "slavery"],
                        "max_penalty_years": 8 + numbers.next(13)
                    }]));
                }
                "coordination" => {
                    answer.insert("coordination".into(), json!([{
                        "name": format!("National Commission against Trafficking in Persons of {name}"),
                        "scope": "national",
                        "established": 2002 + numbers.next(7) as i64
                    }]));
                }
                "statistics" => {
                    let mut counts = Vec::new();
                    for year in DATA_YEARS {
                        let victims = 20 + numbers.next(400);
                        let investigations = 10 + numbers.next(200);
                        let prosecutions = 5 + numbers.next(100);
                        let convictions = numbers.next(prosecutions + 1);
                        for (measure, value) in [
                            ("victims_identified", victims),
                            ("investigations", investigations),
                            ("prosecutions", prosecutions),
                            ("convictions", convictions),
                        ] {
                            counts
                                .push(json!({ "year": year, "measure": measure, "value": value }));
                        }
                    }
                    answer.insert("statistics".into(), json!(counts));
                }
                "position" => {
                    let positions = ["supports", "opposes", "under_consideration"];
                    answer.insert(
                        "position".into(),
                        json!(positions[numbers.next(3) as usize]),
                    );
                }
                "contributions" => {
                    answer.insert(
                        "contributions".into(),
                        json!([{
                            "amount": 10_000 * (1 + numbers.next(50)),
                            "currency": "USD",
                            "year": 2008,
                            "purpose": "technical assistance to countries of origin"
                        }]),
                    );
                }
                _ => {}
            }
        }
        paragraphs.insert(number, Value::Object(answer));
    }
    json!({
        "format": "report-reply/1",
        "illustrative": true,
        "respondent": { "kind": "member_state", "code": code },
        "submitted": "2009-04-20",
        "language": "en",
        "paragraphs": paragraphs
    })
}

fn organization_reply(mandate: &Value, code: &str, kind: &str, seed: u64) -> Value {
    let mut numbers = Numbers(seed * 2_654_435_761 + 7);
    let mut paragraphs = serde_json::Map::new();
    for (number, facts) in addressed_to(mandate, kind, Some(code)) {
        let mut answer = serde_json::Map::new();
        answer.insert(
            "narrative".into(),
            json!(narrative(&mut numbers, "its programmes")),
        );
        if facts.iter().any(|fact| fact == "coordination") {
            answer.insert(
                "coordination".into(),
                json!([{
                    "name": "Inter-Agency Coordination Group against Trafficking in Persons (ICAT)",
                    "scope": "international",
                    "established": 2007
                }]),
            );
        }
        paragraphs.insert(number, Value::Object(answer));
    }
    json!({
        "format": "report-reply/1",
        "illustrative": true,
        "respondent": { "kind": kind, "code": code },
        "submitted": "2009-04-20",
        "language": "en",
        "paragraphs": paragraphs
    })
}
