//! The synthetic corpus generator: deterministic, and importable by the server.

use crate::common::{expect_error, Server};
use difang_server::sources::generate::{generate, GenerateOptions};
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

/// 猜你喜欢 for an article outside the newest 2,000 is shared by every such article (leaving the article out
/// of a window it is not in changes nothing); it must equal the per-article query exactly, as must the
/// shared lists of the other kinds with their article taken out.
#[tokio::test]
async fn shared_widget_lists_equal_the_per_article_queries() {
    let dir = tempfile::tempdir().unwrap();
    generate(&GenerateOptions {
        articles: 2100,
        comments_per_thread: 0,
        threads: 0,
        out: dir.path().to_owned(),
        seed: 3,
    })
    .unwrap();
    let content = dir.path().to_owned();
    let s = Server::start_with(|cfg| {
        cfg.content_dir = content;
        cfg.cache_ttl = std::time::Duration::from_secs(30);
    })
    .await;
    // The query of 猜你喜欢 for one article, as it was before lists were shared.
    let reference = |id: i64| {
        let sql = format!(
            "SELECT a.id FROM (
               SELECT *, ROW_NUMBER() OVER (PARTITION BY channel ORDER BY published_ns DESC, id DESC) AS rn
               FROM (SELECT * FROM articles WHERE id != {id} ORDER BY published_ns DESC, id DESC LIMIT 2000) w
             ) a ORDER BY a.rn, a.published_ns DESC, a.id DESC LIMIT 24"
        );
        let s = &s;
        async move {
            s.query(&sql)
                .await
                .into_iter()
                .map(|r| r[0].as_deref().unwrap().parse::<u64>().unwrap())
                .collect::<Vec<_>>()
        }
    };
    // 5 and 50 are older than the window (shared list), 2050 and 101 are in it (their own list).
    for id in [5_i64, 50, 2050, 101] {
        let set = s
            .get_json(&format!(
                "/api/v1/widgets?kinds=guess-you-like,hot-reading&article={id}"
            ))
            .await;
        let got: Vec<u64> = set["widgets"][0]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_u64().unwrap())
            .collect();
        assert_eq!(got, reference(id).await, "article {id}");
        assert!(!got.contains(&(id as u64)));
        let hot = &set["widgets"][1]["items"];
        assert_eq!(hot.as_array().unwrap().len(), 6, "article {id}");
        assert!(!hot.as_array().unwrap().iter().any(|i| i["id"] == id));
    }
}
