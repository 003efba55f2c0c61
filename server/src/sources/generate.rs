//! `difang-server generate`: a deterministic synthetic corpus in the `content/` format, for load and
//! render benchmarks. Articles are written 500 to a file as JSON arrays (`articles/chunk-0000.json`, …),
//! which the importer accepts next to one-article files. The same options give byte-identical files.

use model::content::{ContentArticle, ContentComment};
use model::{Block, City, Image, Region, SafeUrl, Site, SiteChannel};
use std::io::Write;
use std::path::{Path, PathBuf};
use time::{Duration, OffsetDateTime, UtcOffset};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    pub articles: u64,
    /// Comments (top-level and replies) on each of the `threads` commented-heavy articles.
    pub comments_per_thread: u64,
    /// How many articles (ids 1..=threads) carry `comments_per_thread` comments; the rest get 0–3.
    pub threads: u64,
    pub out: PathBuf,
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            articles: 1000,
            comments_per_thread: 1000,
            threads: 10,
            out: "bench-content".into(),
            seed: 1,
        }
    }
}

/// SplitMix64: tiny, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const REGIONS: [(&str, &str); 3] = [
    ("sichuan", "四川"),
    ("chongqing", "重庆"),
    ("guizhou", "贵州"),
];
const CITIES: [[(&str, &str); 3]; 3] = [
    [
        ("ziyang", "资阳市"),
        ("dazhou", "达州市"),
        ("nanchong", "南充市"),
    ],
    [
        ("wanzhou", "万州区"),
        ("fuling", "涪陵区"),
        ("qianjiang", "黔江区"),
    ],
    [
        ("zunyi", "遵义市"),
        ("anshun", "安顺市"),
        ("bijie", "毕节市"),
    ],
];
const CHANNELS: [(&str, &str); 3] = [("news", "新闻"), ("life", "生活"), ("culture", "文化")];
const SUBJECTS: [&str; 12] = [
    "社区",
    "学校",
    "公园",
    "老街",
    "菜市场",
    "志愿者",
    "农户",
    "医院",
    "图书馆",
    "公交线路",
    "文化站",
    "河道",
];
const ACTIONS: [&str; 10] = [
    "完成改造",
    "迎来新变化",
    "开展专项行动",
    "举办开放日",
    "启动试点",
    "获得表彰",
    "推出便民措施",
    "召开座谈会",
    "提前完工",
    "吸引众多市民",
];
const PHRASES: [&str; 12] = [
    "记者从相关部门了解到",
    "据现场工作人员介绍",
    "不少市民表示",
    "下一步将继续推进",
    "这一举措受到广泛欢迎",
    "相关负责人说",
    "目前各项工作进展顺利",
    "预计年底前全面完成",
    "群众满意度明显提升",
    "活动吸引了周边居民",
    "志愿者们忙碌在一线",
    "为城市发展注入新活力",
];
const NAMES: [&str; 10] = [
    "张三",
    "李四",
    "王五",
    "赵六",
    "小雨",
    "老陈",
    "阿梅",
    "山城客",
    "资阳人",
    "路人甲",
];

pub fn site() -> Site {
    Site {
        name: "地方网".into(),
        language: "zh-CN".into(),
        description: "地方网合成数据集:用于压力测试和渲染基准。".into(),
        regions: REGIONS
            .iter()
            .zip(CITIES.iter())
            .map(|((rs, rn), cities)| Region {
                slug: (*rs).into(),
                name: (*rn).into(),
                cities: cities
                    .iter()
                    .map(|(cs, cn)| City {
                        slug: (*cs).into(),
                        name: (*cn).into(),
                        channels: CHANNELS
                            .iter()
                            .map(|(chs, chn)| {
                                let short = cn.trim_end_matches(['市', '区']);
                                SiteChannel {
                                    slug: format!("{cs}-{chs}"),
                                    name: format!("{short}{chn}"),
                                    tagline: format!("{short}{chn},讲述家乡的故事。"),
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn sentence(rng: &mut Rng, parts: u64) -> String {
    let mut s = String::new();
    for i in 0..parts {
        s.push_str(rng.pick(&PHRASES));
        s.push_str(if i + 1 == parts { "。" } else { "," });
    }
    s
}

fn comment(rng: &mut Rng, at: OffsetDateTime) -> ContentComment {
    let n = 1 + rng.below(3);
    ContentComment {
        author: rng.pick(&NAMES).into(),
        text: sentence(rng, n),
        created_at: at,
        replies: Vec::new(),
    }
}

fn thread(rng: &mut Rng, n: u64, start: OffsetDateTime) -> Vec<ContentComment> {
    let mut top: Vec<ContentComment> = Vec::new();
    for i in 0..n {
        let at = start + Duration::minutes(i as i64 * 3);
        // About one comment in five answers an earlier top-level comment.
        if !top.is_empty() && rng.below(5) == 0 {
            let k = rng.below(top.len() as u64) as usize;
            let c = comment(rng, at);
            top[k].replies.push(c);
        } else {
            let c = comment(rng, at);
            top.push(c);
        }
    }
    top
}

fn article(rng: &mut Rng, site: &Site, id: u64, opts: &GenerateOptions) -> ContentArticle {
    let channels: Vec<&SiteChannel> = site.channels().collect();
    let channel = channels[rng.below(channels.len() as u64) as usize];
    let base =
        OffsetDateTime::from_unix_timestamp(1_704_067_200).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let offset = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    let published =
        (base + Duration::minutes(id as i64 * 17 + rng.below(10) as i64)).to_offset(offset);
    let title = format!(
        "{}{}{}",
        channel.name.trim_end_matches(['新', '闻']),
        rng.pick(&SUBJECTS),
        rng.pick(&ACTIONS)
    );
    let excerpt = sentence(rng, 2);
    let mut body = vec![Block::Paragraph {
        text: excerpt.clone(),
    }];
    for s in 0..(2 + rng.below(4)) {
        body.push(Block::Heading {
            level: 2,
            text: format!(
                "{}、{}",
                ["一", "二", "三", "四", "五"][s as usize % 5],
                rng.pick(&ACTIONS)
            ),
        });
        let n = 3 + rng.below(5);
        body.push(Block::Paragraph {
            text: sentence(rng, n),
        });
    }
    let lead_image = if id.is_multiple_of(3) {
        SafeUrl::parse(&format!("/media/gen-{}.svg", id % 4))
            .ok()
            .map(|url| Image {
                url,
                width: 640,
                height: 360,
                alt: title.clone(),
            })
    } else {
        None
    };
    let comments = if id <= opts.threads {
        thread(
            rng,
            opts.comments_per_thread,
            published + Duration::hours(1),
        )
    } else {
        let n = rng.below(4);
        thread(rng, n, published + Duration::hours(1))
    };
    ContentArticle {
        id,
        channel: channel.slug.clone(),
        title,
        source: Some(format!(
            "{}日报",
            channel
                .name
                .trim_end_matches(['新', '闻', '生', '活', '文', '化'])
        )),
        published_at: published,
        origin_url: None,
        lead_image,
        excerpt,
        body,
        author: None,
        tags: Vec::new(),
        updated_at: None,
        recommended: id.is_multiple_of(20),
        views: rng.below(5000),
        comments,
    }
}

const SVG_COLOURS: [&str; 4] = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad"];

/// Writes `site.json`, `articles/chunk-NNNN.json` and `media/gen-N.svg` under `opts.out`.
pub fn generate(opts: &GenerateOptions) -> std::io::Result<()> {
    let out = &opts.out;
    std::fs::create_dir_all(out.join("articles"))?;
    std::fs::create_dir_all(out.join("media"))?;
    let site = site();
    write_json(&out.join("site.json"), &site)?;
    for (i, colour) in SVG_COLOURS.iter().enumerate() {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\" viewBox=\"0 0 640 360\"><rect width=\"640\" height=\"360\" fill=\"{colour}\"/></svg>\n"
        );
        std::fs::write(out.join("media").join(format!("gen-{i}.svg")), svg)?;
    }
    let mut rng = Rng(opts.seed);
    let mut chunk = Vec::new();
    let mut n = 0;
    for id in 1..=opts.articles {
        chunk.push(article(&mut rng, &site, id, opts));
        if chunk.len() == 500 || id == opts.articles {
            write_json(
                &out.join("articles").join(format!("chunk-{n:04}.json")),
                &chunk,
            )?;
            chunk.clear();
            n += 1;
        }
    }
    Ok(())
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    serde_json::to_writer(&mut f, value)?;
    f.write_all(b"\n")?;
    f.flush()
}
