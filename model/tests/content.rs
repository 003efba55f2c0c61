//! Checks the demo content in `content/`: every file parses, ids are unique, channels and media exist,
//! and the seed article (资阳日报, 2017-06-16) is kept verbatim.

use difang_model::content::{ContentArticle, ContentSite};
use difang_model::{Block, Image};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use time::macros::datetime;

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("content")
}

fn load_site() -> ContentSite {
    let path = content_dir().join("site.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load_articles() -> Vec<(PathBuf, ContentArticle)> {
    let dir = content_dir().join("articles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let a: ContentArticle =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, a)
        })
        .collect()
}

fn images(a: &ContentArticle) -> Vec<&Image> {
    let mut out: Vec<&Image> = a.lead_image.iter().collect();
    for b in &a.body {
        if let Block::Image { image, .. } = b {
            out.push(image);
        }
    }
    out
}

/// A region's slug with its cities' slugs and their channel slugs.
type RegionTree = (String, Vec<(String, Vec<String>)>);

#[test]
fn site_parses_with_the_expected_tree() {
    let site = load_site();
    assert_eq!(site.name, "地方网");
    assert_eq!(site.language, "zh-CN");
    assert!(!site.description.is_empty());
    let tree: Vec<RegionTree> = site
        .regions
        .iter()
        .map(|r| {
            (
                r.slug.clone(),
                r.cities
                    .iter()
                    .map(|c| {
                        (
                            c.slug.clone(),
                            c.channels.iter().map(|ch| ch.slug.clone()).collect(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        tree,
        vec![
            (
                "sichuan".to_string(),
                vec![
                    (
                        "ziyang".to_string(),
                        s(&["ziyang-news", "anyue-news", "lezhi-news"])
                    ),
                    (
                        "dazhou".to_string(),
                        s(&["dazhou-news", "quxian-news", "dazhu-news"])
                    ),
                    ("nanchong".to_string(), s(&["nanchong-news"])),
                ]
            ),
            (
                "wenyu".to_string(),
                vec![("wenyu-pindao".to_string(), s(&["yule", "wenhua"]))]
            ),
        ]
    );
    let slugs: Vec<_> = site.channels().map(|c| c.slug.as_str()).collect();
    assert_eq!(
        slugs.len(),
        slugs.iter().collect::<HashSet<_>>().len(),
        "duplicate channel slug"
    );
    assert!(site
        .channels()
        .all(|c| !c.name.is_empty() && !c.tagline.is_empty()));
    let (_, _, zy) = site.channel("ziyang-news").unwrap();
    assert_eq!(
        zy.tagline,
        "资阳新闻,讲述家乡的故事。有观点、有态度,接地气的实时新闻,传播资阳正能量。看家乡事,品故乡情。家的声音,天涯咫尺。"
    );
}

#[test]
fn articles_parse_and_reference_existing_channels_and_media() {
    let site = load_site();
    let articles = load_articles();
    assert!(articles.len() >= 30, "only {} articles", articles.len());

    let mut ids = HashSet::new();
    let mut per_channel: HashMap<&str, usize> = HashMap::new();
    for (path, a) in &articles {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(ids.insert(a.id), "{name}: duplicate id {}", a.id);
        assert!(
            name.starts_with(&format!("{:04}-", a.id)),
            "{name}: file name does not start with its id"
        );
        assert!(
            site.channel(&a.channel).is_some(),
            "{name}: unknown channel {}",
            a.channel
        );
        *per_channel.entry(a.channel.as_str()).or_default() += 1;
        assert!(
            !a.title.is_empty() && !a.excerpt.is_empty() && !a.body.is_empty(),
            "{name}: empty field"
        );
        assert_eq!(
            a.published_at.offset().whole_hours(),
            8,
            "{name}: offset is not +08:00"
        );
        for b in &a.body {
            if let Block::Heading { level, .. } = b {
                assert!(matches!(level, 2 | 3), "{name}: heading level {level}");
            }
        }
        for img in images(a) {
            assert!(!img.alt.is_empty(), "{name}: image without alt");
            assert!(
                img.width > 0 && img.height > 0,
                "{name}: image without size"
            );
            let url = img.url.as_str();
            if let Some(file) = url.strip_prefix("/media/") {
                assert!(
                    !file.contains("..") && !file.contains('/'),
                    "{name}: odd media path {url}"
                );
                let p = content_dir().join("media").join(file);
                assert!(p.is_file(), "{name}: {url} has no file in content/media");
            }
        }
        for c in &a.comments {
            assert!(
                c.created_at >= a.published_at,
                "{name}: comment before publication"
            );
            for r in &c.replies {
                assert!(
                    r.created_at >= c.created_at,
                    "{name}: reply before its comment"
                );
            }
        }
    }
    for ch in site.channels() {
        let n = per_channel.get(ch.slug.as_str()).copied().unwrap_or(0);
        let min = if ch.slug == "ziyang-news" { 8 } else { 3 };
        assert!(
            n >= min,
            "channel {} has {n} articles, want at least {min}",
            ch.slug
        );
    }
}

#[test]
fn media_files_are_small_self_contained_svgs() {
    let dir = content_dir().join("media");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.display();
        assert!(text.len() < 3072, "{name} is {} bytes", text.len());
        assert!(text.starts_with("<svg"), "{name} is not an SVG");
        let lower = text.to_ascii_lowercase();
        for bad in [
            "<script",
            "href",
            "<foreignobject",
            "<image",
            "url(http",
            "@import",
            " on",
        ] {
            let hit = if bad == " on" {
                lower
                    .split_whitespace()
                    .any(|w| w.starts_with("on") && w.contains('='))
            } else {
                lower.contains(bad)
            };
            assert!(!hit, "{name} contains {bad:?}");
        }
    }
}

#[test]
fn seed_article_is_verbatim() {
    let articles = load_articles();
    let (_, a) = articles
        .iter()
        .find(|(_, a)| a.id == 1001)
        .expect("article 1001");
    assert_eq!(a.channel, "ziyang-news");
    assert_eq!(
        a.title,
        "坚决打好文明城市创建总体仗中共资阳市雁江区委、雁江区人民政府"
    );
    assert_eq!(a.source.as_deref(), Some("资阳日报"));
    assert_eq!(a.published_at, datetime!(2017-06-16 07:32:00 +08:00));
    assert_eq!(a.published_at.offset(), time::macros::offset!(+8));
    assert_eq!(
        a.origin_url.as_ref().map(|u| u.as_str()),
        Some("https://www.yybnet.net/")
    );
    let headings: Vec<&str> = a
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 2, text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "一、高度负责,压实创建责任",
            "二、全员参与,营造创建氛围",
            "三、突出重点,夯实创建基础",
            "四、全力以赴,强化创建保障"
        ]
    );
    match a.body.first() {
        Some(Block::Paragraph { text }) => {
            assert!(text.starts_with("雁江作为全市唯一的市辖区,创建文明城市"))
        }
        other => panic!("seed body starts with {other:?}"),
    }
    match a.body.last() {
        Some(Block::Paragraph { text }) => {
            assert!(text.ends_with("以铁的纪律确保创建工作落地见效。"))
        }
        other => panic!("seed body ends with {other:?}"),
    }
    assert!(a.comments.len() >= 3 && a.comments.iter().any(|c| !c.replies.is_empty()));
}

#[test]
fn stories_the_seed_names_are_present() {
    let articles = load_articles();
    let by_title: HashMap<&str, &ContentArticle> = articles
        .iter()
        .map(|(_, a)| (a.title.as_str(), a))
        .collect();
    for (title, channel) in [
        (
            "新场地 新起点 新希望——雁江区残疾人康复中心·中医院康复站在城东新区启用",
            "ziyang-news",
        ),
        ("缤纷夏日", "ziyang-news"),
        (
            "渠县作家李明春作品《川乡传》 外文版权输出7国",
            "quxian-news",
        ),
        ("九思:五十岁出道的诗人", "wenhua"),
        (
            "达州银行南充支行被评为 南充市“2021年度普惠金融工作先进单位”",
            "nanchong-news",
        ),
        (
            "集优势,补短板,提升全程机械化率 大竹:向国家级种业大县迈进",
            "dazhu-news",
        ),
        ("达州:优化营商“软环境” 铸造发展“硬实力”", "dazhou-news"),
        ("国潮那么潮", "wenhua"),
    ] {
        let a = by_title
            .get(title)
            .unwrap_or_else(|| panic!("missing {title}"));
        assert_eq!(a.channel, channel, "{title}");
    }
    for (prefix, channel) in [
        ("文牧野: 我一直追寻着真实与真诚", "yule"),
        ("王阳:《人世间》让人思考什么是活着", "yule"),
        ("张庭夫妇公司被认定传销 举报者:担心", "yule"),
        ("电影《花渡好时光》定档 回乡青年演", "yule"),
        ("从《少年》《下山》《踏山河》到《孤", "wenhua"),
    ] {
        let a = articles
            .iter()
            .map(|(_, a)| a)
            .find(|a| a.title.starts_with(prefix))
            .unwrap_or_else(|| panic!("missing {prefix}…"));
        assert_eq!(a.channel, channel, "{prefix}");
    }
    let rec = by_title["新场地 新起点 新希望——雁江区残疾人康复中心·中医院康复站在城东新区启用"];
    assert!(rec.recommended && rec.lead_image.is_some());
    assert!(rec.excerpt.starts_with("康复训练。□本报记者蒲敏6月8日,"));
    assert_eq!(
        by_title["缤纷夏日"].published_at,
        datetime!(2017-06-15 00:00:00 +08:00)
    );
}
