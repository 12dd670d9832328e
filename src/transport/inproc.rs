//! The inproc transport (placeholder while the registry is written).

#[derive(Default)]
pub struct Registry {}

impl Registry {
    pub fn clear(&mut self) {}
}
