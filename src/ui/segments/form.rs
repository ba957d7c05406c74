//! The segment method form: the method, its settings and the minimum support, built into the
//! engine's checked [`SegmentMethod`] (its errors are shown word for word).

use leptos::prelude::*;

use crate::engine::segment::discover::DiscoverParams;
use crate::engine::segment::{
    DecileParams, GridParams, KMeansParams, RulesParams, SegmentError, SegmentMethod,
};
use crate::engine::table::Kind;
use crate::ui::dom::parse_number;
use crate::ui::state::AppState;

/// What the user typed and chose.
#[derive(Clone, Copy)]
pub struct SegmentForm {
    /// grid, tree, kmeans, deciles or discover (the select's value).
    pub method: RwSignal<String>,
    /// Grid columns the user picked (None: the default pair).
    pub by: [RwSignal<Option<String>>; 2],
    pub bins: RwSignal<String>,
    pub k: RwSignal<String>,
    pub depth: RwSignal<String>,
    pub min_support: RwSignal<String>,
    /// Discovery: most conditions in a rule, the false discovery rate, the split's seed.
    pub conditions: RwSignal<String>,
    pub fdr: RwSignal<String>,
    pub seed: RwSignal<String>,
}

impl SegmentForm {
    pub fn new() -> Self {
        SegmentForm {
            method: RwSignal::new("grid".into()),
            by: [RwSignal::new(None), RwSignal::new(None)],
            bins: RwSignal::new("4".into()),
            k: RwSignal::new("auto".into()),
            depth: RwSignal::new("3".into()),
            min_support: RwSignal::new("30".into()),
            conditions: RwSignal::new("3".into()),
            fdr: RwSignal::new("0.1".into()),
            seed: RwSignal::new("42".into()),
        }
    }

    /// The grid columns: the user's picks, else the default pair (empty picks dropped).
    pub fn columns(&self, defaults: &[String]) -> Vec<String> {
        (0..2)
            .filter_map(|i| self.by[i].get_untracked().or_else(|| defaults.get(i).cloned()))
            .filter(|c| !c.is_empty())
            .collect()
    }

    /// The checked method of the form, or what is wrong with it.
    pub fn method(&self, defaults: &[String]) -> Result<SegmentMethod, String> {
        let number = |s: RwSignal<String>, name: &str| -> Result<usize, String> {
            let t = s.get_untracked();
            parse_number(&t)
                .filter(|x| *x >= 0.0 && x.fract() == 0.0)
                .map(|x| x as usize)
                .ok_or_else(|| format!("{name}: {t:?} is not a whole number"))
        };
        let checked = |r: Result<SegmentMethod, SegmentError>| r.map_err(|e| e.to_string());
        match self.method.get_untracked().as_str() {
            "grid" => {
                let p = GridParams::new(self.columns(defaults)).bins(number(self.bins, "bins")?);
                checked(p.check().map(SegmentMethod::Grid))
            }
            "kmeans" => {
                let k = match self.k.get_untracked().trim() {
                    "" | "auto" => None,
                    _ => Some(number(self.k, "k")?),
                };
                checked(KMeansParams::new().k(k).check().map(SegmentMethod::KMeans))
            }
            "tree" => {
                let p = RulesParams::new().max_depth(number(self.depth, "depth")?);
                checked(p.check().map(SegmentMethod::Rules))
            }
            "deciles" => checked(DecileParams::new().check().map(SegmentMethod::Deciles)),
            "discover" => {
                let fdr = self.fdr.get_untracked();
                let fdr =
                    parse_number(&fdr).ok_or_else(|| format!("fdr: {fdr:?} is not a number"))?;
                let p = DiscoverParams::new()
                    .max_conditions(number(self.conditions, "conditions")?)
                    .fdr(fdr)
                    .seed(number(self.seed, "seed")? as u64)
                    .min_support(self.min_support()?);
                p.check().map(SegmentMethod::Discover).map_err(|e| e.to_string())
            }
            other => Err(format!("unknown segment method {other:?}")),
        }
    }

    /// The minimum support, checked.
    pub fn min_support(&self) -> Result<u64, String> {
        let t = self.min_support.get_untracked();
        parse_number(&t)
            .filter(|x| *x >= 1.0 && x.fract() == 0.0)
            .map(|x| x as u64)
            .ok_or_else(|| format!("minimum support: {t:?} is not a whole number of at least 1"))
    }
}

/// The two columns a grid starts from: the most important features of the current model, else
/// the two most associated with the target (the Explore step's ranking, else the load's), else
/// the first two numeric columns.
pub fn default_columns(state: AppState) -> Vec<String> {
    let target = state.target.get();
    let ranked = state
        .current(state.trained)
        .map(|t| t.useful)
        .or_else(|| state.current(state.explore).map(|x| x.useful))
        .or_else(|| state.current(state.data).map(|d| d.useful))
        .filter(|u| u.len() >= 2);
    if let Some(u) = ranked {
        return u.into_iter().filter(|c| Some(c) != target.as_ref()).take(2).collect();
    }
    state.data.with(|d| {
        d.as_ref()
            .map(|d| {
                d.value
                    .report
                    .columns
                    .iter()
                    .filter(|c| c.kind == Kind::Numeric && Some(&c.name) != target.as_ref())
                    .take(2)
                    .map(|c| c.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The inputs of the form.
#[component]
pub fn SegmentFormView(
    /// The form's signals.
    form: SegmentForm,
    /// The default grid columns (shown selected until the user picks).
    defaults: Memo<Vec<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let headers = move || {
        state.data.with(|d| d.as_ref().map(|d| d.value.headers.clone()).unwrap_or_default())
    };
    let column_select = move |i: usize, id: &'static str, label: &'static str| {
        let value = form.by[i];
        let current = move || value.get().or_else(|| defaults.with(|d| d.get(i).cloned()));
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| value.set(Some(event_target_value(&ev)))>
                    <option value="">"(none)"</option>
                    {move || headers().into_iter().map(|h| { let sel = current().as_deref() == Some(h.as_str()); view! { <option value=h.clone() selected=sel>{h.clone()}</option> } }).collect_view()}
                </select>
            </div>
        }
    };
    let text = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field"><label for=id>{label}</label>
                <input id=id data-testid=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/></div>
        }
    };
    let method = form.method;
    view! {
        <div class="form-grid">
            <div class="field">
                <label for="segment-method">"Method"</label>
                <select id="segment-method" data-testid="segment-method" on:change=move |ev| method.set(event_target_value(&ev))>
                    <option value="grid">"Grid of bins"</option>
                    <option value="tree">"Tree rules"</option>
                    <option value="kmeans">"k-means clusters"</option>
                    <option value="deciles">"Propensity deciles (needs a model)"</option>
                    <option value="discover">"Discover: search every column, test on held-out rows"</option>
                </select>
            </div>
            {move || (method.get() == "grid").then(|| view! {
                {column_select(0, "segment-by-1", "Grid column 1")}
                {column_select(1, "segment-by-2", "Grid column 2")}
                {text("segment-bins", "Bins per numeric column", form.bins)}
            })}
            {move || (method.get() == "kmeans").then(|| text("segment-k", "k (or auto)", form.k))}
            {move || (method.get() == "tree").then(|| text("segment-depth", "Tree depth (1–6)", form.depth))}
            {move || (method.get() == "discover").then(|| view! {
                {text("discover-conditions", "Most conditions per rule (1–3)", form.conditions)}
                {text("discover-fdr", "False discovery rate", form.fdr)}
                {text("discover-seed", "Seed of the search/test split", form.seed)}
            })}
            <div class="field"><label for="min-support">"Minimum support"</label>
                <input id="min-support" data-testid="min-support" prop:value=move || form.min_support.get() on:input=move |ev| form.min_support.set(event_target_value(&ev))/>
                <small>"Segments with fewer customers are flagged small n."</small></div>
        </div>
    }
}
