package fleet

import (
	"slices"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

func downgradesThisMonth(a *model.Account, t time.Time, pol *model.Policy) int {
	start := rules.MonthStart(t, pol.BillingUTCOffsetMinutes)
	n := 0
	for _, d := range a.Quotas.Downgrades {
		if !d.Before(start) {
			n++
		}
	}
	return n
}

// Summary is what a plan did, for a reviewer.
type Summary struct {
	// Requests is the plan's requests (rules expanded); Sent every request sent, the
	// orchestration's included.
	Requests int `json:"Requests"`
	Sent     int `json:"Sent"`
	// SentByClass counts every request sent by outcome class (the code, or Accepted,
	// Accepted.OrderAbnormal, Accepted.OrderUnpaid); Final counts each plan request's answer.
	SentByClass map[string]int `json:"SentByClass"`
	Final       map[string]int `json:"Final"`
	// Accounts are the accounts the plan touched, by ID.
	Accounts []AccountSummary `json:"Accounts"`
	// LeftStopped are the instances the plan touched that are Stopped at the end and were not
	// at the start; AwaitingRestart those whose new type waits for a start or restart.
	LeftStopped     []string `json:"LeftStopped"`
	AwaitingRestart []string `json:"AwaitingRestart"`
	// CausedByPlan counts the answers the plan's own earlier requests caused, by reason; Caused
	// lists them.
	CausedByPlan map[string]int  `json:"CausedByPlan"`
	Caused       []CausedRefusal `json:"Caused,omitempty"`
}

// CausedRefusal is one answer the plan caused.
type CausedRefusal struct {
	Index      int    `json:"Index"`
	InstanceID string `json:"InstanceId"`
	Class      string `json:"Class"`
	Cause
}

// AccountSummary is one account's books over the plan, in the catalog's currency.
type AccountSummary struct {
	AccountID string `json:"AccountId"`
	Currency  string `json:"Currency"`
	// BalanceAfter = BalanceBefore − Charged + RefundedToBalance, exactly.
	BalanceBefore     decimal.Decimal `json:"BalanceBefore"`
	Charged           decimal.Decimal `json:"Charged"`
	RefundedToBalance decimal.Decimal `json:"RefundedToBalance"`
	RefundedElsewhere decimal.Decimal `json:"RefundedElsewhere"`
	BalanceAfter      decimal.Decimal `json:"BalanceAfter"`
	// DowngradesUsed is the month's downgrades at the end (the plan's and earlier ones);
	// DowngradeQuota and DowngradesLeft are nil when no monthly quota applies.
	DowngradesUsed int  `json:"DowngradesUsed"`
	DowngradeQuota *int `json:"DowngradeQuota,omitempty"`
	DowngradesLeft *int `json:"DowngradesLeft,omitempty"`
}

func summarize(w0, w world.World, reqs []Request, outs []Outcome, touched map[string]bool) Summary {
	s := Summary{Requests: len(reqs), Sent: len(outs), SentByClass: map[string]int{}, Final: map[string]int{},
		CausedByPlan: map[string]int{}, LeftStopped: []string{}, AwaitingRestart: []string{}}
	elsewhere := map[string]decimal.Decimal{}
	for i := range outs {
		s.count(&outs[i])
		if o := &outs[i]; o.AccountID != "" {
			elsewhere[o.AccountID] = addTo(elsewhere, o.AccountID, o.RefundedElsewhere)
		}
	}
	s.accounts(w0, w, elsewhere)
	for _, id := range w.InstanceIDs() {
		if touched[id] {
			s.instance(w0, w, id)
		}
	}
	slices.Sort(s.LeftStopped)
	slices.Sort(s.AwaitingRestart)
	return s
}

// accounts adds the books of each account the plan's outcomes name (the keys of elsewhere,
// what each had refunded to cards or PayPal), in the world's order.
func (s *Summary) accounts(w0, w world.World, elsewhere map[string]decimal.Decimal) {
	pol := w.Policy()
	for _, id := range w.AccountIDs() {
		if e, ok := elsewhere[id]; ok {
			s.Accounts = append(s.Accounts, accountSummary(w0, w, id, e, &pol))
		}
	}
}

// addTo returns m[k] + d (d when m holds no k).
func addTo(m map[string]decimal.Decimal, k string, d decimal.Decimal) decimal.Decimal {
	if e, ok := m[k]; ok {
		return e.Add(d)
	}
	return d
}

// count counts outcome o by class, as a final answer, and as caused by the plan.
func (s *Summary) count(o *Outcome) {
	c := o.Class()
	s.SentByClass[c]++
	if o.Final {
		s.Final[c]++
	}
	if o.CausedByPlan != nil {
		s.CausedByPlan[o.CausedByPlan.Reason]++
		s.Caused = append(s.Caused, CausedRefusal{Index: o.Index, InstanceID: o.InstanceID, Class: c, Cause: *o.CausedByPlan})
	}
}

// accountSummary is account id's books from w0 to w, with elsewhere refunded to cards or
// PayPal.
func accountSummary(w0, w world.World, id string, elsewhere decimal.Decimal, pol *model.Policy) AccountSummary {
	st0, _ := w0.Account(id)
	st, _ := w.Account(id)
	a := AccountSummary{AccountID: id, Currency: w.Catalog().Currency(), BalanceBefore: st0.Account.Balance,
		Charged: st.Charged.Sub(st0.Charged), RefundedToBalance: st.Refunded.Sub(st0.Refunded),
		RefundedElsewhere: elsewhere, BalanceAfter: st.Account.Balance,
		DowngradesUsed: downgradesThisMonth(&st.Account, w.Now(), pol)}
	if q := downgradeQuota(&st.Account, pol); q != nil {
		quota, left := *q, max(0, *q-a.DowngradesUsed)
		a.DowngradeQuota, a.DowngradesLeft = &quota, &left
	}
	return a
}

// downgradeQuota is account a's monthly downgrade quota, nil when none applies.
func downgradeQuota(a *model.Account, pol *model.Policy) *int {
	if !pol.MonthlyDowngradeQuota {
		return nil
	}
	if q := a.Quotas.DowngradesPerMonth; q != nil {
		return q
	}
	if pol.DefaultDowngradesPerMonth > 0 {
		return &pol.DefaultDowngradesPerMonth
	}
	return nil
}

// instance lists touched instance id when it is left stopped or awaits a restart.
func (s *Summary) instance(w0, w world.World, id string) {
	in0, _, _ := w0.Instance(id)
	in, _, _ := w.Instance(id)
	if in.Status == model.StatusStopped && in0.Status != model.StatusStopped {
		s.LeftStopped = append(s.LeftStopped, id)
	}
	if in.PendingInstanceType != "" {
		s.AwaitingRestart = append(s.AwaitingRestart, id)
	}
}
