package world

import "fmt"

// Split returns the world as its parts: rest, the world without accounts or instances (its
// moment, catalog, policy and limits), and one world per account (by AccountID) holding that
// account and the instances it owns, at the same moment. No operation reads or changes more
// than its caller's account and that account's instances, so an operation on a part answers
// and changes exactly what it does on the whole world, and parts can be changed
// independently (concurrently, by different owners) and joined again: rest.Join(parts...) is
// w.
func (w World) Split() (rest World, parts map[string]World) {
	rest = World{now: w.now, catalog: w.catalog, policy: w.policy, limits: w.limits}
	parts = make(map[string]World, w.accounts.len())
	w.accounts.each(func(id string, a *account) bool {
		p := rest
		p.accounts = p.accounts.set(id, a)
		parts[id] = p
		return true
	})
	w.instances.each(func(id string, s *instance) bool {
		p := parts[s.owner]
		p.instances = p.instances.set(id, s)
		parts[s.owner] = p
		return true
	})
	return rest, parts
}

// Join returns w with the accounts and instances of parts added, at the latest of the
// moments of w and the parts (time is lazy: moving a world's moment forward changes nothing
// but what its readers see at that moment). Its catalog, policy and limits are w's. An
// account or instance given twice (in w or in two parts) is an ErrInvalidWorld error.
func (w World) Join(parts ...World) (World, error) {
	for _, p := range parts {
		if p.now.After(w.now) {
			w.now = p.now
		}
	}
	for _, p := range parts {
		dup := joinInto(&w.accounts, p.accounts, "account ")
		if dup == "" {
			dup = joinInto(&w.instances, p.instances, "instance ")
		}
		if dup != "" {
			return World{}, fmt.Errorf("%w: %s is in two of the worlds joined", ErrInvalidWorld, dup)
		}
	}
	return w, nil
}

// joinInto adds the entries of src to *dst and returns "", or kind and the first key already in
// *dst.
func joinInto[V any](dst *pmap[V], src pmap[V], kind string) string {
	var dup string
	src.each(func(id string, v V) bool {
		if _, ok := dst.get(id); ok {
			dup = kind + id
			return false
		}
		*dst = dst.set(id, v)
		return true
	})
	return dup
}
