package endpoint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/scenario"
	"github.com/respec-dev/respec/world"
	"github.com/respec-dev/respec/worldfile"
)

// LoadDocument reads a document into a State: a world file (the document respec simulate
// reads, worldfile.DecodeServed: its accounts, instances and AccessKeys, over the embedded
// catalog when it has none) or a scenario document (LoadScenario).
//
// When neither reader takes the document, the error is the world reader's, unless that reader
// stopped at a top-level member it does not know ("request") and the scenario reader got
// further: then the document is a scenario, and the scenario reader's error says what is wrong
// with it.
func LoadDocument(doc []byte) (State, error) {
	w, keys, err := worldfile.DecodeServed(doc, catalog.Default())
	if err == nil {
		return State{World: w, Keys: keys}, nil
	}
	st, serr := LoadScenario(doc)
	if serr == nil {
		return st, nil
	}
	var we *worldfile.Error
	var se *scenario.Error
	if errors.As(err, &we) && unknownTopLevel(we.Path, we.Reason) && !(errors.As(serr, &se) && unknownTopLevel(se.Path, se.Reason)) {
		return State{}, serr
	}
	return State{}, fmt.Errorf("%w: %v", ErrState, err)
}

// unknownTopLevel reports whether a reader's error is an unknown member of the top-level
// object.
func unknownTopLevel(path, reason string) bool {
	return path != "" && !strings.ContainsAny(path, ".[") && strings.HasPrefix(reason, "unknown field")
}

// LoadScenario reads a scenario document into a one-instance State: a one-instance world, the
// scenario's account (with its RAM user as the caller, if it names one) owning the scenario's
// instance, at the scenario's moment, under its policy and catalog (the embedded default
// catalog when it has none), its throttle limit as the world's ModifyPrepayInstanceSpec limit,
// its remembered ClientTokens; every AccessKeyId is the scenario's caller (AnyKey).
func LoadScenario(doc []byte) (State, error) {
	sc, err := scenario.Decode(doc)
	if err != nil {
		return State{}, fmt.Errorf("%w: %w", ErrState, err)
	}
	cat := catalog.Default()
	if sc.CatalogData != nil {
		if cat, err = model.NewCatalog(*sc.CatalogData); err != nil {
			return State{}, fmt.Errorf("%w: scenario: catalog: %v", ErrState, err)
		}
	}
	f := sc.Facts
	var lim world.Limits
	if f.Throttle.Limit > 0 {
		lim.PerAPI = map[string]int{world.APIModifyPrepayInstanceSpec: f.Throttle.Limit}
	}
	lim.PerAccount = f.Throttle.AccountLimit
	acct := f.Account
	spec := world.AccountSpec{}
	caller := world.Caller{AccountID: acct.AccountID}
	if acct.RAMUser != nil {
		spec.RAMUsers = []model.RAMUser{*acct.RAMUser}
		caller.RAMUser = acct.RAMUser.Name
		acct.RAMUser = nil
	}
	spec.Account = acct
	if len(f.Idempotency) > 0 {
		spec.Tokens = map[string]model.Record{}
		for k, r := range f.Idempotency {
			spec.Tokens[k] = r
		}
	}
	b := world.NewBuilder(sc.Now, cat, sc.Policy, lim).AddAccount(spec)
	if f.Instance.InstanceID != "" {
		b.AddInstance(acct.AccountID, f.Instance)
	}
	w, err := b.Build()
	if err != nil {
		return State{}, fmt.Errorf("%w: %v", ErrState, err)
	}
	return State{World: w, Keys: map[string]world.Caller{AnyKey: caller}}, nil
}

// The AccessKeyIds of the example world.
const (
	// ExampleKeyOwner is the example account itself (every permission).
	ExampleKeyOwner = "respec-owner"
	// ExampleKeyOperator is the RAM user "operator", who holds every permission the endpoint's
	// actions need.
	ExampleKeyOperator = "respec-operator"
	// ExampleKeyReadOnly is the RAM user "auditor", who may describe but not change anything.
	ExampleKeyReadOnly = "respec-auditor"
	// ExampleAccount is the example world's account.
	ExampleAccount = "1234567890123456"
	// ExampleModifyLimit is the example world's per-minute ModifyPrepayInstanceSpec limit
	// (an illustrative knob: the real thresholds are per account and not published).
	ExampleModifyLimit = 20
)

// exampleScenarios are the examples whose instances make the example world, each with its
// own InstanceId.
var exampleScenarios = []string{"upgrade-running.json", "downgrade-stopped.json", "expired.json", "no-stock.json"}

// Example returns the example world: the instances of several of the CLI's example
// scenarios (examples/: a Running ecs.g6.xlarge, a Stopped one to downgrade, an expired
// one, one in a zone where the upgrade is out of stock) on one account with the first
// scenario's balance, at the scenario's moment, with the embedded default catalog
// (illustrative prices), and the keys ExampleKeyOwner, ExampleKeyOperator and
// ExampleKeyReadOnly. Any other AccessKeyId is InvalidAccessKeyId.NotFound.
func Example() (State, error) { return ExampleOver(catalog.Default()) }

// ExampleOver is the example world over another catalog (the types the examples name must be
// in it).
func ExampleOver(cat *model.Catalog) (State, error) {
	var scs []scenario.Scenario
	for _, name := range exampleScenarios {
		raw, err := examples.Read(name)
		if err != nil {
			return State{}, err
		}
		sc, err := scenario.Decode(raw)
		if err != nil {
			return State{}, fmt.Errorf("%s: %w", name, err)
		}
		scs = append(scs, sc)
	}
	first := scs[0]
	b := world.NewBuilder(first.Now, cat, first.Policy,
		world.Limits{PerAPI: map[string]int{world.APIModifyPrepayInstanceSpec: ExampleModifyLimit}})
	acct := first.Facts.Account
	acct.AccountID, acct.RAMUser = ExampleAccount, nil
	for _, sc := range scs[1:] { // the authorizations and tickets each example relies on
		acct.AuthorizedTypes = append(acct.AuthorizedTypes, sc.Facts.Account.AuthorizedTypes...)
		acct.TicketedFamilyChanges = append(acct.TicketedFamilyChanges, sc.Facts.Account.TicketedFamilyChanges...)
	}
	b.AddAccount(world.AccountSpec{Account: acct, RAMUsers: []model.RAMUser{
		{Name: "operator", Permissions: []string{"ecs:" + world.APIModifyPrepayInstanceSpec, "ecs:*"}},
		{Name: "auditor", Permissions: []string{"ecs:DescribeInstances", "ecs:DescribeInstanceAttribute",
			"ecs:DescribeResourcesModification", "ecs:DescribeInstanceModificationPrice"}},
	}})
	for _, sc := range scs {
		b.AddInstance(ExampleAccount, sc.Facts.Instance)
	}
	w, err := b.Build()
	if err != nil {
		return State{}, err
	}
	return State{World: w, Keys: map[string]world.Caller{
		ExampleKeyOwner:    {AccountID: ExampleAccount},
		ExampleKeyOperator: {AccountID: ExampleAccount, RAMUser: "operator"},
		ExampleKeyReadOnly: {AccountID: ExampleAccount, RAMUser: "auditor"},
	}}, nil
}
