//! The explanation section, in plain words: which features move the predicted probability most
//! (mean |contribution| and the summary plot), why the highest-scored customers score high
//! (their largest contributions), and whom to contact for a given value of a purchase and cost
//! of a contact (the profit curve, its best point with a bootstrap interval, lift by decile).
//!
//! Pieces are separate functions so the page and the report can use what they have; every
//! number comes from `engine::explain` (this module only words it). User text is escaped here.

use super::figures::figure;
use super::html::{esc, num, para, pct, section, table};
use crate::charts::{draw_profit, draw_summary, ChartStyle, ProfitAxis};
use crate::engine::display::money;
use crate::engine::explain::{ProfitCurve, Summary, SummaryFeature};

/// One highest-scored customer and its reasons in words (`age=58 (+0.12)`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CustomerReasons {
    /// How the report names the customer: its id, or its row.
    pub name: String,
    pub proba: f64,
    pub reasons: Vec<String>,
}

/// What the explanation section shows; parts left `None` or empty are left out.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExplainInput<'a> {
    pub summary: Option<&'a Summary>,
    pub top_customers: &'a [CustomerReasons],
    pub profit: Option<&'a ProfitCurve>,
}

/// The `report-explain` section.
pub fn explain_section(input: &ExplainInput) -> String {
    let mut body = String::new();
    if let Some(s) = input.summary {
        body += "<h3>What moves the probability</h3>";
        body += &global_html(s);
    }
    if !input.top_customers.is_empty() {
        body += "<h3>Why the highest-scored customers score high</h3>";
        body += &top_customers_html(input.top_customers);
    }
    if let Some(p) = input.profit {
        body += "<h3>Whom to contact</h3>";
        body += &profit_html(p);
    }
    section("report-explain", "Why customers buy and whom to contact", &body)
}

/// What moves the probability most, in words (the page shows the same sentence).
pub fn global_words(s: &Summary) -> String {
    let Some(first) = s.features.first() else {
        return "No customers were explained.".into();
    };
    let mut text = format!(
        "Over {} customers, {} moves the predicted probability of buying most: by {} on \
         average{}.",
        s.rows,
        first.impact.name,
        points(first.impact.mean_abs),
        trend(first)
    );
    let next: Vec<String> = s.features[1..]
        .iter()
        .take(2)
        .map(|f| format!("{} ({}{})", f.impact.name, points(f.impact.mean_abs), trend(f)))
        .collect();
    if !next.is_empty() {
        text += &format!(" Next come {}.", next.join(" and "));
    }
    text
}

/// Mean |contribution| per feature in words and as a table, and the summary plot.
pub fn global_html(s: &Summary) -> String {
    if s.features.is_empty() {
        return para(&global_words(s));
    }
    let text = global_words(s);
    let mut rows: Vec<Vec<String>> = s
        .features
        .iter()
        .map(|f| vec![esc(&f.impact.name), num(f.impact.mean_abs, 4), num(f.impact.mean, 4)])
        .collect();
    if s.others > 0 {
        rows.push(vec![format!("and {} others", s.others), "–".into(), "–".into()]);
    }
    let caption = "Mean |contribution|: how far a feature moves a customer's probability on \
                   average, either way. Mean contribution: the net push.";
    let header = ["Feature", "Mean |contribution|", "Mean contribution"];
    let height = (120 + 26 * (s.features.len() + (s.others > 0) as usize) as u32).clamp(260, 640);
    para(&text)
        + &table("explain-importance", caption, &header, &rows)
        + &figure(
            "fig-explain-summary",
            "Summary plot of every feature's contribution per customer",
            &format!(
                "Each dot is one of {} customers: how much the feature moved its probability; \
                 colour is the feature's value, from low to high (grey: a label or missing).",
                s.drawn
            ),
            (640, height),
            |a| draw_summary(a, s, &ChartStyle::light()),
        )
}

/// The highest-scored customers with their reasons, as a table.
pub fn top_customers_html(customers: &[CustomerReasons]) -> String {
    let rows: Vec<Vec<String>> = customers
        .iter()
        .map(|c| vec![esc(&c.name), num(c.proba, 3), esc(&c.reasons.join("; "))])
        .collect();
    para(&format!(
        "The {} customers with the highest probability of buying, each with the features that \
         moved its probability most (signed: + raises it, − lowers it).",
        customers.len()
    )) + &table("explain-top", "", &["Customer", "Probability", "Reasons"], &rows)
}

/// The profit curve's best point, and what contacting everyone would give, in words (the page
/// shows the same sentence).
pub fn profit_words(p: &ProfitCurve) -> String {
    let setting =
        format!("With a purchase worth {} and a contact costing {}", money(p.value), money(p.cost));
    let everyone = p.points.last().map(|e| e.profit).unwrap_or(0.0);
    match &p.best {
        Some(b) => format!(
            "{setting}, contacting the {} of customers scored at least {} gives the largest \
             profit on the {} held-out customers: {} ({} per customer{}). Contacting everyone \
             would give {}.",
            pct(b.share),
            num(b.threshold, 3),
            p.customers,
            money(b.profit),
            money(b.per_customer),
            if p.resamples > 0 {
                format!("; 95% bootstrap interval {} to {}", money(b.low), money(b.high))
            } else {
                String::new()
            },
            money(everyone)
        ),
        None => format!(
            "{setting}, no threshold makes money on the {} held-out customers: every group of \
             contacts costs more than its purchases bring. Contact nobody at this cost.",
            p.customers
        ),
    }
}

/// Headers of [`gains_cells`].
pub const GAINS_HEADERS: [&str; 6] =
    ["Decile", "Customers", "Buyers", "Rate", "Lift", "Buyers captured so far"];

/// Lift and gains by decile as text cells: decile, customers, buyers, rate, lift, buyers
/// captured so far (numbers only: nothing to escape).
pub fn gains_cells(p: &ProfitCurve) -> Vec<Vec<String>> {
    p.gains
        .rows
        .iter()
        .map(|g| {
            vec![
                g.decile.to_string(),
                g.n.to_string(),
                g.buyers.to_string(),
                pct(g.rate),
                num(g.lift, 2),
                pct(g.cumulative_capture),
            ]
        })
        .collect()
}

/// The profit curve's best point in words, the curve, and lift by decile.
pub fn profit_html(p: &ProfitCurve) -> String {
    let text = profit_words(p);
    let gains = gains_cells(p);
    para(&text)
        + &figure(
            "fig-explain-profit",
            "Line chart of profit against the share of customers contacted",
            "Profit of contacting the highest-scored customers first, against the share \
             contacted; the band is a 95% bootstrap interval, the dot the best point.",
            (640, 380),
            |a| draw_profit(a, p, ProfitAxis::Share, &ChartStyle::light()),
        )
        + &table(
            "explain-gains",
            "Held-out customers by decile of the score (decile 1: the highest).",
            &GAINS_HEADERS,
            &gains,
        )
}

/// A probability difference in percentage points ("4.2 points").
fn points(x: f64) -> String {
    format!("{} points", num(x * 100.0, 1))
}

/// ", higher values raising it" when value rank and contribution go together clearly.
fn trend(f: &SummaryFeature) -> &'static str {
    match f.value_trend() {
        Some(r) if r >= 0.5 => ", higher values raising it",
        Some(r) if r <= -0.5 => ", higher values lowering it",
        _ => "",
    }
}
