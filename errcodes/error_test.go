package errcodes

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestErrorsIs(t *testing.T) {
	err := fmt.Errorf("deciding: %w", New(OperationDeniedNoStock, ""))
	if !errors.Is(err, OperationDeniedNoStock) {
		t.Error("errors.Is(err, OperationDeniedNoStock) = false")
	}
	if !errors.Is(err, New(OperationDeniedNoStock, "other detail")) {
		t.Error("errors.Is(err, *Error with the same ID) = false")
	}
	if errors.Is(err, InstanceTypeOffline) || errors.Is(err, New(InstanceTypeOffline, "")) {
		t.Error("errors.Is matches another ID")
	}
	// The same code under another status is another error.
	if errors.Is(New(Throttling400, ""), Throttling403) {
		t.Error("Throttling400 is Throttling403")
	}
	var nilErr *Error
	if New(Throttling400, "").Is(nilErr) {
		t.Error("an error is a nil *Error")
	}
	if errors.Is(err, errors.New("OperationDenied.NoStock (HTTP 403)")) {
		t.Error("errors.Is matches an unrelated error with the same text")
	}
}

func TestErrorsAs(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", New(InvalidOperationEniCountExceeded, "the target type takes 2 ENIs, the instance has 3"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatal("errors.As did not find the *Error")
	}
	if e.ID != InvalidOperationEniCountExceeded || e.HTTPStatus() != 403 || e.Code() != "InvalidOperation.EniCountExceeded" {
		t.Errorf("got ID %d, status %d, code %s", e.ID, e.HTTPStatus(), e.Code())
	}
	if e.Message() != "the target type takes 2 ENIs, the instance has 3" {
		t.Errorf("Message() = %q", e.Message())
	}
	if e.Retry() != InvalidOperationEniCountExceeded.Entry().Retry {
		t.Errorf("Retry() = %s", e.Retry())
	}
	var id ID
	if !errors.As(fmt.Errorf("x: %w", Throttling400), &id) || id != Throttling400 {
		t.Errorf("errors.As to ID = %d", id)
	}
}

func TestMessageAndErrorText(t *testing.T) {
	for _, tc := range []struct {
		err          *Error
		message, txt string
	}{
		{New(QuotaExceedRufundVcpu, "5000 vCPU·h per month"),
			"The maximum number of refunded vcpu is exceeded: 5000 vCPU·h per month .",
			"QuotaExceed.RufundVcpu (HTTP 400): The maximum number of refunded vcpu is exceeded: 5000 vCPU·h per month ."},
		{New(QuotaExceedDiskCapacity, "cloud_essd in cn-hangzhou-i"),
			"The used capacity of disk type has exceeded the quota in the zone, cloud_essd in cn-hangzhou-i.",
			"QuotaExceed.DiskCapacity (HTTP 400): The used capacity of disk type has exceeded the quota in the zone, cloud_essd in cn-hangzhou-i."},
		{New(InvalidParameter, "OperatorType"), "OperatorType", "InvalidParameter (HTTP 400): OperatorType"},
		// A message of "%s" with no detail is empty.
		{New(InstanceTypeOffline, ""), "", "InstanceType.Offline (HTTP 403): "},
		// A template without %s keeps the detail out of the message, in the error text.
		{New(OperationDeniedNoStock, "ecs.r7.large in cn-hangzhou-i"),
			"The specified instance is out of usage.",
			"OperationDenied.NoStock (HTTP 403): The specified instance is out of usage. [ecs.r7.large in cn-hangzhou-i]"},
		{New(InvalidStatusNotStopped, ""), "Instance status must be stopped.",
			"InvalidStatus.NotStopped (HTTP 400): Instance status must be stopped."},
		// A detail holding %s is not expanded again.
		{New(InvalidAction, "%s%s"), "%s%s", "InvalidAction (HTTP 400): %s%s"},
		{New(MissingParameter, "InstanceId"),
			`The input parameter "InstanceId" that is mandatory for processing this request is not supplied.`,
			`MissingParameter (HTTP 400): The input parameter "InstanceId" that is mandatory for processing this request is not supplied.`},
	} {
		if got := tc.err.Message(); got != tc.message {
			t.Errorf("%s Message() = %q, want %q", tc.err.Code(), got, tc.message)
		}
		if got := tc.err.Error(); got != tc.txt {
			t.Errorf("%s Error() = %q, want %q", tc.err.Code(), got, tc.txt)
		}
	}
	if got := Throttling403.Error(); got != "Throttling (HTTP 403)" {
		t.Errorf("Throttling403.Error() = %q", got)
	}
}

// Message fills the template's single "%s" with the detail, verbatim, for any detail.
func TestMessageProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := ID(rapid.IntRange(1, Count).Draw(t, "id"))
		detail := rapid.String().Draw(t, "detail")
		e := New(id, detail)
		tmpl := id.Entry().Message
		want := tmpl
		if strings.Contains(tmpl, "%s") {
			want = strings.Replace(tmpl, "%s", detail, 1)
		}
		if got := e.Message(); got != want {
			t.Fatalf("Message() = %q, want %q", got, want)
		}
		if !strings.HasPrefix(e.Error(), id.Code()+" (HTTP ") {
			t.Fatalf("Error() = %q", e.Error())
		}
		b := e.Wire("req", "host")
		if b.Code != id.Code() || b.Message != want {
			t.Fatalf("Wire = %+v", b)
		}
	})
}

func TestWire(t *testing.T) {
	e := New(OperationDeniedNoStock, "ecs.r7.large in cn-hangzhou-i")
	got := e.Wire("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", HostFor("cn-hangzhou"))
	want := Body{
		RequestID: "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
		HostID:    "ecs.cn-hangzhou.aliyuncs.com",
		Code:      "OperationDenied.NoStock",
		Message:   "The specified instance is out of usage.",
		Recommend: "https://api.aliyun.com/troubleshoot?q=OperationDenied.NoStock&product=Ecs&requestId=473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Wire (-want +got):\n%s", diff)
	}
	if again := e.Wire("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", HostFor("cn-hangzhou")); again != got {
		t.Error("Wire is not deterministic")
	}
}

func TestWireJSONNames(t *testing.T) {
	b, err := json.Marshal(New(InvalidParameter, "OperatorType").Wire("req-1", HostFor("eu-central-1")))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"RequestId":"req-1","HostId":"ecs.eu-central-1.aliyuncs.com","Code":"InvalidParameter","Message":"OperatorType",` +
		`"Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidParameter\u0026product=Ecs\u0026requestId=req-1"}`
	if string(b) != want {
		t.Errorf("JSON = %s\nwant   %s", b, want)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Code", "HostId", "Message", "Recommend", "RequestId"}, slices.Sorted(maps.Keys(m))); diff != "" {
		t.Errorf("JSON names (-want +got):\n%s", diff)
	}
}

// The request ID is escaped in the link: a hostile ID cannot add query parameters.
func TestWireEscapesRecommend(t *testing.T) {
	b := New(Throttling400, "").Wire("a&b=c d#e", "h")
	u, err := url.Parse(b.Recommend)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("requestId") != "a&b=c d#e" || q.Get("q") != "Throttling" || q.Get("product") != "Ecs" || len(q) != 3 || u.Fragment != "" {
		t.Errorf("Recommend = %s, query %v", b.Recommend, q)
	}
	if b.RequestID != "a&b=c d#e" {
		t.Errorf("RequestId = %q", b.RequestID)
	}
}

// An error respec cannot name is answered as InternalError, never a panic.
func TestWireNilOrUnknown(t *testing.T) {
	var nilErr *Error
	for _, e := range []*Error{nilErr, {ID: 0}, New(200, "x")} {
		b := e.Wire("r", "h")
		if b.Code != "InternalError" || b.Message != InternalError.Entry().Message || b.RequestID != "r" || b.HostID != "h" {
			t.Errorf("Wire of %v = %+v", e, b)
		}
	}
}

func TestHostFor(t *testing.T) {
	for region, want := range map[string]string{
		"cn-hangzhou":    "ecs.cn-hangzhou.aliyuncs.com",
		"ap-southeast-1": "ecs.ap-southeast-1.aliyuncs.com",
		"":               "ecs.aliyuncs.com",
	} {
		if got := HostFor(region); got != want {
			t.Errorf("HostFor(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestRetryClassString(t *testing.T) {
	for c, want := range map[RetryClass]string{
		RetryAsIs: "RetryAsIs", WaitThenRetry: "WaitThenRetry", FixThenRetry: "FixThenRetry",
		TryAnotherType: "TryAnotherType", Final: "Final", 0: "Unknown", 99: "Unknown",
	} {
		if got := c.String(); got != want {
			t.Errorf("RetryClass(%d).String() = %q, want %q", c, got, want)
		}
	}
}

// A lazily formatted detail reads, prints and encodes exactly as the same detail given to New,
// and is formatted only when asked.
func TestLazyDetail(t *testing.T) {
	calls := 0
	format := func(arg string) string { calls++; return "The specified InstanceId " + arg + " is not valid." }
	for _, id := range []ID{InvalidParameterInstanceId, InvalidParameter, Throttling400} {
		calls = 0
		lazy, eager := Lazy(id, `"i-Bad"`, format), New(id, format(`"i-Bad"`))
		if calls != 1 {
			t.Fatalf("Lazy formatted the detail before it was asked for (%d calls)", calls-1)
		}
		if lazy.Detail() != eager.Detail() || lazy.Message() != eager.Message() || lazy.Error() != eager.Error() {
			t.Errorf("%v: lazy %q / %q / %q, eager %q / %q / %q", id, lazy.Detail(), lazy.Message(), lazy.Error(),
				eager.Detail(), eager.Message(), eager.Error())
		}
		lb, err1 := json.Marshal(lazy)
		eb, err2 := json.Marshal(eager)
		if err1 != nil || err2 != nil || string(lb) != string(eb) {
			t.Errorf("%v: JSON %s (%v), want %s (%v)", id, lb, err1, eb, err2)
		}
		if !lazy.Equal(eager) || !eager.Equal(lazy) || lazy.Equal(New(id, "other")) || lazy.Equal(nil) || !errors.Is(lazy, id) {
			t.Errorf("%v: Equal or Is wrong", id)
		}
	}
	var a, b *Error
	if !a.Equal(b) {
		t.Error("two nil errors differ")
	}
}
