package main

import (
	"bytes"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/rules"
)

// lineStrings draws the strings of a drawn line: any bytes, the ones JSON escapes, and money
// keys and JSON punctuation, which padMoney looks for.
var lineStrings = rapid.OneOf(
	rapid.String(),
	rapid.StringOf(rapid.SampledFrom([]rune{'"', '\\', '\n', '\t', 0, 0x1f, '<', '&', '\u2028', 'é', 'a', '\ufffd', ':', ',', '{', '0', '.'})),
	rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }),
	rapid.SampledFrom(append(append([]string{"", `":"`, `{"Total":"1.5"}`}, moneyKeys...), notMoneyKeys...)),
)

// lineDecimals draws decimals of every shape: cents, small and huge coefficients of either
// sign, zero with any exponent.
var lineDecimals = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	switch rapid.IntRange(0, 3).Draw(t, "shape") {
	case 0:
		return decimal.New(rapid.Int64Range(-1e9, 1e9).Draw(t, "cents"), rapid.Int32Range(-4, 1).Draw(t, "exp"))
	case 1:
		return decimal.New(rapid.Int64().Draw(t, "c"), rapid.Int32Range(-30, 30).Draw(t, "exp"))
	case 2:
		return decimal.New(0, rapid.Int32Range(-30, 30).Draw(t, "exp"))
	}
	c, _ := new(big.Int).SetString(rapid.StringMatching(`-?[1-9][0-9]{0,40}`).Draw(t, "big"), 10)
	return decimal.NewFromBigInt(c, rapid.Int32Range(-30, 30).Draw(t, "exp"))
})

// lineTimes draws times: mostly UTC within years 0–9999, some in another zone or outside
// those years (which encoding/json writes or refuses instead), some zero.
var lineTimes = rapid.Custom(func(t *rapid.T) time.Time {
	tm := time.Unix(rapid.Int64Range(-63e9, 253e9).Draw(t, "sec"), rapid.Int64Range(0, 999_999_999).Draw(t, "ns")).UTC()
	switch rapid.IntRange(0, 19).Draw(t, "kind") {
	case 0:
		return time.Time{}
	case 1:
		return tm.In(time.FixedZone("X", 3600))
	case 2:
		return tm.AddDate(rapid.SampledFrom([]int{-2000, 9000}).Draw(t, "years"), 0, 0)
	case 3, 4, 5:
		return tm.Truncate(time.Second)
	}
	return tm
})

// fill sets every exported field of v (addressable) to a drawn value, whatever its type, so
// that a field added to the plan is drawn too.
func fill(t *rapid.T, v reflect.Value, name string) {
	switch v.Type() {
	case reflect.TypeFor[decimal.Decimal]():
		v.Set(reflect.ValueOf(lineDecimals.Draw(t, name)))
		return
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(lineTimes.Draw(t, name)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(lineStrings.Draw(t, name))
	case reflect.Bool:
		v.SetBool(rapid.Bool().Draw(t, name))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(rapid.OneOf(rapid.Int64Range(-2, 2), rapid.Int64Range(-1<<31, 1<<31-1)).Draw(t, name))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(rapid.Uint64Range(0, 255).Draw(t, name))
	case reflect.Pointer:
		if rapid.IntRange(0, 3).Draw(t, name+"?") > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fill(t, v.Elem(), name)
		}
	case reflect.Slice:
		switch n := rapid.IntRange(-1, 3).Draw(t, name+"#"); n {
		case -1:
		default:
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fill(t, v.Index(i), name)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), name+"."+v.Type().Field(i).Name)
			}
		}
	default:
		t.Fatalf("%s: no generator for %s", name, v.Type())
	}
}

// drawLine draws a batch line: a plan, an error, a refusal, a usage error, each present or
// not, every field drawn.
func drawLine(t *rapid.T) batchLine {
	var l batchLine
	fill(t, reflect.ValueOf(&l).Elem(), "line")
	l.money = money{places: rapid.Int32Range(-1, 6).Draw(t, "places")}
	return l
}

// The line appendBatchLine writes is, byte for byte, the one encoding/json writes with its
// money padded by padMoney; encodeBatchLine falls back on that for the lines appendBatchLine
// does not write (a time outside UTC or years 0–9999), and only for them.
func TestAppendBatchLineIsEncodingJSON(t *testing.T) {
	written := 0
	rapid.Check(t, func(t *rapid.T) {
		l := drawLine(t)
		want, err := marshal(&l, false)
		if err == nil && l.Plan != nil {
			want = padMoney(want, l.money)
		}
		got, ok := appendBatchLine([]byte("x"), &l)
		if ok {
			written++
			if err != nil || !bytes.Equal(got[1:], want) || got[0] != 'x' {
				t.Fatalf("appendBatchLine:\n got %q\nwant %q (%v)", got, want, err)
			}
		} else if l.Plan == nil || !hasOtherTime(l.Plan) {
			t.Fatalf("appendBatchLine refused a line it writes: %q", want)
		}
		enc, encErr := encodeBatchLine([]byte("x"), &l)
		if (encErr == nil) != (err == nil) || err == nil && !bytes.Equal(enc[1:], want) {
			t.Fatalf("encodeBatchLine:\n got %q, %v\nwant %q, %v", enc, encErr, want, err)
		}
	})
	if written == 0 {
		t.Error("appendBatchLine wrote no line")
	}
}

// hasOtherTime reports whether p holds a time jsonw.Time does not write.
func hasOtherTime(p *rules.Plan) bool {
	for _, tm := range []time.Time{p.DecidedAt, p.Until, p.Effect.At, p.CompletesAt} {
		if tm.Location() != time.UTC || tm.Year() < 0 || tm.Year() > 9999 {
			return true
		}
	}
	return false
}

// The accepted example and a refusal are written as encoding/json writes them.
func TestAppendBatchLineExamples(t *testing.T) {
	for _, l := range []batchLine{
		{Line: 3, Outcome: outcomeUsage, UsageError: "line 3: scenario: now: required"},
		{Line: 4, InstanceID: "i-1", Outcome: "InvalidInstanceId.NotFound", HTTPStatus: 404,
			Error:   &errcodes.Body{RequestID: "R", HostID: "ecs.aliyuncs.com", Code: "InvalidInstanceId.NotFound", Message: "m <&>", Recommend: "https://x?q=a&b=c"},
			Refusal: &refusalDetail{Rule: "r", Stage: "s", RetryClass: "Final"}},
	} {
		want, _ := marshal(&l, false)
		if got, ok := appendBatchLine(nil, &l); !ok || !bytes.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	out, l := decideOne(t, catalog.Default(), compact(t, examples.Starter))
	want, _ := marshal(&l, false)
	if want = padMoney(want, l.money); !bytes.Equal(out, want) {
		t.Errorf("the example:\n got %q\nwant %q", out, want)
	}
}
