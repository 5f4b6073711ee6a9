package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	// The prices are read as json.Number first (a number, or a string holding one), so that a
	// wrong type names its field.
	var raw struct {
		Currency string `json:"Currency"`
		Source   string `json:"Source"`
		Prices   []struct {
			InstanceType string      `json:"InstanceType"`
			RegionID     string      `json:"RegionId"`
			MonthlyPrice json.Number `json:"MonthlyPrice"`
		} `json:"Prices"`
	}
	if err := dec.Decode(&raw); err != nil {
		return Overlay{}, overlayErr("%s", jsonReason(err))
	}
	o := Overlay{Currency: raw.Currency, Source: raw.Source, Prices: make([]OverlayPrice, len(raw.Prices))}
	for i, p := range raw.Prices {
		if len(p.MonthlyPrice) > 64 {
			return Overlay{}, overlayErr("Prices[%d]: MonthlyPrice: longer than 64 characters", i)
		}
		d, err := decimal.NewFromString(string(p.MonthlyPrice))
		if err != nil {
			return Overlay{}, overlayErr("Prices[%d]: MonthlyPrice: %q is not a decimal", i, p.MonthlyPrice)
		}
		o.Prices[i] = OverlayPrice{InstanceType: p.InstanceType, RegionID: p.RegionID, MonthlyPrice: d}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Overlay{}, overlayErr("more than one JSON value")
	}
	if o.Currency == "" {
		return Overlay{}, overlayErr("Currency is missing")
	}
	if len(o.Prices) > MaxOverlayPrices {
		return Overlay{}, overlayErr("%d prices, more than %d", len(o.Prices), MaxOverlayPrices)
	}
	seen := make(map[[2]string]bool, len(o.Prices))
	for i, p := range o.Prices {
		switch {
		case p.InstanceType == "":
			return Overlay{}, overlayErr("Prices[%d]: InstanceType is missing", i)
		case p.RegionID == "":
			return Overlay{}, overlayErr("Prices[%d]: RegionId is missing", i)
		case seen[[2]string{p.InstanceType, p.RegionID}]:
			return Overlay{}, overlayErr("Prices[%d]: %s in %s is given twice", i, p.InstanceType, p.RegionID)
		}
		if err := model.CheckDecimal(p.MonthlyPrice, false); err != nil {
			return Overlay{}, overlayErr("Prices[%d]: MonthlyPrice: %v", i, err)
		}
		seen[[2]string{p.InstanceType, p.RegionID}] = true
	}
	return o, nil
}

// jsonReason makes encoding/json's errors name the field.
func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return fmt.Sprintf("%s: a JSON %s where %s is expected", field, te.Value, te.Type)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
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
	index := make(map[string]int, len(d.Types))
	for i := range d.Types {
		index[d.Types[i].InstanceTypeID] = i
	}
	touched := map[int]bool{}
	for i, p := range o.Prices {
		k, ok := index[p.InstanceType]
		if !ok {
			return nil, overlayErr("Prices[%d]: %s is not an instance type of the catalog", i, p.InstanceType)
		}
		t := &d.Types[k]
		if !touched[k] {
			touched[k] = true
			prices := make(map[string]decimal.Decimal, len(t.MonthlyPrice)+1)
			for r, v := range t.MonthlyPrice {
				prices[r] = v
			}
			t.MonthlyPrice = prices
			t.RealPriceRegions = slices.Clone(t.RealPriceRegions)
		}
		t.MonthlyPrice[p.RegionID] = p.MonthlyPrice
		if !slices.Contains(t.RealPriceRegions, p.RegionID) {
			t.RealPriceRegions = append(t.RealPriceRegions, p.RegionID)
		}
		if !slices.Contains(d.Regions, p.RegionID) {
			d.Regions = append(d.Regions, p.RegionID)
		}
	}
	for k := range touched {
		slices.Sort(d.Types[k].RealPriceRegions)
	}
	return model.NewCatalog(d)
}
