package errcodes

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestErrorJSON(t *testing.T) {
	e := New(InvalidParameter, "AutoPay is not valid: must be true or false")
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"Code":"InvalidParameter","HttpStatus":400,"Message":"AutoPay is not valid: must be true or false",` +
		`"Detail":"AutoPay is not valid: must be true or false","RetryClass":"Final"}`
	if string(b) != want {
		t.Fatalf("json.Marshal(*Error):\n got %s\nwant %s", b, want)
	}
	// A code with two statuses is told apart by the status.
	b, _ = json.Marshal(New(InvalidInstanceIdNotFound404, ""))
	if string(b) != `{"Code":"InvalidInstanceId.NotFound","HttpStatus":404,"Message":"The specified InstanceId does not exist.","RetryClass":"Final"}` {
		t.Fatalf("404: %s", b)
	}
	// Every entry round-trips, with and without a detail.
	for _, en := range All() {
		for _, d := range []string{"", "some detail"} {
			in := New(en.ID, d)
			b, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			var out *Error
			if err := json.Unmarshal(b, &out); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			if !out.Equal(in) {
				t.Fatalf("round trip of %v gave %v", in, out)
			}
		}
	}
	var out Error
	if err := json.Unmarshal([]byte(`{"Code":"InvalidParameter","HttpStatus":404}`), &out); err == nil {
		t.Fatal("an unknown code and status was read")
	}
	if _, err := json.Marshal(&Error{ID: 0}); err == nil {
		t.Fatal("an ID outside the catalog was marshalled")
	}
}

func TestRetryClassAndIDText(t *testing.T) {
	b, _ := json.Marshal(map[string]any{"r": WaitThenRetry, "id": Throttling403})
	if string(b) != `{"id":"Throttling (HTTP 403)","r":"WaitThenRetry"}` {
		t.Fatalf("got %s", b)
	}
	var v struct {
		R  RetryClass
		ID ID
	}
	if err := json.Unmarshal([]byte(`{"R":"TryAnotherType","ID":"Throttling (HTTP 400)"}`), &v); err != nil || v.R != TryAnotherType || v.ID != Throttling400 {
		t.Fatalf("unmarshal: %v %+v", err, v)
	}
	if err := json.Unmarshal([]byte(`{"R":"Sometimes"}`), &v); err == nil {
		t.Fatal("an unknown retry class was read")
	}
	if err := json.Unmarshal([]byte(`{"ID":"Throttling (HTTP 401)"}`), &v); err == nil {
		t.Fatal("an unknown ID was read")
	}
	if _, err := json.Marshal(RetryClass(0)); err == nil {
		t.Fatal("the zero retry class was marshalled")
	}
	if id, ok := Lookup("Throttling", 403); !ok || id != Throttling403 {
		t.Fatal("Lookup")
	}
	if !errors.Is(New(Throttling403, ""), Throttling403) {
		t.Fatal("errors.Is")
	}
}
