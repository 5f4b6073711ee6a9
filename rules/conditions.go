package rules

import "github.com/respec-dev/respec/errcodes"

// ruleText is a rule's own condition and retry class, where they differ from its catalog
// entry's.
type ruleText struct {
	condition string
	// retry is the rule's retry class; 0 means the entry's.
	retry errcodes.RetryClass
}

// ruleTexts gives each rule that returns the same catalog entry as another rule its own
// condition (and, where the caller's remedy differs, its own retry class). A rule not listed
// here is the only one returning its entry, whose condition and retry class are the rule's:
// each fact is stated once. A test holds every rule's condition distinct from every other's.
var ruleTexts = map[string]ruleText{
	"facts.current-type": {condition: "the instance's current (or pending) type is not in the catalog, or its status is not one of the five API statuses: the facts contradict themselves"},
	"money.orders-valid": {condition: "a downgrade's refund cannot be computed: an order of the instance is malformed (it ends before it starts, its discount is above 1, …)"},

	"instance.family-changeable": {condition: "the current family cannot change type at all (the published family-change data: d1, i2, re6p, g7t, …): every target is beyond the permitted range",
		retry: errcodes.Final},
	"target.reachable": {condition: "the target type exists but its family is not among those the current family may change to (the published family-change data), nor reachable by a ticket the account holds"},

	"target.ticket": {condition: "the change from the current family to the target's needs a support ticket and cannot be reversed (the catalog's ticket-only changes: g6 to g6e or g7, hfc6 to hfc7, …) and the account has no such ticket",
		retry: errcodes.FixThenRetry},
	"target.account-authorized": {condition: "the target type requires an account authorization and the account is not authorized for it"},

	"status.settled": {condition: "an upgrade, or a change whose direction is not known (the target type is not in the catalog), of an instance in a transitional status (Pending, Starting, Stopping); a downgrade in any status but Stopped is status.stopped-required's"},
	"status.allowed": {condition: "the instance is settled (Running or Stopped) but the policy allows this direction of change from neither its status nor, for a Running instance, from Stopped (that case is status.stopped-required's)",
		retry: errcodes.FixThenRetry},

	"direction.operator-type":          {condition: "OperatorType (or, when omitted, the direction the policy reads it as) contradicts the real direction of the change by list price, vCPU and memory"},
	"direction.temporary-upgrade-only": {condition: "EndTime (a temporary change) is given for a downgrade: only an upgrade can be temporary"},
}

// condition returns the rule's condition.
func (r *rule) condition() string {
	if t, ok := ruleTexts[r.name]; ok && t.condition != "" {
		return t.condition
	}
	return r.id.Entry().Condition
}

// retry returns the rule's retry class.
func (r *rule) retry() errcodes.RetryClass {
	if t, ok := ruleTexts[r.name]; ok && t.retry != 0 {
		return t.retry
	}
	return r.id.Entry().Retry
}
