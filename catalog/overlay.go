package catalog

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

// MaxOverlayBytes is the largest price overlay document read.
const MaxOverlayBytes = 4 << 20

// MaxOverlayPrices is the most prices one overlay holds.
const MaxOverlayPrices = 100_000

// Overlay is a file of real list prices to apply over a catalog (WithPrices): per instance
// type and region, the monthly subscription list price, in one currency. Its JSON form:
//
//	{
//	  "Currency": "CNY",
//	  "Source": "DescribePrice, 2026-11-30",
//	  "Prices": [
//	    {"InstanceType": "ecs.g6.xlarge", "RegionId": "cn-hangzhou", "MonthlyPrice": "520.00"}
//	  ]
//	}
//
// Currency is required and must be the catalog's; Source is free text. MonthlyPrice is a
// decimal string (or a JSON number, taken exactly as written), not negative. Unknown keys, an
// empty type or region, a type the catalog does not hold and a (type, region) given twice are
// errors.
type Overlay struct {
	Currency string `json:"Currency"`
	// Source says where the prices come from (free text, not used).
	Source string         `json:"Source,omitempty"`
	Prices []OverlayPrice `json:"Prices"`
}

// OverlayPrice is one real list price.
type OverlayPrice struct {
	InstanceType string          `json:"InstanceType"`
	RegionID     string          `json:"RegionId"`
	MonthlyPrice decimal.Decimal `json:"MonthlyPrice"`
}

// ErrInvalidOverlay is wrapped by every error of ParseOverlay and WithPrices about the
// overlay's content.
var ErrInvalidOverlay = errors.New("invalid price overlay")

func overlayErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidOverlay, fmt.Sprintf(format, a...))
}

// ParseOverlay decodes an overlay document (at most MaxOverlayBytes, at most
// MaxOverlayPrices prices) and checks what can be checked without a catalog: the currency is
// given, each price names a type and a region and is a sane decimal (model.CheckDecimal), no
// (type, region) is given twice.
func ParseOverlay(b []byte) (Overlay, error) {
	if len(b) > MaxOverlayBytes {
		return Overlay{}, overlayErr("the document is %d bytes, more than %d", len(b), MaxOverlayBytes)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return Overlay{}, overlayErr(`the document is empty: expected {"Currency": ..., "Prices": [...]}`)
	}
	o, err := decodeOverlay(b)
	if err == nil {
		err = o.check()
	}
	if err != nil {
		return Overlay{}, err
	}
	return o, nil
}

// overlayDoc is an overlay as read: its prices as json.Number first (a number, or a string
// holding one), so that a wrong type names its field. (An alias of an unnamed type: the
// reasons of encoding/json's errors name it.)
type overlayDoc = struct {
	Currency string `json:"Currency"`
	Source   string `json:"Source"`
	Prices   []struct {
		InstanceType string      `json:"InstanceType"`
		RegionID     string      `json:"RegionId"`
		MonthlyPrice json.Number `json:"MonthlyPrice"`
	} `json:"Prices"`
}

// decodeOverlay reads one overlay document, with its prices as decimals.
func decodeOverlay(b []byte) (Overlay, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var raw overlayDoc
	if err := dec.Decode(&raw); err != nil {
		return Overlay{}, overlayErr("%s", jsonReason(err))
	}
	o := Overlay{Currency: raw.Currency, Source: raw.Source, Prices: make([]OverlayPrice, len(raw.Prices))}
	for i, p := range raw.Prices {
		d, err := overlayDecimal(i, p.MonthlyPrice)
		if err != nil {
			return Overlay{}, err
		}
		o.Prices[i] = OverlayPrice{InstanceType: p.InstanceType, RegionID: p.RegionID, MonthlyPrice: d}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Overlay{}, overlayErr("more than one JSON value")
	}
	return o, nil
}

// overlayDecimal reads price i's MonthlyPrice, at most 64 characters.
func overlayDecimal(i int, n json.Number) (decimal.Decimal, error) {
	if len(n) > 64 {
		return decimal.Decimal{}, overlayErr("Prices[%d]: MonthlyPrice: longer than 64 characters", i)
	}
	d, err := decimal.NewFromString(string(n))
	if err != nil {
		return decimal.Decimal{}, overlayErr("Prices[%d]: MonthlyPrice: %q is not a decimal", i, n)
	}
	return d, nil
}

// check refuses an overlay without a currency, with too many prices, or with a price that
// does not name its type and region, names them a second time or is not a sane decimal.
func (o Overlay) check() error {
	if o.Currency == "" {
		return overlayErr("Currency is missing")
	}
	if len(o.Prices) > MaxOverlayPrices {
		return overlayErr("%d prices, more than %d", len(o.Prices), MaxOverlayPrices)
	}
	seen := make(map[[2]string]bool, len(o.Prices))
	for i, p := range o.Prices {
		if err := p.check(i, seen); err != nil {
			return err
		}
		seen[[2]string{p.InstanceType, p.RegionID}] = true
	}
	return nil
}

// check refuses price i when it does not name its type and region, names a (type, region)
// seen before, or is not a sane decimal.
func (p OverlayPrice) check(i int, seen map[[2]string]bool) error {
	switch {
	case p.InstanceType == "":
		return overlayErr("Prices[%d]: InstanceType is missing", i)
	case p.RegionID == "":
		return overlayErr("Prices[%d]: RegionId is missing", i)
	case seen[[2]string{p.InstanceType, p.RegionID}]:
		return overlayErr("Prices[%d]: %s in %s is given twice", i, p.InstanceType, p.RegionID)
	}
	if err := model.CheckDecimal(p.MonthlyPrice, false); err != nil {
		return overlayErr("Prices[%d]: MonthlyPrice: %v", i, err)
	}
	return nil
}

// jsonReason makes encoding/json's errors name the field.
func jsonReason(err error) string {
	if reason, ok := TypeErrorReason(err, reflect.Type.String); ok {
		return reason
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// TypeErrorReason words the *json.UnmarshalTypeError in err, if there is one, as "FIELD: a
// JSON VALUE where TYPE is expected": FIELD is the error's field path ("the document" when it
// has none) and TYPE is typeName of the Go type expected. ok is false when err holds no such
// error.
func TypeErrorReason(err error, typeName func(reflect.Type) string) (reason string, ok bool) {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return "", false
	}
	return fmt.Sprintf("%s: a JSON %s where %s is expected", cmp.Or(te.Field, "the document"), te.Value, typeName(te.Type)), true
}

// WithPrices returns a new catalog: base with each price of o set as the type's monthly list
// price in its region and marked real (InstanceType.RealPriceRegions), so that
// Catalog.PriceIllustrative is false exactly for those prices. A region base does not have is
// added to the catalog's regions (the types o does not price there have no price in it, and a
// change between them is refused with OrderCreationFailed). base is not changed; the result
// shares nothing mutable with it. The errors wrap ErrInvalidOverlay: a currency other than
// base's, a type base does not hold.
func WithPrices(base *model.Catalog, o Overlay) (*model.Catalog, error) {
	if base == nil {
		return nil, overlayErr("no catalog to apply the prices over")
	}
	d := *base.Data()
	if o.Currency != d.Currency {
		return nil, overlayErr("the prices are in %s, the catalog's in %s", o.Currency, d.Currency)
	}
	d.Types = slices.Clone(d.Types)
	d.Regions = slices.Clone(d.Regions)
	index := typeIndex(d.Types)
	touched := map[int]bool{}
	for i, p := range o.Prices {
		k, ok := index[p.InstanceType]
		if !ok {
			return nil, overlayErr("Prices[%d]: %s is not an instance type of the catalog", i, p.InstanceType)
		}
		if !touched[k] {
			touched[k] = true
			ownPrices(&d.Types[k])
		}
		setRealPrice(&d.Types[k], p)
		d.Regions = appendNew(d.Regions, p.RegionID)
	}
	for k := range touched {
		slices.Sort(d.Types[k].RealPriceRegions)
	}
	return model.NewCatalog(d)
}

// typeIndex maps each type's ID to its index in types.
func typeIndex(types []model.InstanceType) map[string]int {
	index := make(map[string]int, len(types))
	for i := range types {
		index[types[i].InstanceTypeID] = i
	}
	return index
}

// ownPrices gives t copies of its prices and its real-price regions, so that setting them does
// not change the catalog t was copied from.
func ownPrices(t *model.InstanceType) {
	prices := make(map[string]decimal.Decimal, len(t.MonthlyPrice)+1)
	maps.Copy(prices, t.MonthlyPrice)
	t.MonthlyPrice = prices
	t.RealPriceRegions = slices.Clone(t.RealPriceRegions)
}

// setRealPrice sets p as t's monthly list price in p's region, a real one.
func setRealPrice(t *model.InstanceType, p OverlayPrice) {
	t.MonthlyPrice[p.RegionID] = p.MonthlyPrice
	t.RealPriceRegions = appendNew(t.RealPriceRegions, p.RegionID)
}

// appendNew appends v to list unless list holds it.
func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
