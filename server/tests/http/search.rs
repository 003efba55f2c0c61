//! Search (`GET /api/v1/search`): Chinese without spaces, 1–2 character words, title hits first, highlights
//! as spans, channel and date filters, cursor paging, validation, and the index following the publishing API.

use crate::common::{expect_error, Server};
use difang_server::auth;
use serde_json::{json, Value};
use std::path::Path;

/// A server on the demo content (`content/`, the seed article 1001 among it).
async fn demo() -> Server {
    Server::start_with(|c| {
        c.content_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    })
    .await
}

fn search(q: &str, rest: &str) -> String {
    format!("/api/v1/search?q={}{rest}", model::paths::encode(q))
}

fn hit_ids(v: &Value) -> Vec<u64> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["article"]["id"].as_u64().unwrap())
        .collect()
}

/// Spans written with `[hit]` marks, as a check reads best.
fn marked(spans: &Value) -> String {
    spans
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = s["text"].as_str().unwrap();
            if s["hit"].as_bool().unwrap() {
                format!("[{t}]")
            } else {
                t.to_owned()
            }
        })
        .collect()
}

async fn token(s: &Server) -> String {
    let t = auth::new_token().unwrap();
    s.store()
        .token_add("search", "publisher", &auth::digest(&t))
        .await
        .unwrap();
    t
}

fn article(id: u64, channel: &str, day: &str, title: &str, text: &str) -> Value {
    json!({
        "id": id, "channel": channel, "title": title, "source": "测试",
        "published_at": format!("{day}T09:30:00+08:00"), "excerpt": "摘要。",
        "body": [{"type": "paragraph", "text": text},
                 {"type": "image", "image": {"url": "/media/x-蜜柚节.jpg", "width": 4, "height": 3, "alt": ""}}]
    })
}

async fn put(s: &Server, t: &str, a: &Value) {
    let res = s
        .client
        .put(s.url(&format!("/api/v1/admin/articles/{}", a["id"])))
        .header("authorization", format!("Bearer {t}"))
        .header("content-type", "application/json")
        .body(a.to_string())
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "put: {}", res.status());
}

/// Every page of a search, following its cursors: the ids in order, and the totals each page gave.
async fn all_pages(s: &Server, q: &str, rest: &str) -> (Vec<u64>, Vec<u64>) {
    let (mut ids, mut totals) = (Vec::new(), Vec::new());
    let mut cursor: Option<String> = None;
    loop {
        let c = cursor
            .as_deref()
            .map(|c| format!("&cursor={c}"))
            .unwrap_or_default();
        let v = s.get_json(&search(q, &format!("{rest}{c}"))).await;
        let page: model::SearchPage = serde_json::from_value(v.clone()).unwrap();
        assert!(page.items.len() <= 50);
        ids.extend(hit_ids(&v));
        totals.push(page.total as u64);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return (ids, totals),
        }
    }
}

#[tokio::test]
async fn finds_the_seed_article_without_spaces_and_by_two_characters() {
    let s = demo().await;
    let v = s.get_json(&search("文明城市", "")).await;
    assert_eq!(v["query"], "文明城市");
    assert_eq!(hit_ids(&v)[0], 1001, "{v}");
    let first = &v["items"][0];
    assert_eq!(
        marked(&first["title"]),
        "坚决打好[文明城市]创建总体仗中共资阳市雁江区委、雁江区人民政府"
    );
    let snippet = marked(&first["snippet"]);
    assert!(snippet.contains("[文明城市]"), "{snippet}");
    assert!(snippet.chars().count() <= 90, "{snippet}");
    assert_eq!(first["article"]["channel"]["name"], "资阳新闻");
    // The answer is the contract's type.
    let page: model::SearchPage = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(page.total as usize, page.items.len());

    // Two characters (shorter than the trigram index's three): title hits first, then body-only ones,
    // each group newest first.
    let v = s.get_json(&search("资阳", "")).await;
    assert_eq!(hit_ids(&v), [1001, 1007, 1003, 1005, 1002], "{v}");
    assert_eq!(v["total"], 5);
    assert_eq!(
        marked(&v["items"][1]["title"]),
        "[资阳]启动“除陋习·树新风”系列宣传教育活动"
    );
    let snippet = marked(&v["items"][2]["snippet"]);
    assert!(snippet.contains("[资阳]"), "{snippet}");
    // One character, and words that must all match.
    assert!(hit_ids(&s.get_json(&search("柠", "")).await).contains(&1010));
    let v = s.get_json(&search(" 资阳  文明城市 ", "")).await;
    assert_eq!(v["query"], "资阳 文明城市");
    // 1007 has 资阳 in its title and 文明城市 in its body.
    assert_eq!(hit_ids(&v), [1001, 1007]);
    assert_eq!(
        marked(&v["items"][0]["title"]),
        "坚决打好[文明城市]创建总体仗中共[资阳]市雁江区委、雁江区人民政府"
    );
    // Nothing found is an empty page, not an error; LIKE's wildcards are plain characters.
    for q in ["不存在的词语", "%", "_"] {
        let v = s.get_json(&search(q, "")).await;
        assert_eq!(v["total"], 0, "{q}");
        assert!(v["next_cursor"].is_null());
    }
}

#[tokio::test]
async fn title_hits_rank_first_and_cursors_page_without_gaps_or_repeats() {
    let s = Server::start().await;
    let t = token(&s).await;
    // Seven with the word in the title, eight with it in the body alone, over a month, two channels.
    let mut title = Vec::new();
    let mut body = Vec::new();
    for i in 0..15u64 {
        let day = format!("2026-11-{:02}", 1 + (i * 7) % 28);
        let channel = if i % 2 == 0 {
            "anyue-news"
        } else {
            "ziyang-news"
        };
        let a = if i < 7 {
            title.push(i);
            article(
                600 + i,
                channel,
                &day,
                &format!("第{i}届柠檬节开幕"),
                "游客很多。",
            )
        } else {
            body.push(i);
            article(
                600 + i,
                channel,
                &day,
                &format!("安岳新闻{i}"),
                &format!("{}本届柠檬节开幕。", "前文".repeat(i as usize * 5)),
            )
        };
        put(&s, &t, &a).await;
    }
    let day_of = |i: u64| 1 + (i * 7) % 28;
    let order = |mut v: Vec<u64>| {
        v.sort_by_key(|&i| (std::cmp::Reverse(day_of(i)), std::cmp::Reverse(i)));
        v.into_iter().map(|i| 600 + i).collect::<Vec<u64>>()
    };
    let mut expected = order(title.clone());
    expected.extend(order(body.clone()));
    for q in ["柠檬节", "柠檬节 开幕"] {
        for limit in [1, 4, 7, 50] {
            let (ids, totals) = all_pages(&s, q, &format!("&limit={limit}")).await;
            assert_eq!(ids, expected, "{q} limit {limit}");
            assert!(totals.iter().all(|&n| n == 15), "{totals:?}");
        }
    }
    // A body-only hit's snippet is cut around the match and marked; its title has no hit.
    let v = s.get_json(&search("柠檬节", "&limit=50")).await;
    let last = &v["items"][14];
    let title = format!("安岳新闻{}", expected[14] - 600);
    assert_eq!(last["title"], json!([{"text": title, "hit": false}]));
    let snippet = marked(&last["snippet"]);
    assert!(
        snippet.starts_with('…') && snippet.contains("[柠檬节]"),
        "{snippet}"
    );
    // The image's address is not searched.
    assert_eq!(s.get_json(&search("蜜柚节", "")).await["total"], 0);

    // Channel and date filters (dates are the site's days, both ends included).
    let (ids, _) = all_pages(&s, "柠檬节", "&channel=anyue-news&limit=3").await;
    let anyue: Vec<u64> = expected
        .iter()
        .copied()
        .filter(|id| (id - 600) % 2 == 0)
        .collect();
    assert_eq!(ids, anyue);
    let (ids, _) = all_pages(&s, "柠檬节", "&from=2026-11-08&to=2026-11-15&limit=2").await;
    let week: Vec<u64> = expected
        .iter()
        .copied()
        .filter(|id| (8..=15).contains(&day_of(id - 600)))
        .collect();
    assert!(!week.is_empty());
    assert_eq!(ids, week);
    let (ids, _) = all_pages(&s, "柠檬节", "&from=2026-11-29").await;
    assert!(ids.is_empty());
    // An unknown channel is a 404, like its page.
    expect_error(
        s.get(&search("柠檬节", "&channel=nowhere")).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn bad_parameters_are_400_json() {
    let s = Server::start().await;
    let long = "字".repeat(101);
    for (path, code) in [
        ("/api/v1/search".to_owned(), "validation"),
        (search("", ""), "validation"),
        (search("   ", ""), "validation"),
        (search(&long, ""), "validation"),
        (search("a b c d e f g h i", ""), "validation"),
        (search("资阳", "&from=2026-13-01"), "validation"),
        (search("资阳", "&to=2026-1-1"), "validation"),
        (
            search("资阳", "&from=2026-02-02&to=2026-02-01"),
            "validation",
        ),
        (search("资阳", "&limit=0"), "invalid_limit"),
        (search("资阳", "&limit=51"), "invalid_limit"),
        (search("资阳", "&limit=x"), "invalid_limit"),
        (search("资阳", "&cursor=MTcwMC40MS4w"), "invalid_cursor"),
    ] {
        let e = expect_error(s.get(&path).await, 400, code).await;
        assert!(!e["message"].as_str().unwrap().is_empty(), "{path}");
    }
    // 100 characters are fine; a cursor from another query is refused.
    assert_eq!(s.get(&search(&"字".repeat(100), "")).await.status(), 200);
    let t = token(&s).await;
    for i in 0..3 {
        put(
            &s,
            &t,
            &article(700 + i, "anyue-news", "2026-11-01", "柚子节", ""),
        )
        .await;
    }
    let v = s.get_json(&search("柚子节", "&limit=1")).await;
    let c = v["next_cursor"].as_str().unwrap();
    let other = search("柚子", &format!("&limit=1&cursor={c}"));
    expect_error(s.get(&other).await, 400, "invalid_cursor").await;
}

#[tokio::test]
async fn the_index_follows_the_publishing_api() {
    let s = Server::start().await;
    let t = token(&s).await;
    let q = search("龙舟赛", "");
    assert_eq!(s.get_json(&q).await["total"], 0);
    put(
        &s,
        &t,
        &article(
            800,
            "anyue-news",
            "2026-11-02",
            "端午节",
            "今年的龙舟赛在岳阳镇举行。",
        ),
    )
    .await;
    assert_eq!(hit_ids(&s.get_json(&q).await), [800]);
    // Updated: the old words are gone, the new ones found, in the title now.
    put(
        &s,
        &t,
        &article(
            800,
            "anyue-news",
            "2026-11-02",
            "赛龙舟",
            "今年改在城南举行。",
        ),
    )
    .await;
    assert_eq!(s.get_json(&q).await["total"], 0);
    let v = s.get_json(&search("赛龙舟", "")).await;
    assert_eq!(hit_ids(&v), [800]);
    assert_eq!(marked(&v["items"][0]["title"]), "[赛龙舟]");
    assert_eq!(hit_ids(&s.get_json(&search("城南", "")).await), [800]);
    // Taken down: found no more, by long or short words.
    let res = s
        .client
        .delete(s.url("/api/v1/admin/articles/800"))
        .header("authorization", format!("Bearer {t}"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(s.get_json(&search("赛龙舟", "")).await["total"], 0);
    assert_eq!(s.get_json(&search("城南", "")).await["total"], 0);
    // And published again.
    put(
        &s,
        &t,
        &article(800, "anyue-news", "2026-11-02", "赛龙舟", ""),
    )
    .await;
    assert_eq!(hit_ids(&s.get_json(&search("赛龙舟", "")).await), [800]);
    // A page whose results were all taken down since is empty, and still counts the rest.
    for id in [801, 802] {
        put(
            &s,
            &t,
            &article(id, "anyue-news", "2026-11-02", "赛龙舟", ""),
        )
        .await;
    }
    let v = s.get_json(&search("赛龙舟", "&limit=2")).await;
    assert_eq!(
        (hit_ids(&v), v["total"].as_u64()),
        (vec![802, 801], Some(3))
    );
    let res = s
        .client
        .delete(s.url("/api/v1/admin/articles/800"))
        .header("authorization", format!("Bearer {t}"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let next = search(
        "赛龙舟",
        &format!("&limit=2&cursor={}", v["next_cursor"].as_str().unwrap()),
    );
    let v = s.get_json(&next).await;
    assert_eq!((hit_ids(&v), v["total"].as_u64()), (vec![], Some(2)));
}

/// The search page (`/search?q=`) arrives drawn for its query, so it reads without JavaScript; each query
/// is drawn for itself (never another query's page from the page cache).
#[tokio::test]
async fn the_search_page_arrives_drawn_for_its_query() {
    let s = demo().await;
    let page = |q: &str| {
        let s = &s;
        let address = format!("/search?q={}", model::paths::encode(q));
        async move {
            let res = s.get(&address).await;
            assert_eq!(res.status().as_u16(), 200, "{address}");
            res.text().await.unwrap()
        }
    };
    let html = page("文明城市").await;
    assert!(html.contains("<mark>文明城市</mark>"), "{html}");
    assert!(html.contains("找到 2 篇与“文明城市”相关的文章"), "{html}");
    assert!(html.contains(r#"href="/a/1001""#), "{html}");
    // The API's answer is inlined for the app to start from.
    assert!(html.contains(r#""/api/v1/search?q=%E6%96%87%E6%98%8E%E5%9F%8E%E5%B8%82":"#));
    let other = page("乐至").await;
    assert!(!other.contains("<mark>文明城市</mark>"), "{other}");
    assert!(other.contains("<mark>乐至</mark>"), "{other}");
    // Asked again, the first query's page is its own again.
    assert!(page("文明城市").await.contains("<mark>文明城市</mark>"));
    // No query: the form and its hint, and nothing searched.
    let empty = s.get("/search").await.text().await.unwrap();
    assert!(empty.contains(r#"name="q""#), "{empty}");
    assert!(!empty.contains("/api/v1/search"), "{empty}");
}

/// Past `MAX_TOTAL` results `total` stays at 1000 (meaning 1000 or more), and the pages still give every
/// result once, in the order the channels' searches (each under the bound) give when merged: a store that
/// stops counting early must not change which results come or in what order.
#[tokio::test]
async fn a_common_word_is_counted_to_the_bound_and_pages_in_the_same_order() {
    use difang_server::sources::generate::{generate, site, GenerateOptions};
    let dir = tempfile::tempdir().unwrap();
    generate(&GenerateOptions {
        articles: 3000,
        comments_per_thread: 0,
        threads: 1,
        out: dir.path().to_owned(),
        seed: 1,
    })
    .unwrap();
    let s = Server::start_with(|c| c.content_dir = dir.path().to_owned()).await;
    // A body phrase (almost no title has it) and a title phrase (a few bodies have it alone).
    for q in ["目前各项工作进展顺利", "开展专项行动", "开展 工作"] {
        let (ids, totals) = all_pages(&s, q, "&limit=50").await;
        assert!(ids.len() > 1000, "{q}: {}", ids.len());
        assert!(totals.iter().all(|&n| n == 1000), "{q}: {totals:?}");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{q}: repeats");
        // The exact answers, channel by channel, merged in the search's order.
        let mut each = Vec::new();
        for ch in site()
            .regions
            .iter()
            .flat_map(|r| &r.cities)
            .flat_map(|c| &c.channels)
        {
            let rest = format!("&limit=50&channel={}", ch.slug);
            let mut cursor = String::new();
            loop {
                let v = s.get_json(&search(q, &format!("{rest}{cursor}"))).await;
                assert!(v["total"].as_u64().unwrap() < 1000);
                for item in v["items"].as_array().unwrap() {
                    let in_title = item["title"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|s| s["hit"] == true);
                    let a: model::ArticleSummary =
                        serde_json::from_value(item["article"].clone()).unwrap();
                    each.push((
                        !in_title,
                        std::cmp::Reverse(a.published_at),
                        std::cmp::Reverse(a.id),
                    ));
                }
                match v["next_cursor"].as_str() {
                    Some(c) => cursor = format!("&cursor={c}"),
                    None => break,
                }
            }
        }
        each.sort();
        let merged: Vec<u64> = each.into_iter().map(|(_, _, id)| id.0 .0).collect();
        assert_eq!(ids, merged, "{q}");
    }
}

/// Words of one or two characters come from an index of their own (SQLite V11, PostgreSQL V10–V11): found in
/// titles and bodies (titles first, newest first), never across punctuation or a space, ASCII case folded.
#[tokio::test]
async fn short_words_are_found_through_their_index_exactly() {
    let s = Server::start().await;
    let t = token(&s).await;
    for (id, day, title, text) in [
        (900, "2026-11-03", "渡南菜场开业", "今天5G网络开通。"),
        (901, "2026-11-04", "新闻", "渡,南两地;菜 场。"),
        (902, "2026-11-05", "菜场", "去渡南买菜。"),
    ] {
        put(&s, &t, &article(id, "anyue-news", day, title, text)).await;
    }
    assert_eq!(hit_ids(&s.get_json(&search("渡南", "")).await), [900, 902]);
    assert_eq!(hit_ids(&s.get_json(&search("菜场", "")).await), [902, 900]);
    assert_eq!(
        hit_ids(&s.get_json(&search("渡", "")).await),
        [900, 902, 901]
    );
    for q in ["5g", "5G"] {
        assert_eq!(hit_ids(&s.get_json(&search(q, "")).await), [900], "{q}");
    }
    assert_eq!(s.get_json(&search("南两地", "")).await["total"], 1);
    assert_eq!(s.get_json(&search("场。", "")).await["total"], 1);
    assert_eq!(s.get_json(&search("菜 场", "")).await["total"], 3);
}

/// A database from before the index of short words: its articles are found by them once it opens with
/// this version, those stored before `search_text` existed too (filled in, then indexed).
#[tokio::test]
async fn articles_stored_before_the_index_of_short_words_are_found() {
    let s = Server::start().await;
    let t = token(&s).await;
    put(
        &s,
        &t,
        &article(910, "anyue-news", "2026-11-03", "古镇", "河边有座桥。"),
    )
    .await;
    // Back to the schema before it, as an older server left it.
    let undo: &[&str] = if crate::common::postgres().is_some() {
        &[
            "ALTER TABLE articles DROP COLUMN grams",
            "DROP FUNCTION search_grams(TEXT)",
            "DELETE FROM refinery_schema_history WHERE version IN (10, 11)",
        ]
    } else {
        &[
            "DROP TRIGGER article_chars_insert",
            "DROP TRIGGER article_chars_update",
            "DROP TRIGGER article_chars_delete",
            "DROP TABLE article_chars",
            "DROP VIEW article_chars_text",
            "DROP TABLE search_digits",
            "DELETE FROM refinery_schema_history WHERE version = 11",
        ]
    };
    for sql in undo {
        s.execute(sql).await;
    }
    put(
        &s,
        &t,
        &article(911, "anyue-news", "2026-11-04", "新桥", "通车。"),
    )
    .await;
    s.execute("UPDATE articles SET search_text = NULL WHERE id = 910")
        .await;
    let s = s.restart().await;
    assert_eq!(hit_ids(&s.get_json(&search("桥", "")).await), [911, 910]);
    assert_eq!(hit_ids(&s.get_json(&search("河边", "")).await), [910]);
}
