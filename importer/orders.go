package importer

import (
	"regexp"
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
	for _, part := range strings.FieldsFunc(config, func(r rune) bool { return r == ';' || r == ',' || r == '\n' || r == '&' }) {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			k, v, ok = strings.Cut(part, "=")
		}
		if ok && strings.Contains(strings.ReplaceAll(strings.ToLower(k), "_", ""), "instancetype") {
			if t := typePattern.FindString(strings.TrimSpace(v)); t != "" {
				return t
			}
		}
	}
	return typePattern.FindString(config)
}

// mentions reports whether an order's InstanceIDs names id.
func mentions(ids, id string) bool {
	for _, f := range strings.FieldsFunc(ids, func(r rune) bool {
		return !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		if f == id {
			return true
		}
	}
	return false
}

// orderKinds maps the billing API's OrderType to an order Kind.
var orderKinds = map[string]string{
	"New": model.OrderPurchase, "Buy": model.OrderPurchase,
	"Renew":   model.OrderRenewal,
	"Upgrade": model.OrderUpgrade, "Downgrade": model.OrderDowngrade,
}

func (im *importer) attachOrders(inst *model.Instance, orders []orderShape, single bool, cat *model.CatalogData) error {
	const in = "orders"
	if im.in.Orders == nil {
		if inst.ChargeType == model.ChargePrePaid {
			im.assumePurchase(inst, cat)
		}
		return nil
	}
	unattributed := 0
	for _, o := range orders {
		if o.ProductCode != "" && !strings.EqualFold(o.ProductCode, "ecs") {
			continue
		}
		switch {
		case o.InstanceIDs != "":
			if !mentions(o.InstanceIDs, inst.InstanceID) {
				continue
			}
		case !single:
			unattributed++
			continue
		default:
			im.issue(in, "orders without InstanceIDs (QueryOrders) are taken as %s's", inst.InstanceID)
		}
		if o.PaymentStatus == "Cancelled" {
			continue
		}
		kind, ok := orderKinds[o.OrderType]
		if !ok {
			im.issue(in, "order %s of type %q is not used (only New, Renew, Upgrade and Downgrade orders are)", o.OrderID, o.OrderType)
			continue
		}
		typ := configType(o.Config)
		if typ == "" {
			typ = inst.InstanceType
			im.issue(in, "order %s names no instance type in its Config: the instance's, %s", o.OrderID, typ)
		}
		paid := o.PretaxAmount
		if paid == "" {
			return inputErr(in, "order %s has no PretaxAmount", o.OrderID)
		}
		cash, err := amount(in, o.OrderID+".PretaxAmount", paid)
		if err != nil {
			return err
		}
		if o.PaymentStatus == "Unpaid" {
			uk := model.UnpaidRenewal
			if kind == model.OrderUpgrade {
				uk = model.UnpaidModification
			} else if kind != model.OrderRenewal {
				im.issue(in, "unpaid order %s of type %s is not used", o.OrderID, o.OrderType)
				continue
			}
			u := model.UnpaidOrder{OrderID: o.OrderID, Kind: uk, Amount: cash}
			if uk == model.UnpaidModification {
				u.InstanceType = typ
			}
			inst.UnpaidOrders = append(inst.UnpaidOrders, u)
			continue
		}
		gross := cash
		if o.PretaxGrossAmount != "" {
			if gross, err = amount(in, o.OrderID+".PretaxGrossAmount", o.PretaxGrossAmount); err != nil {
				return err
			}
		} else {
			im.issue(in, "order %s has no PretaxGrossAmount: its list price is what was paid", o.OrderID)
		}
		discount := decimal.NewFromInt(1)
		if gross.IsPositive() && cash.LessThan(gross) {
			discount = cash.DivRound(gross, 4)
			if !discount.IsPositive() {
				discount = decimal.New(1, -4)
			}
		}
		mo := model.Order{OrderID: o.OrderID, Kind: kind, InstanceType: typ, ListPrice: gross, CashPaid: cash,
			VoucherPaid: decimal.Zero, Discount: discount, PaymentMethod: model.PayBalance}
		if kind == model.OrderUpgrade || kind == model.OrderDowngrade {
			mo.PreviousInstanceType = configType(o.OriginalConfig)
		}
		if mo.PaidAt, err = orderTime(o.OrderID+".PaymentTime", o.PaymentTime, o.CreateTime); err != nil {
			return err
		}
		switch {
		case o.UsageStartTime != "":
			if mo.Start, err = apiTime(in, o.OrderID+".UsageStartTime", o.UsageStartTime); err != nil {
				return err
			}
		default:
			mo.Start = mo.PaidAt
			im.issue(in, "order %s has no UsageStartTime (QueryOrders): it starts when it was paid", o.OrderID)
		}
		switch {
		case o.UsageEndTime != "":
			if mo.End, err = apiTime(in, o.OrderID+".UsageEndTime", o.UsageEndTime); err != nil {
				return err
			}
		default:
			mo.End = inst.ExpiredTime
			im.issue(in, "order %s has no UsageEndTime (QueryOrders): it ends at the instance's expiry", o.OrderID)
		}
		if !mo.End.After(mo.Start) {
			return inputErr(in, "order %s ends (%s) before it starts (%s)", o.OrderID, mo.End.Format(time.RFC3339), mo.Start.Format(time.RFC3339))
		}
		if cur := im.baseCatalog().Currency(); o.Currency != "" && o.Currency != cur {
			im.issue(in, "order %s is in %s, the catalog in %s: its amounts are kept as they are", o.OrderID, o.Currency, cur)
		}
		inst.Orders = append(inst.Orders, mo)
	}
	if unattributed > 0 {
		im.issue(in, "%d orders name no instance (QueryOrders output): not used when several instances are imported; give GetOrderDetail output", unattributed)
	}
	if len(inst.Orders) == 0 && inst.ChargeType == model.ChargePrePaid {
		im.issue(in, "the order list has no paid order of %s: it has none (decide answers InvalidInstance.PurchaseNotFound)", inst.InstanceID)
	}
	if len(inst.Orders) > 0 {
		im.issue(in, "the payment method of every order: the balance (the order list does not give it); vouchers: none")
	}
	sort.SliceStable(inst.Orders, func(i, j int) bool { return inst.Orders[i].Start.Before(inst.Orders[j].Start) })
	return nil
}

// assumePurchase gives a subscription instance with no order list one purchase order: from
// its creation to its expiry, at the catalog's monthly list price times the months it spans
// (a started month counts whole), paid in full from the balance, no discount. A downgrade's
// refund is computed from it, so the issue says so.
func (im *importer) assumePurchase(inst *model.Instance, cat *model.CatalogData) {
	if !inst.ExpiredTime.After(inst.CreationTime) {
		im.issue("orders", "no order list, and no period from CreationTime to ExpiredTime to assume a purchase over: no orders (decide answers InvalidInstance.PurchaseNotFound)")
		return
	}
	months := 0
	for t := inst.CreationTime; t.Before(inst.ExpiredTime); t = t.AddDate(0, 1, 0) {
		months++
	}
	if cat == nil {
		cat = im.baseCatalog().Data()
	}
	var monthly decimal.Decimal
	for i := range cat.Types {
		if cat.Types[i].InstanceTypeID == inst.InstanceType {
			monthly = cat.Types[i].MonthlyPrice[inst.RegionID]
		}
	}
	price := monthly.Mul(decimal.NewFromInt(int64(months)))
	inst.Orders = []model.Order{{OrderID: "assumed-purchase", Kind: model.OrderPurchase, InstanceType: inst.InstanceType,
		Start: inst.CreationTime, End: inst.ExpiredTime, ListPrice: price, CashPaid: price, VoucherPaid: decimal.Zero,
		Discount: decimal.NewFromInt(1), PaymentMethod: model.PayBalance, PaidAt: inst.CreationTime}}
	im.issue("orders", "no order list: one assumed purchase order of %s from CreationTime to ExpiredTime (%d months at the catalog's %s a month = %s, paid from the balance, no discount); a downgrade's refund is computed from it: give QueryOrders or GetOrderDetail output for the real one",
		inst.InstanceType, months, monthly.StringFixed(2), price.StringFixed(2))
}

func orderTime(field, t, fallback string) (time.Time, error) {
	if t == "" {
		t = fallback
	}
	if t == "" {
		return time.Time{}, inputErr("orders", "%s: neither PaymentTime nor CreateTime given", field)
	}
	return apiTime("orders", field, t)
}
