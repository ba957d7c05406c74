//! Column names and labels as words, and the names people give an outcome column.
//!
//! Words: lower case, split at anything not a letter or digit and at camelCase humps
//! (`isChurned` → is, churned; `HTTPCode` → http, code), so `Attrition_Flag`, `attrition-flag`
//! and `AttritionFlag` read alike.

/// Words that name the outcome itself (a column named so, or containing one, is the target).
const OUTCOME_WORDS: [&str; 40] = [
    "purchased",
    "purchase",
    "purchases",
    "bought",
    "buy",
    "buys",
    "buyer",
    "converted",
    "conversion",
    "convert",
    "subscribed",
    "subscribe",
    "subscriber",
    "responded",
    "response",
    "churn",
    "churned",
    "churner",
    "churns",
    "attrition",
    "attrited",
    "default",
    "defaulted",
    "defaults",
    "defaulter",
    "exited",
    "fraud",
    "fraudulent",
    "delinquent",
    "delinquency",
    "survived",
    "clicked",
    "readmitted",
    "cancelled",
    "canceled",
    "approved",
    "accepted",
    "retained",
    "left",
    "won",
];

/// Words that name the outcome only as the whole name (`status`, not `marital_status`).
const GENERIC_NAMES: [&str; 12] = [
    "target", "label", "labels", "y", "class", "outcome", "status", "result", "flag", "decision",
    "exit", "event",
];

/// Lower-case words of a column name or label: split at non-alphanumerics and camelCase humps
/// (`isChurned` → is, churned; `HTTPCode` → http, code).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            });
        if hump && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// How well a column's name says "outcome" (lower is better; None: not at all), with the
/// evidence in words.
pub fn name_rank(name: &str) -> Option<(u8, String)> {
    let w = words(name);
    let joined = w.join("_");
    if OUTCOME_WORDS.contains(&joined.as_str()) || OUTCOME_WORDS.contains(&w.concat().as_str()) {
        return Some((0, format!("named {name:?}, a usual name for the outcome to predict")));
    }
    if let Some(word) = w.iter().find(|x| OUTCOME_WORDS.contains(&x.as_str())) {
        return Some((1, format!("{name:?} contains {word:?}, a usual name for the outcome")));
    }
    GENERIC_NAMES
        .contains(&joined.as_str())
        .then(|| (2, format!("named {name:?}, a generic name for the outcome to predict")))
}
