//! One column's role in the Data step: what micronum inferred (and why), and a select the user
//! can change (feature, id, ignore). The target's role follows the target chosen in the Clean
//! step. Changes go with every training (`AppState::role_overrides`).

use leptos::prelude::*;

use crate::engine::ingest::{ColumnInfo, Role, RoleOverride};
use crate::ui::state::AppState;

/// The role cell of `column`.
#[component]
pub fn RoleSelect(
    /// The column as ingest described it (its inferred role and evidence).
    column: ColumnInfo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = column.name.clone();
    let inferred = column.role;
    let current = {
        let name = name.clone();
        move || state.role_overrides.with(|o| o.iter().find(|o| o.column == name).map(|o| o.role))
    };
    let is_target = {
        let name = name.clone();
        move || state.target.with(|t| t.as_deref() == Some(name.as_str()))
    };
    let choose = {
        let name = name.clone();
        move |ev: web_sys::Event| {
            let role = match event_target_value(&ev).as_str() {
                "id" => Role::Id,
                "ignore" => Role::Ignore,
                _ => Role::Feature,
            };
            state.role_overrides.update(|o| {
                o.retain(|o| o.column != name);
                if role != inferred {
                    o.push(RoleOverride { column: name.clone(), role });
                }
            });
        }
    };
    let label = format!("Role of {name}");
    let evidence = column.role_evidence.clone();
    move || {
        if is_target() {
            return view! { <span class="role target" data-testid="role-target">"target"</span> }
                .into_any();
        }
        let shown = current().unwrap_or(match inferred {
            Role::Target => Role::Feature,
            r => r,
        });
        let option = |role: Role| {
            view! { <option value=role.as_str() selected=shown == role>{role.as_str()}</option> }
        };
        view! {
            <select class="role" aria-label=label.clone() title=evidence.clone() data-role=shown.as_str() on:change=choose.clone()>
                {option(Role::Feature)}{option(Role::Id)}{option(Role::Ignore)}
            </select>
        }
        .into_any()
    }
}
