//! The explanation section from a real run on the demo data: the words quote the engine's
//! numbers, the charts are inline SVG, user text is escaped.

use super::*;
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::explain::{
    profit_curve, reasons_text, summary, Explainer, ProfitCurve, ProfitParams, Summary,
};
use crate::engine::forest::ForestParams;
use crate::engine::ingest::{ingest, IngestOptions};

const DEMO: &[u8] = include_bytes!("../../public/social_network_ads.csv");

/// A forest fitted on the first 300 demo rows; the last 100 explained and priced.
fn run() -> (Summary, Vec<CustomerReasons>, ProfitCurve) {
    let table = ingest(DEMO, &IngestOptions::default()).unwrap().table;
    let data = Dataset::from_table(
        &table,
        &TargetSpec { target: "Purchased".into(), ..Default::default() },
    )
    .unwrap();
    let train: Vec<usize> = (0..300).collect();
    let test: Vec<usize> = (300..400).collect();
    let forest = ForestParams::new()
        .n_estimators(20)
        .check()
        .unwrap()
        .fit(&data, &train, &mut |_| true)
        .unwrap();
    let cols = forest.align(&data).unwrap();
    let c = Explainer::new(&forest).unwrap().explain_rows(&cols, &test, Some(2)).unwrap();
    let s = summary(&c, &cols, 12, 500, 1);
    let mut order: Vec<usize> = (0..c.len()).collect();
    order.sort_by(|&a, &b| c.proba[b].total_cmp(&c.proba[a]));
    let raw: Vec<_> = data.features.iter().map(|f| f.values.clone()).collect();
    let top = order[..3]
        .iter()
        .map(|&i| CustomerReasons {
            name: format!("row {}", c.rows[i]),
            proba: c.proba[i],
            reasons: reasons_text(c.row(i), 2, &c.features, &raw, c.rows[i]),
        })
        .collect();
    let y: Vec<u8> = test.iter().map(|&r| data.y[r]).collect();
    let p = profit_curve(&y, &c.proba, &ProfitParams::new(50.0, 5.0).check().unwrap()).unwrap();
    (s, top, p)
}

#[test]
fn the_section_words_the_engine_numbers() {
    let (s, top, p) = run();
    let html =
        explain_section(&ExplainInput { summary: Some(&s), top_customers: &top, profit: Some(&p) });
    assert!(html.starts_with("<section id=\"report-explain\""));
    let first = &s.features[0].impact;
    assert_eq!(first.name, "Age", "age drives the demo data");
    assert!(
        html.contains(&format!(
            "Age moves the predicted probability of buying most: by {:.1} points on average",
            first.mean_abs * 100.0
        )),
        "{html}"
    );
    let b = p.best.expect("contacts pay at value 50, cost 5");
    assert!(
        html.contains(&format!(
            "contacting the {:.1}% of customers scored at least {:.3}",
            b.share * 100.0,
            b.threshold
        )),
        "{html}"
    );
    assert!(html.contains("95% bootstrap interval"));
    for id in ["fig-explain-summary", "fig-explain-profit"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert_eq!(html.matches("<svg role=\"img\"").count(), 2);
    // 3 customers; 10 deciles; one row per summary feature.
    let table_rows = |class: &str| {
        html.split(&format!("<table class=\"{class}\">"))
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap()
            .matches("<tr>")
            .count()
            - 1
    };
    assert_eq!((table_rows("explain-top"), table_rows("explain-gains")), (3, 10));
    assert_eq!(table_rows("explain-importance"), s.features.len());
    assert!(html.contains(&top[0].reasons[0]));
}

#[test]
fn nobody_to_contact_and_hostile_names() {
    let (s, _, _) = run();
    let p =
        profit_curve(&[1, 0, 0], &[0.9, 0.5, 0.2], &ProfitParams::new(2.0, 5.0).check().unwrap())
            .unwrap();
    let html = profit_html(&p);
    assert!(html.contains("no threshold makes money") && html.contains("Contact nobody"));
    let evil = [CustomerReasons {
        name: "<script>x</script>".into(),
        proba: 0.9,
        reasons: vec!["a=<b> (+0.10)".into()],
    }];
    let html = top_customers_html(&evil);
    assert!(!html.contains("<script>") && !html.contains("<b>") && html.contains("&lt;script&gt;"));
    let empty = Summary { features: Vec::new(), ..s };
    assert!(global_html(&empty).contains("No customers were explained."));
}
