//! [`log_to_pretty_json`]: a cleaning log as indented JSON, the text `serde_json::to_string_pretty`
//! writes, made by re-indenting the compact JSON. The page saves logs this way: a second,
//! pretty-printing copy of every step's serializer would cost it about 1 KB of gzipped wasm.

use super::CleaningLog;

/// The log as JSON indented by two spaces (byte for byte `serde_json::to_string_pretty`).
pub fn log_to_pretty_json(log: &CleaningLog) -> String {
    indent(&serde_json::to_string(log).unwrap_or_else(|_| "[]".into()))
}

/// Re-indents compact JSON (no whitespace outside strings) as serde_json's pretty printer does.
fn indent(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                out.push(c);
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::clean::{CleaningStep, ImputeStrategy};

    #[test]
    fn matches_serde_json_pretty_output() {
        let log = vec![
            CleaningStep::MissingTokens {
                tokens: vec!["N/A".into(), "say \"no\", {x}: [y]\\".into()],
            },
            CleaningStep::MissingTokens { tokens: Vec::new() },
            CleaningStep::NormalizeCategories { column: "G".into(), mapping: Default::default() },
            CleaningStep::FlagImpossible { column: "Age".into(), min: -0.5, max: f64::MAX },
            CleaningStep::Impute {
                column: "Ä,:".into(),
                strategy: ImputeStrategy::Constant,
                value: "0".into(),
                relearn: true,
            },
            CleaningStep::DropDuplicates,
        ];
        assert_eq!(log_to_pretty_json(&log), serde_json::to_string_pretty(&log).unwrap());
        assert_eq!(log_to_pretty_json(&Vec::new()), "[]");
    }
}
