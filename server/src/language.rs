//! Browsers in Hong Kong and Macau ask for `zh-HK` / `zh-MO` (or `zh-Hant`): they
//! read Traditional Chinese, which this application calls `zh-TW`. Without this,
//! locale matching falls back from `zh-HK` to `zh` and shows Simplified Chinese.

use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use axum::middleware::Next;
use axum::response::Response;

/// Rewrites Traditional-Chinese language tags in Accept-Language to `zh-TW`.
pub fn traditional_as_zh_tw(accept_language: &str) -> String {
    accept_language
        .split(',')
        .map(|part| {
            let (tag, weight) = part
                .split_once(';')
                .map_or((part, None), |(t, w)| (t, Some(w)));
            let lower = tag.trim().to_ascii_lowercase();
            let traditional =
                matches!(lower.as_str(), "zh-hk" | "zh-mo") || lower.starts_with("zh-hant");
            let tag = if traditional { "zh-TW" } else { tag.trim() };
            match weight {
                Some(w) => format!("{tag};{w}"),
                None => tag.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub async fn map_traditional_chinese(mut request: Request<Body>, next: Next) -> Response {
    let mapped = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(traditional_as_zh_tw)
        .and_then(|v| HeaderValue::from_str(&v).ok());
    if let Some(value) = mapped {
        request.headers_mut().insert(header::ACCEPT_LANGUAGE, value);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::traditional_as_zh_tw as map;

    #[test]
    fn hong_kong_macau_and_hant_read_traditional() {
        assert_eq!(map("zh-HK"), "zh-TW");
        assert_eq!(map("zh-HK,zh;q=0.9,en;q=0.8"), "zh-TW,zh;q=0.9,en;q=0.8");
        assert_eq!(map("zh-MO;q=0.7"), "zh-TW;q=0.7");
        assert_eq!(map("zh-Hant-HK"), "zh-TW");
        assert_eq!(map("zh-CN,zh;q=0.9"), "zh-CN,zh;q=0.9");
        assert_eq!(
            map("zh-Hans-HK"),
            "zh-Hans-HK",
            "Simplified script stays Simplified"
        );
        assert_eq!(map("en-US"), "en-US");
    }
}
