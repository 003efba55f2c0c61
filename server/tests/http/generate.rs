//! The synthetic corpus generator: deterministic, and importable by the server.

use crate::common::{expect_error, Server};
use difang_server::generate::{generate, GenerateOptions};
use std::path::Path;

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["", "articles", "media"] {
        let mut entries: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        for p in entries {
            out.push((
                p.strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    out
}

#[tokio::test]
async fn same_seed_same_files_and_it_imports() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    let opts = |out: &Path, seed| GenerateOptions {
        articles: 1200,
        comments_per_thread: 150,
        threads: 2,
        out: out.to_owned(),
        seed,
    };
    generate(&opts(a.path(), 7)).unwrap();
    generate(&opts(b.path(), 7)).unwrap();
    generate(&opts(c.path(), 8)).unwrap();
    let fa = files(a.path());
    assert_eq!(fa, files(b.path()));
    assert_ne!(fa, files(c.path()));
    assert_eq!(
        fa.iter()
            .filter(|(n, _)| n.starts_with("articles/"))
            .count(),
        3,
        "500 articles a file"
    );

    let content = a.path().to_owned();
    let s = Server::start_with(|cfg| cfg.content_dir = content).await;
    let article = s.get_json("/api/v1/articles/1").await;
    assert_eq!(article["comment_count"], 150);
    let thread = s.get_json("/api/v1/articles/1/comments?limit=50").await;
    assert!(thread["total"].as_u64().unwrap() > 50);
    assert!(thread["next_cursor"].is_string());
    expect_error(s.get("/api/v1/articles/1201").await, 404, "not_found").await;
    assert_eq!(s.get("/media/gen-0.svg").await.status(), 200);
}

#[tokio::test]
async fn a_bad_content_file_is_a_clear_startup_error() {
    let dir = tempfile::tempdir().unwrap();
    generate(&GenerateOptions {
        articles: 3,
        comments_per_thread: 0,
        threads: 0,
        out: dir.path().to_owned(),
        seed: 1,
    })
    .unwrap();
    std::fs::write(
        dir.path().join("articles/zz-bad.json"),
        r#"{"id": 99, "channel": "nope", "title": "t", "published_at": "2017-06-16T07:32:00+08:00", "excerpt": "", "body": []}"#,
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut cfg = crate::common::config(data.path());
    cfg.content_dir = dir.path().to_owned();
    let err = difang_server::start(cfg.clone())
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("zz-bad.json") && err.contains("unknown channel"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("articles/zz-bad.json"),
        r#"{"id": 99, "lead_image": {"url": "javascript:alert(1)"}}"#,
    )
    .unwrap();
    let err = difang_server::start(cfg)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("zz-bad.json"), "{err}");
}
