//! A saved model as one SQL `SELECT`, so a warehouse can score a table without micronum.
//!
//! Shape of the query: a `WITH RECURSIVE` chain. `micronum_input` reads the raw feature columns
//! (and the id) and numbers the rows; one `micronum_step_N` per cleaning step that changes a
//! feature replays it; `micronum_trees` adds the trees' leaf values to a running sum, in tree
//! order and [`TREES_PER_STEP`] trees per recursive step, so the sum is the same `f64` micronum
//! computes and no expression is deeper than about 100 + a tree's `CASE` nesting (SQLite
//! refuses expressions more than 1000 deep; a forest may hold 5000 trees); the final `SELECT`
//! divides by the number of trees.
//!
//! Exactness: every number is written with its shortest round-trip digits (see
//! [`Dialect::float`]) and all arithmetic is in 64-bit floats, so the scores equal
//! `micronum predict`'s. What SQL cannot repeat exactly is refused ([`SqlError`]), never
//! approximated. `row` is the 0-based position of the row in the table's scan order (the file's
//! record index when the table was loaded in file order).

mod cleaning;
mod dialect;
mod error;
mod trees;

pub(crate) use cleaning::{feature_named, numeric_token, plan, step_column, Plan};
pub use dialect::Dialect;
pub(crate) use dialect::{comment, ident, string, table};
pub use error::SqlError;
pub use trees::MAX_NESTING;

use super::{validate, Model};

/// Trees added to the running sum per recursive step.
pub const TREES_PER_STEP: usize = 100;

/// What to write.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlOptions {
    pub dialect: Dialect,
    /// The table to score: `name` or `schema.name`.
    pub table: String,
    /// Accept that the query scores every row where the cleaning log would drop some
    /// (duplicates, rows missing the target); the scores of the other rows do not change.
    pub keep_all_rows: bool,
}

impl Default for SqlOptions {
    fn default() -> Self {
        SqlOptions { dialect: Dialect::Sqlite, table: "batch".into(), keep_all_rows: false }
    }
}

/// The query and what was noticed while writing it.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlExport {
    pub sql: String,
    /// How each cleaning step was handled (also in the query's header comment).
    pub notes: Vec<String>,
    /// Deepest `CASE` nesting of any tree.
    pub max_nesting: usize,
}

/// Writes `model` as a query scoring `opts.table`.
pub fn export_sql(model: &Model, opts: &SqlOptions) -> Result<SqlExport, SqlError> {
    validate::check(model)?;
    let d = opts.dialect;
    let table = dialect::table(&opts.table)?;
    if opts.table.to_ascii_lowercase().starts_with("micronum_") && !opts.table.contains('.') {
        return Err(SqlError::BadTableName(opts.table.clone()));
    }
    let features = &model.forest.features;
    let raw: Vec<String> =
        features.iter().map(|f| dialect::ident(&f.name)).collect::<Result<_, _>>()?;
    let cols: Vec<String> = (0..features.len()).map(|j| format!("f{j}")).collect();
    let plan = cleaning::plan(&model.cleaning, features, &raw, &cols, d, opts.keep_all_rows)?;
    let id = model.id_column.as_deref().map(dialect::ident).transpose()?;
    let mut sql = header(model, opts, &plan.notes);
    sql.push_str("WITH RECURSIVE\n");
    let (ctes, carry, from) = cleaning_ctes(&plan, id.as_deref(), &cols, &table);
    sql.push_str(&ctes);
    let (trees, steps, max_nesting) = trees_cte(model, &carry, &cols, &from, d)?;
    sql.push_str(&trees);
    let n = d.float(model.forest.trees.len() as f64)?;
    sql.push_str("\nSELECT\n    mn_row AS \"row\"");
    if let Some(id) = &id {
        sql.push_str(&format!(",\n    mn_id AS {id}"));
    }
    sql.push_str(&format!(
        ",\n    mn_sum / {n} AS \"proba\"\nFROM micronum_trees\nWHERE mn_k = {steps}\nORDER BY mn_row;\n"
    ));
    Ok(SqlExport { sql, notes: plan.notes, max_nesting })
}

/// The common table expressions that read and clean the columns: `micronum_input`, then one
/// `micronum_step_N` per translated step, each carrying `mn_row`, `mn_id` (when there is an
/// id) and the columns `cols`. Returns the text (without `WITH`), the carried columns and the
/// name of the last expression.
pub(crate) fn cleaning_ctes(
    plan: &Plan,
    id: Option<&str>,
    cols: &[String],
    table: &str,
) -> (String, Vec<String>, String) {
    let mut carry = vec!["mn_row".to_string()];
    carry.extend(id.map(|_| "mn_id".to_string()));
    carry.extend(cols.iter().cloned());
    let mut sql = input_cte(&plan.inputs, id, cols, table);
    let mut from = "micronum_input".to_string();
    for step in &plan.steps {
        let name = format!("micronum_step_{}", step.number);
        let select: Vec<String> = carry
            .iter()
            .map(|c| match step.exprs.iter().find(|(j, _)| &cols[*j] == c) {
                Some((_, e)) => format!("{e} AS {c}"),
                None => c.clone(),
            })
            .collect();
        sql.push_str(&format!(
            ",\n{name} AS (\n  SELECT\n    {}\n  FROM {from}\n)",
            select.join(",\n    ")
        ));
        from = name;
    }
    (sql, carry, from)
}

/// The first step: row numbers, the id and every feature read from its raw column.
fn input_cte(inputs: &[String], id: Option<&str>, cols: &[String], table: &str) -> String {
    let mut s = "micronum_input AS (\n  SELECT\n    ROW_NUMBER() OVER () - 1 AS mn_row".to_string();
    if let Some(id) = id {
        s.push_str(&format!(",\n    {id} AS mn_id"));
    }
    for (input, col) in inputs.iter().zip(cols) {
        s.push_str(&format!(",\n    {input} AS {col}"));
    }
    s.push_str(&format!("\n  FROM {table}\n)"));
    s
}

/// The running sum of the trees: a recursive step `mn_k` adds trees `100·k … 100·k + 99` to
/// `mn_sum` one by one (in tree order, so the sum is micronum's own). A chain of separate steps
/// would not do: SQLite adds up the expression heights of nested subqueries and refuses past
/// 1000, which a 1000-tree chain reaches. Returns the text, the number of steps and the deepest
/// `CASE` nesting.
fn trees_cte(
    model: &Model,
    carry: &[String],
    cols: &[String],
    from: &str,
    d: Dialect,
) -> Result<(String, usize, usize), SqlError> {
    let zero = match d {
        Dialect::Sqlite => d.float(0.0)?,
        _ => d.cast_float(&d.float(0.0)?),
    };
    let carried = carry.join(", ");
    let mut s = format!(
        ",\nmicronum_trees AS (\n  SELECT 0 AS mn_k, {carried}, {zero} AS mn_sum\n  FROM {from}\n  UNION ALL\n  SELECT mn_k + 1, {carried},\n    CASE mn_k"
    );
    let mut max_nesting = 0;
    let chunks: Vec<_> = model.forest.trees.chunks(TREES_PER_STEP).collect();
    for (k, chunk) in chunks.iter().enumerate() {
        let mut terms = vec!["mn_sum".to_string()];
        for (t, tree) in chunk.iter().enumerate() {
            let number = k * TREES_PER_STEP + t;
            let (case, nesting) = trees::tree_case(tree, number, &model.forest.features, cols, d)?;
            max_nesting = max_nesting.max(nesting);
            terms.push(match d {
                Dialect::Sqlite => case,
                _ => d.cast_float(&case),
            });
        }
        s.push_str(&format!("\n    WHEN {k} THEN\n      {}", terms.join("\n      + ")));
    }
    s.push_str(&format!("\n    END\n  FROM micronum_trees\n  WHERE mn_k < {}\n)", chunks.len()));
    Ok((s, chunks.len(), max_nesting))
}

/// The comment block at the top: what the query computes and how the cleaning was handled.
fn header(model: &Model, opts: &SqlOptions, notes: &[String]) -> String {
    let c = dialect::comment;
    let mut h = format!(
        "-- micronum model ({} trees, created {}): P({} = {}) for every row of {}.\n-- Dialect: {}. Output: row (0-based, in scan order){}, proba.\n",
        model.forest.trees.len(),
        c(&model.created),
        c(&model.target.column),
        c(&model.target.labels[1]),
        c(&opts.table),
        opts.dialect,
        model.id_column.as_deref().map(|i| format!(", {}", c(i))).unwrap_or_default(),
    );
    let features: Vec<String> = model
        .forest
        .features
        .iter()
        .map(|f| format!("{} ({})", c(&f.name), if f.levels.is_some() { "text" } else { "number" }))
        .collect();
    h.push_str(&format!("-- Columns read: {}.\n", features.join(", ")));
    if opts.dialect == Dialect::Postgres {
        h.push_str("-- PostgreSQL: run it with SET jit = off; compiling an expression this large takes far\n-- longer (and more memory) than running it.\n");
    }
    if notes.is_empty() {
        h.push_str("-- Cleaning: none.\n");
    }
    for n in notes {
        h.push_str(&format!("-- Cleaning {}\n", c(n)));
    }
    h
}

#[cfg(test)]
mod tests;
