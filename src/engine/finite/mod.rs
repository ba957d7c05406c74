//! Finds the numbers JSON cannot hold. serde_json writes NaN and ±∞ as `null`, which a reader
//! then refuses where it expects a number (or reads as "absent" where the field is optional), so
//! a value that holds one does not come back as it was written. [`check_finite`] walks any
//! `Serialize` value the way a serializer would, without writing anything, and names the first
//! such number by its path (`forest.trees[3].threshold[17]`), so a writer can refuse it.
//!
//! Invariant: the walk sees exactly what serde_json would write (skipped fields are skipped,
//! custom `serialize_with` mappings applied); it allocates only for map keys.

use std::fmt;

use serde::ser::{self, Serialize};
use serde_json::Value;
use thiserror::Error;

/// A number JSON would write as `null`, or a value that cannot be serialized at all.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum NotWritable {
    /// `path` is where the number sits, e.g. `forest.trees[3].threshold[17]`.
    #[error("{path} is {value}, which JSON cannot hold")]
    NotFinite { path: String, value: f64 },
    #[error("{path}: {message}")]
    Unserializable { path: String, message: String },
}

/// `Ok` when every floating-point number in `value` is finite.
pub fn check_finite<T: Serialize + ?Sized>(value: &T) -> Result<(), NotWritable> {
    let mut walk = Walk { path: Vec::new() };
    match value.serialize(&mut walk) {
        Ok(()) => Ok(()),
        Err(Stop::NotFinite(value)) => {
            Err(NotWritable::NotFinite { path: walk.path_text(), value })
        }
        Err(Stop::Custom(message)) => {
            Err(NotWritable::Unserializable { path: walk.path_text(), message })
        }
    }
}

/// One step of the path to the value being visited.
enum Step {
    Field(&'static str),
    Index(usize),
    /// A map entry, by its key as JSON text (`"roc_auc"`).
    Key(String),
}

/// The walker: the path from the root to the value being visited. It is left as it was when a
/// non-finite number stops the walk, so it names that number.
struct Walk {
    path: Vec<Step>,
}

impl Walk {
    fn path_text(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Field(name) if out.is_empty() => out.push_str(name),
                Step::Field(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Key(k) => out.push_str(&format!("[{k}]")),
            }
        }
        if out.is_empty() {
            out.push_str("the value");
        }
        out
    }

    /// Visits `value` as the next element of the sequence on top of the path.
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        value.serialize(&mut *self)?;
        if let Some(Step::Index(i)) = self.path.last_mut() {
            *i += 1;
        }
        Ok(())
    }

    /// Visits `value` as field `name` of the struct on top of the path.
    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Stop> {
        if let Some(top) = self.path.last_mut() {
            *top = Step::Field(name);
        }
        value.serialize(&mut *self)
    }

    fn float(&mut self, x: f64) -> Result<(), Stop> {
        if x.is_finite() {
            Ok(())
        } else {
            Err(Stop::NotFinite(x))
        }
    }

    /// Leaves the last `n` steps of the path (a compound value was visited).
    fn pop(&mut self, n: usize) -> Result<(), Stop> {
        self.path.truncate(self.path.len().saturating_sub(n));
        Ok(())
    }
}

/// Why the walk stopped early.
#[derive(Debug)]
enum Stop {
    NotFinite(f64),
    Custom(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::NotFinite(x) => write!(f, "{x} is not finite"),
            Stop::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Stop::Custom(msg.to_string())
    }
}

/// Scalars with nothing to check.
macro_rules! accept {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, _v: $ty) -> Result<(), Stop> { Ok(()) })*
    };
}

impl ser::Serializer for &mut Walk {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    accept!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_char: char, serialize_str: &str, serialize_bytes: &[u8]);

    fn serialize_f32(self, v: f32) -> Result<(), Stop> {
        self.float(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Stop> {
        self.float(v)
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.path.push(Step::Field(variant));
        value.serialize(&mut *self)?;
        self.pop(1)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Stop> {
        self.path.push(Step::Index(0));
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, Stop> {
        self.path.push(Step::Index(0));
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, Stop> {
        self.path.push(Step::Index(0));
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Stop> {
        self.path.push(Step::Field(variant));
        self.path.push(Step::Index(0));
        Ok(self)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Stop> {
        self.path.push(Step::Key(String::new()));
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Stop> {
        self.path.push(Step::Field(""));
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Stop> {
        self.path.push(Step::Field(variant));
        self.path.push(Step::Field(""));
        Ok(self)
    }
}

/// The serializers of sequences and tuples (`pops`: steps pushed when they began; a variant
/// pushed its name too).
macro_rules! elements {
    ($($trait:ident: $method:ident pops $pops:literal),*) => {$(
        impl ser::$trait for &mut Walk {
            type Ok = ();
            type Error = Stop;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
                self.element(value)
            }
            fn end(self) -> Result<(), Stop> {
                self.pop($pops)
            }
        }
    )*};
}

/// The serializers of structs, as [`elements`] for sequences.
macro_rules! fields {
    ($($trait:ident pops $pops:literal),*) => {$(
        impl ser::$trait for &mut Walk {
            type Ok = ();
            type Error = Stop;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Stop> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Stop> {
                self.pop($pops)
            }
        }
    )*};
}

elements!(
    SerializeSeq: serialize_element pops 1,
    SerializeTuple: serialize_element pops 1,
    SerializeTupleStruct: serialize_field pops 1,
    SerializeTupleVariant: serialize_field pops 2
);
fields!(SerializeStruct pops 1, SerializeStructVariant pops 2);

impl ser::SerializeMap for &mut Walk {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        // JSON keys are strings (serde_json also writes numbers and booleans as such); the key's
        // JSON text names the entry.
        let text = match serde_json::to_value(key) {
            Ok(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => v.to_string(),
            _ => return Err(Stop::Custom("a map key is not a string or a number".into())),
        };
        if let Some(top) = self.path.last_mut() {
            *top = Step::Key(text);
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Stop> {
        self.pop(1)
    }
}

#[cfg(test)]
mod tests;
