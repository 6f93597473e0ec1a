//! A YAML tree with a location on every node, for the three places that
//! read YAML (front matter, the config file, rule files): strict checks
//! need to point at the exact key or value that is wrong.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

#[derive(Debug, Clone)]
pub enum Node {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    Null,
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
}

impl Node {
    /// What kind of value this is, for error messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Node::Str(_) => "a string",
            Node::Bool(_) => "true or false",
            Node::Int(_) => "a number",
            Node::Float(_) => "a number",
            Node::Null => "nothing",
            Node::Map(_) => "a mapping",
            Node::Seq(_) => "a list",
        }
    }
}

/// Parse `yaml` into a located tree. An empty document is `Null`.
pub fn parse(yaml: &str) -> Result<Spanned<Node>, serde_saphyr::Error> {
    if yaml.trim().is_empty() {
        return Ok(Spanned::new(
            Node::Null,
            Location::UNKNOWN,
            Location::UNKNOWN,
        ));
    }
    // YAML 1.2 booleans only (`n: 1` has the key `n`), and null-like keys
    // read as text.
    let options = serde_saphyr::options! {
        with_snippet: false,
        strict_booleans: true,
        null_as_string: true,
    };
    serde_saphyr::from_str_with_options(yaml, options)
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Float(v as f64))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Float(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Node, A::Error> {
        let mut v = Vec::new();
        while let Some(k) = m.next_key::<Spanned<Key>>()? {
            let key = Spanned::new(k.value.0, k.referenced, k.defined);
            v.push((key, m.next_value::<Spanned<Node>>()?));
        }
        Ok(Node::Map(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Node, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = s.next_element::<Spanned<Node>>()? {
            v.push(x);
        }
        Ok(Node::Seq(v))
    }
}

/// A mapping key of any scalar type, as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key(String::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Key, A::Error> {
                while m.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(Key(String::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Key, A::Error> {
                while s.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Key(String::new()))
            }
        }
        d.deserialize_string(KeyVisitor)
    }
}
