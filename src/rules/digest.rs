//! The rule set's digest: `sha256:` over the policies, the messages, the
//! labels and the effective configuration, so that two engines with the same
//! digest judge every incident the same way, in the same words.
//!
//! It is a hash of hashes, so that build.rs can hash the built-in policies,
//! messages and labels once, at build time: hashing about 100 KB of text
//! was a quarter of an engine's first construction in Wasm, where that code
//! runs cold. build.rs includes this file.

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// The hash of policy files given as `(path, source)`, in path order (used
/// by build.rs, and by rule sets given as files).
#[cfg_attr(not(feature = "rego"), allow(dead_code))]
pub fn files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Hash {
    let mut sorted: Vec<(&str, &str)> = files.into_iter().collect();
    sorted.sort();
    let mut h = Sha256::new();
    for (path, source) in sorted {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(source.as_bytes());
        h.update([0]);
    }
    h.finalize().into()
}

/// The hash of one text (the messages or labels, in canonical JSON form).
pub fn text(text: &str) -> Hash {
    Sha256::digest(text.as_bytes()).into()
}

/// The digest of a rule set from its parts' hashes and its configuration.
pub fn ruleset(files: &Hash, messages: &Hash, labels: &Hash, config_json: &str) -> String {
    let mut h = Sha256::new();
    h.update(files);
    h.update(messages);
    h.update(labels);
    h.update(config_json.as_bytes());
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256:");
    for b in h.finalize() {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}
