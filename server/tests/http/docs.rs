//! Every example in docs/content-api.md is marked with its type and parses as that `model` type.

use std::path::Path;

fn check(kind: &str, json: &str) -> Result<(), String> {
    fn parse<T: serde::de::DeserializeOwned>(json: &str) -> Result<(), String> {
        serde_json::from_str::<T>(json)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    match kind {
        "Site" => parse::<model::Site>(json),
        "Page<ArticleSummary>" => parse::<model::Page<model::ArticleSummary>>(json),
        "Article" => parse::<model::Article>(json),
        "SearchPage" => parse::<model::SearchPage>(json),
        "ListingPage" => parse::<model::ListingPage>(json),
        "Widget" => parse::<model::Widget>(json),
        "WidgetSet" => parse::<model::WidgetSet>(json),
        "CommentPage" => parse::<model::CommentPage>(json),
        "Comment" => parse::<model::Comment>(json),
        "CommentTrail" => parse::<model::CommentTrail>(json),
        "NewComment" => parse::<model::NewComment>(json),
        "LiveFeed" => parse::<model::LiveFeed>(json),
        "LiveUpdate" => parse::<model::LiveUpdate>(json),
        "NewLiveUpdate" => parse::<model::NewLiveUpdate>(json),
        "ApiError" => parse::<model::ApiError>(json),
        "OEmbed" => parse::<model::embed::OEmbed>(json),
        "ContentArticle" => parse::<model::content::ContentArticle>(json),
        "Published" => parse::<model::content::Published>(json),
        "Items<DeskComment>" => parse::<model::desk::Items<model::desk::DeskComment>>(json),
        "Items<DeskArticle>" => parse::<model::desk::Items<model::desk::DeskArticle>>(json),
        "ReportReceived" => {
            let v: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
            (v == serde_json::json!({"status": "received"}))
                .then_some(())
                .ok_or_else(|| "not {\"status\":\"received\"}".into())
        }
        other => Err(format!("unknown example type {other:?}")),
    }
}

#[test]
fn every_documented_example_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/content-api.md");
    let doc = std::fs::read_to_string(&path).expect("docs/content-api.md");
    let lines: Vec<&str> = doc.lines().collect();
    let mut checked = std::collections::BTreeMap::<String, usize>::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.starts_with("```json") {
            let marker = i.checked_sub(1).map(|j| lines[j].trim()).unwrap_or("");
            let kind = marker
                .strip_prefix("<!-- example: ")
                .and_then(|m| m.strip_suffix(" -->"))
                .unwrap_or_else(|| {
                    panic!(
                        "line {}: ```json block without a <!-- example: Type --> line before it",
                        i + 1
                    )
                });
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].trim() == "```")
                .expect("closing fence");
            let json = lines[i + 1..end].join("\n");
            if let Err(e) = check(kind, &json) {
                panic!("line {}: example {kind} does not parse: {e}", i + 1);
            }
            *checked.entry(kind.to_owned()).or_default() += 1;
            i = end;
        } else if line.starts_with("<!-- example:") {
            assert!(
                lines
                    .get(i + 1)
                    .is_some_and(|l| l.trim().starts_with("```json")),
                "line {}: marker not followed by ```json",
                i + 1
            );
        }
        i += 1;
    }
    for kind in [
        "Site",
        "Page<ArticleSummary>",
        "Article",
        "Widget",
        "WidgetSet",
        "CommentPage",
        "Comment",
        "CommentTrail",
        "ApiError",
        "ContentArticle",
        "Published",
        "Items<DeskComment>",
        "Items<DeskArticle>",
        "LiveFeed",
        "LiveUpdate",
    ] {
        assert!(checked.contains_key(kind), "no example of {kind}");
    }
}
