//! Small HTML writers: escaping, number formats, tables and sections.
//!
//! Invariant: every piece of text that is not a literal of this crate goes through [`esc`]
//! before it is written, in element content and in attribute values alike (the same escape is
//! safe for both, since attribute values are always double-quoted).

/// Escapes `& < > " '` so that `s` reads as text in element content and in quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// A share as a percentage with one decimal ("36.3%"); "–" when not finite.
pub fn pct(x: f64) -> String {
    if x.is_finite() {
        crate::engine::display::percent(x, 1)
    } else {
        "–".into()
    }
}

/// A number with `digits` decimals; "–" when not finite.
pub fn num(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:.digits$}")
    } else {
        "–".into()
    }
}

/// A number with as few decimals as its size needs (2 below 100, 1 below 1000, else none);
/// "–" when absent or not finite.
pub fn compact(x: Option<f64>) -> String {
    match x {
        Some(v) if v.abs() >= 1000.0 => num(v, 0),
        Some(v) if v.abs() >= 100.0 => num(v, 1),
        Some(v) => num(v, 2),
        None => "–".into(),
    }
}

/// An optional number with `digits` decimals; "–" when absent or not finite.
pub fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "–".into(), |v| num(v, digits))
}

/// A table: header cells and body rows, all given as already-escaped HTML fragments.
pub fn table(class: &str, caption: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    let body: String = rows.iter().map(|r| tr(r, "")).collect();
    let caption =
        if caption.is_empty() { String::new() } else { format!("<caption>{caption}</caption>") };
    table_html(&format!("class=\"{class}\""), &caption, header, &body)
}

/// A table from its opening-tag attributes, caption HTML, header cells and `<tr>` rows.
pub fn table_html(attrs: &str, caption: &str, header: &[&str], body: &str) -> String {
    let head: String = header.iter().map(|h| format!("<th scope=\"col\">{h}</th>")).collect();
    format!("<table {attrs}>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
}

/// One body row of already-escaped cells; `class` may be empty. Cells whose text starts with a
/// digit, a minus or "–" are right-aligned as numbers.
pub fn tr(cells: &[String], class: &str) -> String {
    let mut out =
        if class.is_empty() { "<tr>".to_string() } else { format!("<tr class=\"{class}\">") };
    for cell in cells {
        let numeric = cell.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '–');
        if numeric {
            out += &format!("<td class=\"num\">{cell}</td>");
        } else {
            out += &format!("<td>{cell}</td>");
        }
    }
    out + "</tr>"
}

/// A section with a stable id, a `data-testid` and an `h2` heading.
pub fn section(id: &str, heading: &str, body: &str) -> String {
    format!(
        "<section id=\"{id}\" data-testid=\"{id}\" aria-labelledby=\"{id}-h\">\
         <h2 id=\"{id}-h\">{heading}</h2>{body}</section>\n"
    )
}

/// A paragraph of escaped text.
pub fn para(text: &str) -> String {
    format!("<p>{}</p>", esc(text))
}

/// A definition list of (term, value) pairs, both escaped here.
pub fn facts(pairs: &[(&str, String)]) -> String {
    let mut out = String::from("<dl class=\"facts\">");
    for (k, v) in pairs {
        out += &format!("<div><dt>{}</dt><dd>{}</dd></div>", esc(k), esc(v));
    }
    out += "</dl>";
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("Age × salary"), "Age × salary");
    }

    #[test]
    fn formats_missing_numbers_as_dashes() {
        assert_eq!(pct(0.3626), "36.3%");
        assert_eq!(pct(f64::NAN), "–");
        assert_eq!(opt(None, 2), "–");
        assert_eq!(num(1.0 / 3.0, 3), "0.333");
        assert_eq!(compact(Some(15691539.76)), "15691540");
        assert_eq!(compact(Some(123.456)), "123.5");
        assert_eq!(compact(Some(0.356)), "0.36");
        assert_eq!(compact(Some(f64::NAN)), "–");
    }

    #[test]
    fn numeric_cells_are_right_aligned() {
        let t = table("t", "", &["a", "b"], &[vec!["x".into(), "12".into()]]);
        assert!(t.contains("<td>x</td><td class=\"num\">12</td>"), "{t}");
    }
}
