//! The forest in a model file. Written in the version-2 layout: the numeric thresholds once per
//! forest (`cuts`, one ascending list per feature, empty for categorical ones) and every tree
//! as packed sections in base64 (see [`super::tree`]'s `pack`), about a tenth of the version-1
//! size. Read in either layout: version-1 trees (one JSON array per node field) are converted,
//! their thresholds gathered into the table and their values and weights kept as written.
//! Either way every tree is checked as it is read, so a damaged file is an error naming the tree.

use std::sync::Arc;

use serde::de::Error as _;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::params::ValidForestParams;
use super::tree::{FlatTree, PackedTree, Thresholds};
use super::{FeatureSpec, Forest};

impl Forest {
    /// The threshold table the forest's trees are written against: their shared table (every
    /// fitted forest has one), else the union of their tables.
    pub fn thresholds(&self) -> Arc<Thresholds> {
        let Some(first) = self.trees.first().map(|t| t.thresholds()) else {
            return Arc::new(Thresholds::default());
        };
        if self.trees.iter().all(|t| Arc::ptr_eq(t.thresholds(), first) || t.thresholds() == first)
        {
            return first.clone();
        }
        let n = self.trees.iter().map(|t| t.thresholds().len()).max().unwrap_or(0);
        let mut lists: Vec<Vec<f64>> = vec![Vec::new(); n];
        for t in &self.trees {
            for (f, list) in t.thresholds().lists().iter().enumerate() {
                lists[f].extend_from_slice(list);
            }
        }
        for l in &mut lists {
            l.sort_by(f64::total_cmp);
            l.dedup_by(|a, b| a.to_bits() == b.to_bits());
        }
        // Each list merges valid lists, so it is valid unless it grew past the limit.
        Arc::new(Thresholds::new(lists).unwrap_or_default())
    }

    /// Per feature: true when categorical.
    pub fn categorical(&self) -> Vec<bool> {
        self.features.iter().map(|f| f.levels.is_some()).collect()
    }
}

/// The trees of a forest, each packed when it is serialised (one tree's sections in memory at
/// a time).
struct PackedTrees<'a>(&'a Forest, &'a Thresholds);

impl Serialize for PackedTrees<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.trees.iter().map(|t| t.pack(self.1)))
    }
}

impl Serialize for Forest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cuts = self.thresholds();
        let mut st = s.serialize_struct("Forest", 7)?;
        st.serialize_field("features", &self.features)?;
        st.serialize_field("cuts", cuts.lists())?;
        st.serialize_field("trees", &PackedTrees(self, &cuts))?;
        st.serialize_field("importances", &self.importances)?;
        st.serialize_field("oob_score", &self.oob_score)?;
        st.serialize_field("params", &self.params)?;
        st.serialize_field("n_train", &self.n_train)?;
        st.end()
    }
}

/// A tree as a file holds it: packed (version 2) or as arrays (version 1).
enum TreeIn {
    Packed(PackedTree),
    Flat(FlatTree),
}

impl<'de> Deserialize<'de> for TreeIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TreeIn, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let tree = if value.get("shape").is_some() {
            serde_json::from_value(value).map(TreeIn::Packed)
        } else {
            serde_json::from_value(value).map(TreeIn::Flat)
        };
        tree.map_err(D::Error::custom)
    }
}

/// The forest's fields as a file holds them.
#[derive(Deserialize)]
struct ForestIn {
    features: Vec<FeatureSpec>,
    /// Present from version 2 on.
    #[serde(default)]
    cuts: Option<Vec<Vec<f64>>>,
    trees: Vec<TreeIn>,
    importances: Vec<f64>,
    oob_score: Option<f64>,
    params: ValidForestParams,
    n_train: usize,
}

impl<'de> Deserialize<'de> for Forest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Forest, D::Error> {
        let f = ForestIn::deserialize(d)?;
        let categorical: Vec<bool> = f.features.iter().map(|s| s.levels.is_some()).collect();
        let features = &f.features;
        let trees = match f.cuts {
            Some(lists) => {
                let cuts = Arc::new(Thresholds::new(lists).map_err(D::Error::custom)?);
                f.trees
                    .iter()
                    .enumerate()
                    .map(|(t, tree)| {
                        match tree {
                            TreeIn::Packed(p) => p.unpack(&categorical, &cuts),
                            TreeIn::Flat(_) => Err("arrays in a packed forest".to_string()),
                        }
                        .map_err(|e| D::Error::custom(format!("tree {t}: {e}")))
                    })
                    .collect::<Result<Vec<_>, _>>()?
            }
            None => {
                let flat: Vec<FlatTree> = f
                    .trees
                    .into_iter()
                    .enumerate()
                    .map(|(t, tree)| match tree {
                        TreeIn::Flat(flat) => Ok(flat),
                        TreeIn::Packed(_) => {
                            Err(D::Error::custom(format!("tree {t}: packed, but no \"cuts\"")))
                        }
                    })
                    .collect::<Result<_, _>>()?;
                let cuts = FlatTree::thresholds(&flat, features).map_err(D::Error::custom)?;
                let cuts = Arc::new(cuts);
                let compact = flat.iter().enumerate().map(|(t, tree)| {
                    tree.compact(features, &cuts)
                        .map_err(|e| D::Error::custom(format!("tree {t}: {e}")))
                });
                compact.collect::<Result<Vec<_>, _>>()?
            }
        };
        Ok(Forest {
            features: f.features,
            trees,
            importances: f.importances,
            oob_score: f.oob_score,
            params: f.params,
            n_train: f.n_train,
            oob_proba: None,
        })
    }
}
