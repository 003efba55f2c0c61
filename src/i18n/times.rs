//! Times as readers see them: absolute in the article's own offset, RFC 3339, and relative (3小时前).

use super::Lang;
use time::OffsetDateTime;

/// `2017-06-16 07:32` in the time's own offset (the article's local time, not the reader's).
pub fn absolute(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// RFC 3339 with the original offset, for `<time datetime>`.
pub fn rfc3339(t: OffsetDateTime) -> String {
    let off = t.offset();
    let secs = off.whole_seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        abs / 3600,
        (abs % 3600) / 60
    )
}

/// Relative text for recent times (3小时前 / 3 hours ago) and the absolute time for anything a week or
/// more old. `now_ms` is Unix milliseconds, so this stays pure and testable.
pub fn relative(t: OffsetDateTime, now_ms: f64, lang: Lang) -> String {
    let then_ms = t.unix_timestamp() as f64 * 1000.0 + f64::from(t.millisecond());
    let secs = ((now_ms - then_ms) / 1000.0).floor();
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    if secs < 60.0 {
        // Also for times slightly in the future (a clock a little off): never "-3 minutes ago".
        return lang.t().just_now.to_owned();
    }
    let mins = (secs / 60.0) as i64;
    let hours = mins / 60;
    let days = hours / 24;
    match lang {
        _ if days >= 7 => absolute(t),
        Lang::Zh if hours < 1 => format!("{mins}分钟前"),
        Lang::Zh if days < 1 => format!("{hours}小时前"),
        Lang::Zh => format!("{days}天前"),
        Lang::En if hours < 1 => plural(mins, "minute"),
        Lang::En if days < 1 => plural(hours, "hour"),
        Lang::En => plural(days, "day"),
    }
}
