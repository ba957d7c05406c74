//! Column roles on the command line: `--role NAME=feature|id|ignore` and `--drop` as role
//! overrides, and the columns left out of the features, with why.

use anyhow::Context;
use micronum::engine::ingest::{effective_roles, Role, RoleOverride};
use micronum::engine::table::Table;

/// The `--role` and `--drop` overrides of the command line.
pub fn overrides(roles: &[String], drop: &[String]) -> anyhow::Result<Vec<RoleOverride>> {
    let mut out = Vec::new();
    for r in roles {
        let (column, role) = r
            .split_once('=')
            .with_context(|| format!("--role takes NAME=feature|id|ignore, got {r:?}"))?;
        let role = role.parse::<Role>().map_err(|e| anyhow::anyhow!("--role {r}: {e}"))?;
        out.push(RoleOverride { column: column.trim().to_string(), role });
    }
    let dropped = drop.iter().map(|d| RoleOverride { column: d.clone(), role: Role::Ignore });
    Ok(out.into_iter().chain(dropped).collect())
}

/// Columns of the prepared table that are not features, with why (for the summary).
pub fn left_out(table: &Table, target: &str, overrides: &[RoleOverride]) -> Vec<(String, String)> {
    let roles = effective_roles(table, Some(target), overrides, &[]);
    roles
        .into_iter()
        .filter(|r| matches!(r.role, Role::Id | Role::Ignore))
        .map(|r| (r.column, r.evidence))
        .collect()
}

/// The columns that are not features, and why.
pub fn print_left_out(left: &[(String, String)]) {
    if left.is_empty() {
        return;
    }
    println!("Not used as features (set with --role NAME=feature):");
    for (name, why) in left {
        println!("  {name}: {why}");
    }
    println!();
}
