package importer

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

// The order history: the billing API's QueryOrders and GetOrderDetail orders as the
// instance's Orders and UnpaidOrders.

// typePattern finds an ECS instance type in an order's configuration text.
var typePattern = regexp.MustCompile(`ecs\.[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+`)

// configType returns the instance type an order's Config or OriginalConfig names: the value
// of a key containing "instancetype" (any case, "instance_type" too), else the first ECS type
// the text mentions.
func configType(config string) string {
	for _, part := range strings.FieldsFunc(config, isConfigSeparator) {
		if k, v, ok := cutKeyValue(part); ok && isTypeKey(k) {
			if t := typePattern.FindString(strings.TrimSpace(v)); t != "" {
				return t
			}
		}
	}
	return typePattern.FindString(config)
}

// isConfigSeparator reports whether r separates the entries of an order's configuration text.
func isConfigSeparator(r rune) bool { return strings.ContainsRune(";,\n&", r) }

// cutKeyValue cuts "key:value" or "key=value".
func cutKeyValue(part string) (k, v string, ok bool) {
	if k, v, ok = strings.Cut(part, ":"); ok {
		return k, v, ok
	}
	return strings.Cut(part, "=")
}

// isTypeKey reports whether a configuration key names the instance type ("InstanceType",
// "instance_type", "ecs.instanceType", ...).
func isTypeKey(k string) bool {
	return strings.Contains(strings.ReplaceAll(strings.ToLower(k), "_", ""), "instancetype")
}

// idRunes are the runes of an instance ID.
const idRunes = "-_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// mentions reports whether an order's InstanceIDs names id.
func mentions(ids, id string) bool {
	notID := func(r rune) bool { return !strings.ContainsRune(idRunes, r) }
	return slices.Contains(strings.FieldsFunc(ids, notID), id)
}

// orderKinds maps the billing API's OrderType to an order Kind.
var orderKinds = map[string]string{
	"New": model.OrderPurchase, "Buy": model.OrderPurchase,
	"Renew":   model.OrderRenewal,
	"Upgrade": model.OrderUpgrade, "Downgrade": model.OrderDowngrade,
}

// attachOrders gives inst its orders from the order list: the ECS orders that name it (or,
// with single, every ECS order when they name no instance), paid ones as Orders and unpaid
// ones as UnpaidOrders, sorted by start. Without an order list a subscription instance gets
// one assumed purchase.
func (im *importer) attachOrders(inst *model.Instance, orders []orderShape, single bool, cat *model.CatalogData) error {
	if im.in.Orders == nil {
		im.assumePurchase(inst, cat)
		return nil
	}
	unattributed := 0
	for i := range orders {
		named, err := im.attachListed(inst, &orders[i], single)
		if err != nil {
			return err
		}
		if !named {
			unattributed++
		}
	}
	im.ordersIssues(inst, unattributed)
	sort.SliceStable(inst.Orders, func(i, j int) bool { return inst.Orders[i].Start.Before(inst.Orders[j].Start) })
	return nil
}

// attachListed attaches the listed order o to inst when it is inst's (attributed), and
// returns attributed's named.
func (im *importer) attachListed(inst *model.Instance, o *orderShape, single bool) (named bool, err error) {
	use, named := im.attributed(o, inst, single)
	if use {
		err = im.attachOrder(inst, o)
	}
	return named, err
}

// attributed reports whether o is an ECS order of inst that is not cancelled, and false for
// named when o is an ECS order that names no instance and cannot be taken as inst's (several
// instances are imported).
func (im *importer) attributed(o *orderShape, inst *model.Instance, single bool) (use, named bool) {
	if !o.ecs() {
		return false, true
	}
	switch {
	case o.InstanceIDs != "":
		if !mentions(o.InstanceIDs, inst.InstanceID) {
			return false, true
		}
	case !single:
		return false, false
	default:
		im.issue("orders", "orders without InstanceIDs (QueryOrders) are taken as %s's", inst.InstanceID)
	}
	return o.PaymentStatus != "Cancelled", true
}

// ecs reports whether o is an ECS order (or names no product).
func (o *orderShape) ecs() bool {
	return o.ProductCode == "" || strings.EqualFold(o.ProductCode, "ecs")
}

// attachOrder adds the order o of inst to its orders, or to its unpaid orders; an order of a
// kind respec does not use is left out with an issue.
func (im *importer) attachOrder(inst *model.Instance, o *orderShape) error {
	kind, ok := orderKinds[o.OrderType]
	if !ok {
		im.issue("orders", "order %s of type %q is not used (only New, Renew, Upgrade and Downgrade orders are)", o.OrderID, o.OrderType)
		return nil
	}
	typ := im.orderType(inst, o)
	cash, err := o.cash()
	if err != nil {
		return err
	}
	if o.PaymentStatus == "Unpaid" {
		im.attachUnpaid(inst, o, kind, typ, cash)
		return nil
	}
	mo, err := im.paidOrder(inst, o, kind, typ, cash)
	if err == nil {
		inst.Orders = append(inst.Orders, mo)
	}
	return err
}

// orderType returns the instance type the order is for: its Config's, else (with an issue)
// the instance's.
func (im *importer) orderType(inst *model.Instance, o *orderShape) string {
	if typ := configType(o.Config); typ != "" {
		return typ
	}
	im.issue("orders", "order %s names no instance type in its Config: the instance's, %s", o.OrderID, inst.InstanceType)
	return inst.InstanceType
}

// cash returns the order's PretaxAmount, what was paid.
func (o *orderShape) cash() (decimal.Decimal, error) {
	if o.PretaxAmount == "" {
		return decimal.Decimal{}, inputErr("orders", "order %s has no PretaxAmount", o.OrderID)
	}
	return amount("orders", o.OrderID+".PretaxAmount", o.PretaxAmount)
}

// attachUnpaid adds an unpaid renewal or upgrade to the instance's unpaid orders; an unpaid
// order of another kind is left out with an issue.
func (im *importer) attachUnpaid(inst *model.Instance, o *orderShape, kind, typ string, cash decimal.Decimal) {
	uk := model.UnpaidRenewal
	if kind == model.OrderUpgrade {
		uk = model.UnpaidModification
	} else if kind != model.OrderRenewal {
		im.issue("orders", "unpaid order %s of type %s is not used", o.OrderID, o.OrderType)
		return
	}
	u := model.UnpaidOrder{OrderID: o.OrderID, Kind: uk, Amount: cash}
	if uk == model.UnpaidModification {
		u.InstanceType = typ
	}
	inst.UnpaidOrders = append(inst.UnpaidOrders, u)
}

// paidOrder is the paid order o of inst: its list price and discount from what was paid, its
// payment time and its period (the instance's expiry where the list gives no end).
func (im *importer) paidOrder(inst *model.Instance, o *orderShape, kind, typ string, cash decimal.Decimal) (model.Order, error) {
	gross, err := im.listPrice(o, cash)
	if err != nil {
		return model.Order{}, err
	}
	mo := model.Order{OrderID: o.OrderID, Kind: kind, InstanceType: typ, ListPrice: gross, CashPaid: cash,
		VoucherPaid: decimal.Zero, Discount: discountOf(cash, gross), PaymentMethod: model.PayBalance}
	if kind == model.OrderUpgrade || kind == model.OrderDowngrade {
		mo.PreviousInstanceType = configType(o.OriginalConfig)
	}
	if err := im.orderPeriod(&mo, o, inst.ExpiredTime); err != nil {
		return mo, err
	}
	im.currencyIssue(o)
	return mo, nil
}

// currencyIssue says when the order is in another currency than the catalog's.
func (im *importer) currencyIssue(o *orderShape) {
	if cur := im.baseCatalog().Currency(); o.Currency != "" && o.Currency != cur {
		im.issue("orders", "order %s is in %s, the catalog in %s: its amounts are kept as they are", o.OrderID, o.Currency, cur)
	}
}

// orderPeriod sets mo's payment time and period from o: the usage period the list gives, else
// from the payment to expiry.
func (im *importer) orderPeriod(mo *model.Order, o *orderShape, expiry time.Time) error {
	var err error
	if mo.PaidAt, err = orderTime(o.OrderID+".PaymentTime", o.PaymentTime, o.CreateTime); err != nil {
		return err
	}
	if mo.Start, err = im.orderBound(o.OrderID, "UsageStartTime", o.UsageStartTime, mo.PaidAt, "it starts when it was paid"); err != nil {
		return err
	}
	if mo.End, err = im.orderBound(o.OrderID, "UsageEndTime", o.UsageEndTime, expiry, "it ends at the instance's expiry"); err != nil {
		return err
	}
	if !mo.End.After(mo.Start) {
		return inputErr("orders", "order %s ends (%s) before it starts (%s)", o.OrderID, mo.End.Format(time.RFC3339), mo.Start.Format(time.RFC3339))
	}
	return nil
}

// listPrice is the order's PretaxGrossAmount, or what was paid (with an issue) when the list
// gives none.
func (im *importer) listPrice(o *orderShape, cash decimal.Decimal) (decimal.Decimal, error) {
	if o.PretaxGrossAmount == "" {
		im.issue("orders", "order %s has no PretaxGrossAmount: its list price is what was paid", o.OrderID)
		return cash, nil
	}
	return amount("orders", o.OrderID+".PretaxGrossAmount", o.PretaxGrossAmount)
}

// discountOf is the discount factor of an order paid cash at list price gross, to 4 places
// and never below 0.0001; 1 when nothing was taken off.
func discountOf(cash, gross decimal.Decimal) decimal.Decimal {
	if !gross.IsPositive() || !cash.LessThan(gross) {
		return decimal.NewFromInt(1)
	}
	if d := cash.DivRound(gross, 4); d.IsPositive() {
		return d
	}
	return decimal.New(1, -4)
}

// orderBound reads the order's time field (UsageStartTime or UsageEndTime), or, where the
// list gives none (QueryOrders), takes def and says so (the issue ends with what it means).
func (im *importer) orderBound(id, field, value string, def time.Time, means string) (time.Time, error) {
	if value != "" {
		return apiTime("orders", id+"."+field, value)
	}
	im.issue("orders", "order %s has no %s (QueryOrders): %s", id, field, means)
	return def, nil
}

// ordersIssues says what the import could not tell of the instance's orders.
func (im *importer) ordersIssues(inst *model.Instance, unattributed int) {
	const in = "orders"
	if unattributed > 0 {
		im.issue(in, "%d orders name no instance (QueryOrders output): not used when several instances are imported; give GetOrderDetail output", unattributed)
	}
	switch {
	case len(inst.Orders) > 0:
		im.issue(in, "the payment method of every order: the balance (the order list does not give it); vouchers: none")
	case inst.ChargeType == model.ChargePrePaid:
		im.issue(in, "the order list has no paid order of %s: it has none (decide answers InvalidInstance.PurchaseNotFound)", inst.InstanceID)
	}
}

// assumePurchase gives a subscription instance with no order list one purchase order: from
// its creation to its expiry, at the catalog's monthly list price times the months it spans
// (a started month counts whole), paid in full from the balance, no discount. A downgrade's
// refund is computed from it, so the issue says so.
func (im *importer) assumePurchase(inst *model.Instance, cat *model.CatalogData) {
	if inst.ChargeType != model.ChargePrePaid {
		return
	}
	if !inst.ExpiredTime.After(inst.CreationTime) {
		im.issue("orders", "no order list, and no period from CreationTime to ExpiredTime to assume a purchase over: no orders (decide answers InvalidInstance.PurchaseNotFound)")
		return
	}
	months := monthsSpanned(inst.CreationTime, inst.ExpiredTime)
	if cat == nil {
		cat = im.baseCatalog().Data()
	}
	monthly := monthlyPriceOf(cat, inst.InstanceType, inst.RegionID)
	price := monthly.Mul(decimal.NewFromInt(int64(months)))
	inst.Orders = []model.Order{{OrderID: "assumed-purchase", Kind: model.OrderPurchase, InstanceType: inst.InstanceType,
		Start: inst.CreationTime, End: inst.ExpiredTime, ListPrice: price, CashPaid: price, VoucherPaid: decimal.Zero,
		Discount: decimal.NewFromInt(1), PaymentMethod: model.PayBalance, PaidAt: inst.CreationTime}}
	im.issue("orders", "no order list: one assumed purchase order of %s from CreationTime to ExpiredTime (%d months at the catalog's %s a month = %s, paid from the balance, no discount); a downgrade's refund is computed from it: give QueryOrders or GetOrderDetail output for the real one",
		inst.InstanceType, months, monthly.StringFixed(2), price.StringFixed(2))
}

// monthsSpanned counts the months from start to end, a started month whole.
func monthsSpanned(start, end time.Time) int {
	months := 0
	for t := start; t.Before(end); t = t.AddDate(0, 1, 0) {
		months++
	}
	return months
}

// monthlyPriceOf returns the catalog's monthly price of typ in region (the last entry of
// typ, zero when none).
func monthlyPriceOf(cat *model.CatalogData, typ, region string) decimal.Decimal {
	var monthly decimal.Decimal
	for i := range cat.Types {
		if cat.Types[i].InstanceTypeID == typ {
			monthly = cat.Types[i].MonthlyPrice[region]
		}
	}
	return monthly
}

// orderTime reads an order's PaymentTime, or its CreateTime when it has none.
func orderTime(field, t, fallback string) (time.Time, error) {
	if t == "" {
		t = fallback
	}
	if t == "" {
		return time.Time{}, inputErr("orders", "%s: neither PaymentTime nor CreateTime given", field)
	}
	return apiTime("orders", field, t)
}
