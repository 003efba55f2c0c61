//! The WordPress source against a real WordPress (Debian's, started by `scripts/test.sh` through
//! `scripts/wordpress.sh`): its category tree and posts as the site, edits followed within an interval,
//! posts unpublished, trashed and deleted taken down, and a CMS in trouble that leaves the site up.
//!
//! `DIFANG_TEST_WORDPRESS` names the folder of a running, seeded instance with plain permalinks, shared
//! by the tests here (each edits posts of its own); `DIFANG_TEST_WORDPRESS_PRETTY` one with pretty
//! permalinks that only the failure test uses (it breaks its REST API on purpose). Without them (a bare
//! `cargo test`) these tests say so and pass; under CI (`CI` set) they fail.

use crate::common::Server;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A running instance of `scripts/wordpress.sh`.
struct Wp {
    dir: PathBuf,
    url: String,
}

fn instance(var: &str) -> Option<Wp> {
    let Ok(dir) = std::env::var(var) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{var} is not set: scripts/test.sh starts WordPress for these tests"
        );
        eprintln!("skipped: {var} is not set (scripts/test.sh starts WordPress for these tests)");
        return None;
    };
    let dir = PathBuf::from(dir);
    let url = std::fs::read_to_string(dir.join("url"))
        .unwrap_or_else(|e| panic!("{}/url: {e}", dir.display()))
        .trim()
        .to_owned();
    Some(Wp { dir, url })
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/wordpress.sh")
}

impl Wp {
    /// An editor's action (`scripts/wordpress.sh wp DIR …`); its last line of output.
    fn wp(&self, args: &[&str]) -> String {
        let out = Command::new(script())
            .arg("wp")
            .arg(&self.dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "wp {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .to_owned()
    }

    fn fault(&self, mode: &str) {
        let ok = Command::new(script())
            .args(["fault"])
            .arg(&self.dir)
            .arg(mode)
            .status()
            .unwrap()
            .success();
        assert!(ok, "fault {mode}");
    }

    fn origin(&self) -> String {
        self.url.trim_end_matches('/').to_owned()
    }
}

/// A server following `wp` every second, on a fresh database.
async fn following(wp: &Wp) -> Server {
    let url = wp.url.clone();
    Server::start_with(|c| {
        c.wordpress = Some(url);
        c.sync_interval = Duration::from_secs(1);
    })
    .await
}

/// Waits until `check` holds, at most `secs` seconds (the sync runs every second).
async fn within(secs: u64, what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(Instant::now() < deadline, "not within {secs} s: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn content(path: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../content")
        .join(path);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Every string a value holds, however deep.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn a_real_wordpress_is_the_site() {
    let Some(wp) = instance("DIFANG_TEST_WORDPRESS") else {
        return;
    };
    let s = following(&wp).await;
    // Categories are the places and channels, descriptions the taglines.
    let site = s.get_json("/api/v1/site").await;
    let demo = content("site.json");
    assert_eq!(site["regions"][0]["slug"], "sichuan");
    assert_eq!(site["regions"][0]["cities"][0]["name"], "资阳市");
    let ch = &site["regions"][0]["cities"][0]["channels"][0];
    assert_eq!(ch["slug"], "ziyang-news");
    assert_eq!(
        ch["tagline"],
        demo["regions"][0]["cities"][0]["channels"][0]["tagline"]
    );
    // The demo content is not imported beside WordPress: only posts are articles (9001, 9002 are posts).
    let hc = s.get_json("/healthz").await;
    assert_eq!(hc["wordpress"]["state"], "ok", "{hc}");
    // The seed article, verbatim, with its four sections as headings.
    let seed: Value = content("articles/1001-wenming-chengshi-chuangjian.json");
    let a = s.get_json("/api/v1/articles/1001").await;
    assert_eq!(a["title"], seed["title"]);
    assert_eq!(a["source"], "资阳日报");
    assert_eq!(a["origin_url"], seed["origin_url"]);
    assert_eq!(a["author"], "资阳日报编辑");
    assert_eq!(
        a["tags"],
        json!(["资阳", "资阳新闻"]),
        "tags in WordPress's order"
    );
    // The featured image: WordPress's attachment, its size and alt text, on WordPress's origin.
    let with_image = s.get_json("/api/v1/articles/1002").await;
    let seed_image = &content("articles/1002-yanjiang-kangfu-zhongxin.json")["lead_image"];
    let image = &with_image["lead_image"];
    assert_eq!(
        image["url"],
        format!("{}/wp-content/uploads/media/rehab-center.svg", wp.origin())
    );
    for field in ["width", "height", "alt"] {
        assert_eq!(image[field], seed_image[field], "{field}");
    }
    assert_eq!(
        a["published_at"], seed["published_at"],
        "the post's date in the site's offset"
    );
    let names: Vec<&str> = a["breadcrumb"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["地方网", "四川", "资阳市", "资阳新闻"]);
    let headings = |v: &Value| -> Vec<Value> {
        v["body"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["type"] == "heading")
            .map(|b| b["text"].clone())
            .collect()
    };
    assert_eq!(headings(&a).len(), 4);
    assert_eq!(headings(&a), headings(&seed));
    assert_eq!(
        a["body"], seed["body"],
        "the seed article's body comes through WordPress unchanged"
    );
    // Core blocks the model has as data.
    let rich = s.get_json("/api/v1/articles/9001").await;
    let kinds: Vec<&str> = rich["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap())
        .collect();
    for kind in [
        "table", "gallery", "video", "embed", "quote", "list", "image", "heading",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let gallery = rich["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "gallery")
        .unwrap();
    for f in gallery["images"].as_array().unwrap() {
        assert!(
            f["image"]["url"]
                .as_str()
                .unwrap()
                .starts_with(&wp.origin()),
            "images stay on WordPress: {f}"
        );
        assert!(f["image"]["width"].as_u64().unwrap() > 0);
    }
    let embed = rich["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "embed")
        .unwrap();
    assert_eq!(embed["provider"], "YouTube");
    // Hostile HTML: the ordinary text stays, nothing that could run comes through.
    let hostile = s.get_json("/api/v1/articles/9002").await;
    let mut texts = Vec::new();
    strings(&hostile["body"], &mut texts);
    assert!(texts.iter().any(|t| t.contains("必须保留")), "{texts:?}");
    for t in &texts {
        let lower = t.to_ascii_lowercase();
        assert!(
            !lower.contains("__pwned") && !lower.contains("<script") && !lower.contains("onerror"),
            "{t}"
        );
        assert!(
            !lower.starts_with("javascript:") && !lower.starts_with("data:"),
            "{t}"
        );
    }
    // Pages may show WordPress's images: its origin is in the CSP.
    let page = s.get("/a/1001").await;
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains(&format!("img-src 'self' data: {}", wp.origin())),
        "{csp}"
    );
}

#[tokio::test]
async fn edits_and_takedowns_are_followed_within_an_interval() {
    let Some(wp) = instance("DIFANG_TEST_WORDPRESS") else {
        return;
    };
    let s = following(&wp).await;
    // Posts of this test's own, so the shared WordPress can serve the other tests too.
    let ids: Vec<String> = (1..=3)
        .map(|n| {
            wp.wp(&[
                "create",
                "anyue-news",
                &format!("同步测试 {n}"),
                "<p>正文。</p><h2>小标题</h2><p>更多。</p>",
            ])
        })
        .collect();
    let article = |id: &str| format!("/api/v1/articles/{id}");
    let status = |s: &Server, id: &str| {
        let url = s.url(&article(id));
        let client = s.client.clone();
        async move { client.get(url).send().await.unwrap().status().as_u16() }
    };
    for id in &ids {
        within(6, "a new post appears", async || {
            status(&s, id).await == 200
        })
        .await;
    }
    let listed = |s: &Server| {
        let url = s.url("/api/v1/channels/anyue-news/articles?limit=50");
        let client = s.client.clone();
        async move {
            let v: Value = client.get(url).send().await.unwrap().json().await.unwrap();
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].to_string())
                .collect::<Vec<_>>()
        }
    };
    let now = listed(&s).await;
    assert!(ids.iter().all(|id| now.contains(id)), "{now:?}");
    // An edit is there within an interval and a bit.
    wp.wp(&["edit", &ids[0], "title=同步测试 改过"]);
    within(6, "the edit shows", async || {
        s.get_json(&article(&ids[0])).await["title"] == "同步测试 改过"
    })
    .await;
    // Unpublished, trashed, deleted: 410 and out of the channel's list.
    wp.wp(&["unpublish", &ids[0]]);
    wp.wp(&["trash", &ids[1]]);
    wp.wp(&["delete", &ids[2]]);
    for id in &ids {
        within(6, "taken down", async || status(&s, id).await == 410).await;
    }
    let now = listed(&s).await;
    assert!(ids.iter().all(|id| !now.contains(id)), "{now:?}");
    assert_eq!(s.get(&format!("/a/{}", ids[1])).await.status(), 410);
    // Published again: back. Out of the trash WordPress restores a draft: still gone.
    wp.wp(&["publish", &ids[0]]);
    wp.wp(&["untrash", &ids[1]]);
    within(6, "published again", async || {
        status(&s, &ids[0]).await == 200
    })
    .await;
    assert_eq!(status(&s, &ids[1]).await, 410);
    // A channel's description is its tagline.
    wp.wp(&[
        "category",
        "nanchong-news",
        "description=南充新闻,同步测试的标语。",
    ]);
    let tagline = async || {
        let site = s.get_json("/api/v1/site").await;
        site["regions"][0]["cities"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["channels"].as_array().unwrap().clone())
            .find(|c| c["slug"] == "nanchong-news")
            .map(|c| c["tagline"].clone())
    };
    within(6, "the tagline follows", async || {
        tagline().await == Some(Value::from("南充新闻,同步测试的标语。"))
    })
    .await;
    let demo = content("site.json");
    let original = demo["regions"][0]["cities"][2]["channels"][0]["tagline"]
        .as_str()
        .unwrap()
        .to_owned();
    wp.wp(&[
        "category",
        "nanchong-news",
        &format!("description={original}"),
    ]);
}

#[tokio::test]
async fn a_sync_is_seen_whole_or_not_at_all() {
    let Some(wp) = instance("DIFANG_TEST_WORDPRESS") else {
        return;
    };
    let s = following(&wp).await;
    let ids: Vec<String> = (1..=20)
        .map(|n| {
            wp.wp(&[
                "create",
                "lezhi-news",
                &format!("批量 {n}"),
                "<p>正文。</p>",
            ])
        })
        .collect();
    for id in &ids {
        within(6, "posts appear", async || {
            s.get(&format!("/api/v1/articles/{id}")).await.status() == 200
        })
        .await;
    }
    // Twenty edits in one WordPress transaction; a reader polling the channel sees none or all of them.
    let mut args = vec!["retitle", "(二版)"];
    args.extend(ids.iter().map(String::as_str));
    let editor = {
        let (dir, args) = (
            wp.dir.clone(),
            args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        );
        std::thread::spawn(move || {
            Wp {
                dir,
                url: String::new(),
            }
            .wp(&args.iter().map(String::as_str).collect::<Vec<_>>())
        })
    };
    let mut seen = std::collections::BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let page = s
            .get_json("/api/v1/channels/lezhi-news/articles?limit=50")
            .await;
        let edited = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| ids.contains(&i["id"].to_string()))
            .filter(|i| i["title"].as_str().unwrap().ends_with("(二版)"))
            .count();
        seen.insert(edited);
        if edited == 20 || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    editor.join().unwrap();
    assert!(
        seen.iter().all(|n| *n == 0 || *n == 20),
        "partial states seen: {seen:?}"
    );
    assert!(seen.contains(&20), "the edits arrived");
}

#[test]
fn a_cms_in_trouble_leaves_the_site_up_and_says_so_once() {
    let Some(wp) = instance("DIFANG_TEST_WORDPRESS_PRETTY") else {
        return;
    };
    wp.fault("none");
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_difang-server"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--sync-interval",
            "1",
            "--log-level",
            "warn,difang_server=info",
        ])
        .arg("--wordpress")
        .arg(&wp.url)
        .args(crate::common::store_args(data.path()))
        .arg("--dist-dir")
        .arg(crate::common::fixture("dist"))
        .arg("--content-dir")
        .arg(crate::common::fixture("content"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let base = line
        .trim()
        .strip_prefix("Difang is running at ")
        .unwrap_or_else(|| panic!("{line:?}"))
        .to_owned();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = reqwest::Client::new();
        let get = |path: &str| {
            let (client, url) = (
                client.clone(),
                format!("{base}{}", path.trim_start_matches('/')),
            );
            async move { client.get(url).send().await.unwrap() }
        };
        let health = async || -> Value { get("/healthz").await.json().await.unwrap() };
        // Found through the pretty permalinks' root (/wp-json/), synced.
        assert_eq!(get("/api/v1/articles/1001").await.status(), 200);
        for mode in ["500", "html", "badjson", "slow"] {
            wp.fault(mode);
            within(
                15,
                &format!("{mode}: the sync reports the failure"),
                async || health().await["wordpress"]["state"] == "failing",
            )
            .await;
            let h = health().await;
            assert!(h["wordpress"]["last_error"].is_string(), "{h}");
            // The last good content is served all along.
            assert_eq!(get("/api/v1/articles/1001").await.status(), 200, "{mode}");
            assert_eq!(get("/a/1001").await.status(), 200, "{mode}");
            wp.fault("none");
            within(25, &format!("{mode}: recovered"), async || {
                health().await["wordpress"]["state"] == "ok"
            })
            .await;
        }
    });
    wp.fault("none");
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
    // Once per change of state: each fault logged when it starts and when it ends, never per retry.
    let failing = log.matches("WordPress sync failing").count();
    let recovered = log.matches("WordPress sync works again").count();
    assert_eq!((failing, recovered), (4, 4), "{log}");
}
