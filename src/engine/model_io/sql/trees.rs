//! One tree as one `CASE` expression that yields the leaf's P(positive).
//!
//! A split is `WHEN <goes to child a> THEN <subtree a>`, and the other child continues the same
//! `CASE` with its own `WHEN`s (a row that fails a condition, or meets NULL, falls through to the
//! next one, so every condition states exactly which rows it takes, NULLs included). Only the
//! `THEN` branches nest; at every split the shallower child goes there, so the nesting is at
//! most log2(leaves) however deep the tree is. That matters because SQLite parsers before 3.52
//! overflow after about 15 nested `CASE`s. The text stays linear in the nodes, and a row still
//! evaluates one condition per level it descends.
//!
//! Routing is the one of `forest::Tree::leaf_of`: numeric `x <= threshold` goes left (every
//! present value when the threshold is +∞, so SQL asks only whether `x` is NULL); a
//! categorical label goes left when its training code is in `left_set`; missing values, and
//! labels not among the training labels, follow `missing_left`. The walk uses an explicit
//! stack: no recursion on data from a file.

use super::dialect::{string, Dialect};
use super::SqlError;
use crate::engine::forest::{FeatureSpec, Tree};

/// Deepest `CASE` nesting written (far beyond log2 of any forest's leaves; a guard).
pub const MAX_NESTING: usize = 200;

/// How a split routes rows, in SQL.
enum Route {
    /// Every row goes to this child (SQL can decide the split without looking at the row).
    Always(usize),
    /// `left` is true exactly for the rows going left, `right` for the others.
    Split { left: String, right: String },
}

/// The tree as a `CASE` expression over the feature columns `cols` (in forest order), and its
/// deepest `CASE` nesting. `number` (0-based) is for errors.
pub fn tree_case(
    tree: &Tree,
    number: usize,
    features: &[FeatureSpec],
    cols: &[String],
    d: Dialect,
) -> Result<(String, usize), SqlError> {
    let routes: Vec<Option<Route>> = (0..tree.len())
        .map(|i| (!tree.is_leaf(i)).then(|| route(tree, i, features, cols, d)).transpose())
        .collect::<Result<_, _>>()?;
    let plan = nesting(tree, &routes);
    let depth = plan.depth[0];
    if depth > MAX_NESTING {
        return Err(SqlError::TooDeep { tree: number, depth, limit: MAX_NESTING });
    }
    enum Work {
        Subtree(usize),
        Chain(usize),
    }
    let skip = |mut i: usize| {
        while let Some(Route::Always(c)) = &routes[i] {
            i = *c;
        }
        i
    };
    let mut out = String::new();
    let mut stack = vec![Work::Subtree(0)];
    while let Some(work) = stack.pop() {
        match work {
            Work::Subtree(i) => {
                let i = skip(i);
                if routes[i].is_none() {
                    out.push_str(&d.float(tree.value(i))?);
                } else {
                    out.push_str("CASE");
                    stack.push(Work::Chain(i));
                }
            }
            Work::Chain(i) => {
                let i = skip(i);
                let Some(Route::Split { left, right }) = &routes[i] else {
                    out.push_str(" ELSE ");
                    out.push_str(&d.float(tree.value(i))?);
                    out.push_str(" END");
                    continue;
                };
                let (l, r) = tree.children(i).unwrap_or((i, i));
                let (cond, then, rest) =
                    if plan.left_first[i] { (left, l, r) } else { (right, r, l) };
                out.push_str(" WHEN ");
                out.push_str(cond);
                out.push_str(" THEN ");
                stack.push(Work::Chain(rest));
                stack.push(Work::Subtree(then));
            }
        }
    }
    Ok((out, depth))
}

/// Per node: the `CASE` nesting its subtree needs, and which child goes under `THEN`.
struct Nesting {
    depth: Vec<usize>,
    left_first: Vec<bool>,
}

/// Chooses, bottom-up, the child to nest at every split so that nesting is least (on a tie,
/// the child with the shorter condition). A subtree starting at a split needs 1 + (the deepest
/// `THEN` subtree along its chain of `WHEN`s).
fn nesting(tree: &Tree, routes: &[Option<Route>]) -> Nesting {
    let n = tree.len();
    // depth: nesting of the subtree as its own expression; chain: deepest THEN along the chain
    // of WHENs that starts at the node.
    let mut depth = vec![0usize; n];
    let mut chain = vec![0usize; n];
    let mut left_first = vec![true; n];
    // Children come after their parent (checked on import), so one backward pass suffices.
    for i in (0..n).rev() {
        match &routes[i] {
            None => {}
            Some(Route::Always(c)) => {
                depth[i] = depth[*c];
                chain[i] = chain[*c];
            }
            Some(Route::Split { left, right }) => {
                let (l, r) = tree.children(i).unwrap_or((i, i));
                let nest_left = depth[l].max(chain[r]);
                let nest_right = depth[r].max(chain[l]);
                // On a tie the shorter condition is written.
                left_first[i] = (nest_left, left.len()) <= (nest_right, right.len());
                chain[i] = nest_left.min(nest_right);
                depth[i] = 1 + chain[i];
            }
        }
    }
    Nesting { depth, left_first }
}

/// The SQL routing of split node `i`.
fn route(
    tree: &Tree,
    i: usize,
    features: &[FeatureSpec],
    cols: &[String],
    d: Dialect,
) -> Result<Route, SqlError> {
    let f = tree.feature(i);
    let (left, right) = tree.children(i).unwrap_or((i, i));
    let x = &cols[f];
    let missing_left = tree.missing_left(i);
    let Some(levels) = &features[f].levels else {
        // +∞: every present value goes left, so only NULL decides.
        if tree.threshold(i) == f64::INFINITY {
            return Ok(if missing_left {
                Route::Always(left)
            } else {
                Route::Split { left: format!("{x} IS NOT NULL"), right: format!("{x} IS NULL") }
            });
        }
        let t = d.float(tree.threshold(i))?;
        let (le, gt) = (format!("{x} <= {t}"), format!("{x} > {t}"));
        return Ok(if missing_left {
            Route::Split { left: format!("({le} OR {x} IS NULL)"), right: gt }
        } else {
            Route::Split { left: le, right: format!("({gt} OR {x} IS NULL)") }
        });
    };
    // Direction of a training code, as `Tree::leaf_of` decides it; code `levels.len()` is what
    // every label unseen in training gets.
    let goes_left = |code: usize| {
        if tree.left_set(i).binary_search(&(code as u32)).is_ok() {
            true
        } else if (code as f64) < tree.threshold(i) {
            false
        } else {
            missing_left
        }
    };
    let mut to_left = Vec::new();
    let mut to_right = Vec::new();
    for (code, label) in levels.iter().enumerate() {
        let quoted = string(label)?;
        if goes_left(code) {
            to_left.push(quoted);
        } else {
            to_right.push(quoted);
        }
    }
    let unseen_left = goes_left(levels.len());
    let split = |a_is_left: bool, a: String, b: String| {
        if a_is_left {
            Route::Split { left: a, right: b }
        } else {
            Route::Split { left: b, right: a }
        }
    };
    Ok(match (missing_left, unseen_left) {
        // NULL and unseen labels go the same way as every label not listed.
        (true, true) if to_right.is_empty() => Route::Always(left),
        (false, false) if to_left.is_empty() => Route::Always(right),
        (true, true) => split(false, is_in(x, &to_right), null_or_not_in(x, &to_right)),
        (false, false) => split(true, is_in(x, &to_left), null_or_not_in(x, &to_left)),
        // NULL goes one way, unseen labels the other.
        (true, false) => split(true, null_or_in(x, &to_left), present_not_in(x, &to_left)),
        (false, true) => split(false, null_or_in(x, &to_right), present_not_in(x, &to_right)),
    })
}

/// `x IN (labels)`; `labels` is not empty.
fn is_in(x: &str, labels: &[String]) -> String {
    format!("{x} IN ({})", labels.join(", "))
}

/// NULL or not one of `labels` (not empty).
fn null_or_not_in(x: &str, labels: &[String]) -> String {
    format!("({x} IS NULL OR {x} NOT IN ({}))", labels.join(", "))
}

/// NULL or one of `labels` (possibly none).
fn null_or_in(x: &str, labels: &[String]) -> String {
    if labels.is_empty() {
        format!("{x} IS NULL")
    } else {
        format!("({x} IS NULL OR {x} IN ({}))", labels.join(", "))
    }
}

/// Present and not one of `labels` (possibly none).
fn present_not_in(x: &str, labels: &[String]) -> String {
    if labels.is_empty() {
        format!("{x} IS NOT NULL")
    } else {
        format!("{x} NOT IN ({})", labels.join(", "))
    }
}
