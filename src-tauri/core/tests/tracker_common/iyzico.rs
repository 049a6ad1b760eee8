//! iyzico helpers for the tracker tests: request counts by path and a tracker for iyzico alone.

use super::{iyzico_client, Env};
use tahsildar_core::providers::iyzico::IyzicoToken;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::LinkRecord;
use tahsildar_core::tracker::{Clients, Tracker, TrackerConfig, TrackerEvent, TrackerHandle};
use tokio::sync::broadcast;

pub const LIST: &str = "/v2/iyzilink/products";

pub fn one(link: &LinkRecord) -> String {
    format!("{LIST}/{}", link.provider_id.as_deref().unwrap())
}

pub fn token(link: &LinkRecord) -> IyzicoToken {
    IyzicoToken::parse(link.provider_id.as_deref().unwrap()).unwrap()
}

/// `get` calls: for any link, or for `link`.
pub fn gets(env: &Env) -> usize {
    let prefix = format!("{LIST}/");
    lock(&env.sb.state().faults).requests().iter().filter(|r| r.method == "GET" && r.path.starts_with(&prefix)).count()
}

pub fn gets_of(env: &Env, link: &LinkRecord) -> usize {
    let path = one(link);
    lock(&env.sb.state().faults).requests().iter().filter(|r| r.method == "GET" && r.path == path).count()
}

pub fn paid_ids(events: &[TrackerEvent]) -> Vec<i64> {
    events
        .iter()
        .filter_map(|e| if let TrackerEvent::Paid { link_id, .. } = e { Some(*link_id) } else { None })
        .collect()
}

/// A tracker for iyzico alone, at `base` (the sandbox, or a pass-through in front of it).
pub fn iyzico_only(env: &Env, base: &str, config: TrackerConfig) -> (TrackerHandle, broadcast::Receiver<TrackerEvent>) {
    let (tx, rx) = broadcast::channel(1024);
    let clients = Clients::default().with(Some(iyzico_client(base)));
    (Tracker::spawn(env.tracked.clone(), clients, tx, config), rx)
}
