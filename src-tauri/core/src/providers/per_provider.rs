//! One value per provider, keyed by [`Provider`]: what the tracker's report, its counters and the
//! clients are kept in, so a new provider gets its slot from [`Provider::ALL`] instead of a new
//! named field in every struct that lists the providers.

use super::Provider;
use serde::ser::{Serialize, SerializeMap, Serializer};

impl Provider {
    /// How many providers there are.
    pub const COUNT: usize = Provider::ALL.len();

    /// This provider's place in [`Provider::ALL`] (the enum is declared in that order; a test
    /// checks it).
    pub const fn index(self) -> usize {
        self as usize
    }
}

/// A `T` for every provider.
#[derive(Clone, PartialEq, Eq)]
pub struct PerProvider<T>([T; Provider::COUNT]);

impl<T> PerProvider<T> {
    /// Each provider's value made by `f`.
    pub fn from_fn(mut f: impl FnMut(Provider) -> T) -> Self {
        PerProvider(std::array::from_fn(|i| f(Provider::ALL[i])))
    }

    pub fn get(&self, provider: Provider) -> &T {
        &self.0[provider.index()]
    }

    pub fn get_mut(&mut self, provider: Provider) -> &mut T {
        &mut self.0[provider.index()]
    }

    /// Every provider's value, in [`Provider::ALL`]'s order.
    pub fn iter(&self) -> impl Iterator<Item = (Provider, &T)> {
        Provider::ALL.into_iter().zip(self.0.iter())
    }
}

impl<T: Default> Default for PerProvider<T> {
    fn default() -> Self {
        PerProvider::from_fn(|_| T::default())
    }
}

/// As a map keyed by the providers' names.
impl<T: std::fmt::Debug> std::fmt::Debug for PerProvider<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter().map(|(p, v)| (p.as_str(), v))).finish()
    }
}

/// As an object keyed by the providers' names (`{"paynet": …, "paytr": …, …}`), the shape the
/// named fields it replaced had.
impl<T: Serialize> Serialize for PerProvider<T> {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        let mut map = s.serialize_map(Some(Provider::COUNT))?;
        for (p, v) in self.iter() {
            map.serialize_entry(p.as_str(), v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_its_own_slot_in_all_s_order() {
        for (i, p) in Provider::ALL.into_iter().enumerate() {
            assert_eq!(p.index(), i, "{p} is declared out of Provider::ALL's order");
        }
        let mut each = PerProvider::from_fn(|p| p.as_str().len());
        *each.get_mut(Provider::Paytr) = 0;
        let seen: Vec<(Provider, usize)> = each.iter().map(|(p, v)| (p, *v)).collect();
        assert_eq!(seen, vec![(Provider::Paynet, 6), (Provider::Paytr, 0), (Provider::Iyzico, 6)]);
        assert_eq!(*each.get(Provider::Iyzico), 6);
        assert_eq!(format!("{each:?}"), r#"{"paynet": 6, "paytr": 0, "iyzico": 6}"#);
    }

    #[test]
    fn serializes_as_an_object_keyed_by_provider_name() {
        let each = PerProvider::from_fn(|p| p == Provider::Paytr);
        let json = serde_json::to_string(&each).unwrap();
        assert_eq!(json, r#"{"paynet":false,"paytr":true,"iyzico":false}"#);
    }
}
