//! Test helper: reads back what plotters wrote into an SVG and checks that a reader could read
//! it: the box of every `<text>` (from its position, anchor, baseline shift, font size and
//! rotation, measured with the same [`estimate`] the layout uses) has a positive size, lies in
//! the picture and overlaps no other text; no `<rect>` has a negative width or height.

use super::svg::estimate;

/// One `<text>` element as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextBox {
    pub text: String,
    /// Left, top, right, bottom in SVG pixels.
    pub bounds: [f64; 4],
    /// Font size as written (CSS pixels; plotters writes the style's size / 1.24).
    pub font: f64,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    tag.split(&format!(" {name}=\"")).nth(1).and_then(|s| s.split('"').next()).map(String::from)
}

fn number(tag: &str, name: &str) -> f64 {
    attr(tag, name).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

/// Plotters' SVG escapes, undone (so widths count characters as shown).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The box of every non-empty `<text>` of `svg`.
pub(crate) fn text_boxes(svg: &str) -> Vec<TextBox> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let (tag, rest) = t.split_once('>')?;
            let text = unescape(rest.split("</text>").next()?.trim());
            if text.is_empty() {
                return None;
            }
            let (x, y, font) = (number(tag, "x"), number(tag, "y"), number(tag, "font-size"));
            let (w, h) = estimate(&text, font * 1.24);
            let (w, h) = (w as f64, h as f64);
            // Along the text (a) and across it (c), relative to the anchor point.
            let (a0, a1) = match attr(tag, "text-anchor").as_deref() {
                Some("end") => (-w, 0.0),
                Some("middle") => (-w / 2.0, w / 2.0),
                _ => (0.0, w),
            };
            let (c0, c1) = match attr(tag, "dy").as_deref() {
                Some("0.76em") => (0.0, h),
                Some("-0.5ex") => (-h, 0.0),
                _ => (-h / 2.0, h / 2.0),
            };
            let turn = attr(tag, "transform").unwrap_or_default();
            let bounds = if turn.starts_with("rotate(270") {
                // (a, c) → (c, −a): the text reads upwards.
                [x + c0, y - a1, x + c1, y - a0]
            } else if turn.starts_with("rotate(90") {
                [x - c1, y + a0, x - c0, y + a1]
            } else {
                [x + a0, y + c0, x + a1, y + c1]
            };
            Some(TextBox { text, bounds, font })
        })
        .collect()
}

/// Whether two boxes share more than `slack` pixels both ways.
fn overlap(a: &[f64; 4], b: &[f64; 4], slack: f64) -> bool {
    a[0] + slack < b[2] && b[0] + slack < a[2] && a[1] + slack < b[3] && b[1] + slack < a[3]
}

/// Panics with the culprits unless every text of `svg` (a `size` picture) has a positive size,
/// lies inside the picture and overlaps no other text, and no rectangle has a negative size.
pub(crate) fn assert_readable(svg: &str, size: (u32, u32), what: &str) {
    let boxes = text_boxes(svg);
    for b in &boxes {
        let [l, t, r, bottom] = b.bounds;
        assert!(b.font > 0.0 && r > l && bottom > t, "{what}: empty label {b:?}");
        let inside = l >= -0.5 && t >= -0.5 && r <= size.0 as f64 + 0.5;
        assert!(inside && bottom <= size.1 as f64 + 0.5, "{what}: label off the picture {b:?}");
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!overlap(&a.bounds, &b.bounds, 0.5), "{what}: labels overlap\n{a:?}\n{b:?}");
        }
    }
    for rect in svg.split("<rect").skip(1) {
        let tag = rect.split('>').next().unwrap_or("");
        for side in ["width", "height"] {
            let v = number(tag, side);
            assert!(v.is_nan() || v >= 0.0, "{what}: <rect {side}=\"{v}\">");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_follow_anchor_shift_and_rotation() {
        // 12 px style → font-size 9.677 written; "abcd" is 4 × 0.7 × 7.80 = 21.8 → 22 wide and
        // round(0.24 × 7.80) + round(7.80) = 2 + 8 = 10 tall.
        let t = |extra: &str| {
            format!("<text x=\"100\" y=\"50\" font-size=\"9.67741935483871\" {extra}>abcd</text>")
        };
        let b = |extra: &str| text_boxes(&t(extra))[0].bounds;
        assert_eq!(b("text-anchor=\"start\" dy=\"0.76em\""), [100.0, 50.0, 122.0, 60.0]);
        assert_eq!(b("text-anchor=\"end\" dy=\"0.5ex\""), [78.0, 45.0, 100.0, 55.0]);
        assert_eq!(b("text-anchor=\"middle\" dy=\"-0.5ex\""), [89.0, 40.0, 111.0, 50.0]);
        // Upright, hanging down from the anchor (end anchor, turned 270°).
        let up = "text-anchor=\"end\" dy=\"0.5ex\" transform=\"rotate(270, 100, 50)\"";
        assert_eq!(b(up), [95.0, 50.0, 105.0, 72.0]);
    }

    #[test]
    #[should_panic(expected = "labels overlap")]
    fn overlapping_labels_are_caught() {
        let svg = "<text x=\"10\" y=\"10\" font-size=\"9.68\" dy=\"0.5ex\">first</text>\
                   <text x=\"14\" y=\"12\" font-size=\"9.68\" dy=\"0.5ex\">second</text>";
        assert_readable(svg, (100, 100), "test");
    }

    #[test]
    #[should_panic(expected = "<rect height")]
    fn negative_rectangles_are_caught() {
        assert_readable("<rect x=\"1\" y=\"2\" width=\"3\" height=\"-4\"/>", (10, 10), "test");
    }
}
