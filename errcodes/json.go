package errcodes

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// MarshalText writes the retry class's name ("FixThenRetry"), so that JSON carries names, not
// numbers. The zero class, or one outside the list, is an error.
func (c RetryClass) MarshalText() ([]byte, error) {
	if name := c.String(); name != "Unknown" {
		return []byte(name), nil
	}
	return nil, errors.New("errcodes: retry class " + strconv.Itoa(int(c)) + " has no name")
}

// UnmarshalText reads a retry class's name.
func (c *RetryClass) UnmarshalText(b []byte) error {
	if k := slices.Index(retryNames[:], string(b)); k > 0 {
		*c = RetryClass(k)
		return nil
	}
	return errors.New("errcodes: unknown retry class " + strconv.Quote(shorten(string(b))))
}

// MarshalText writes the ID as its code and HTTP status, as Error() does:
// "InvalidInstanceId.NotFound (HTTP 404)". An ID outside the catalog is an error.
func (id ID) MarshalText() ([]byte, error) {
	if !id.Valid() {
		return nil, errors.New("errcodes: ID " + strconv.Itoa(int(id)) + " is not in the catalog")
	}
	return []byte(id.Error()), nil
}

// UnmarshalText reads the form MarshalText writes.
func (id *ID) UnmarshalText(b []byte) error {
	s := string(b)
	code, rest, ok := strings.Cut(s, " (HTTP ")
	if ok && strings.HasSuffix(rest, ")") {
		if status, err := strconv.Atoi(strings.TrimSuffix(rest, ")")); err == nil {
			if got, found := Lookup(code, status); found {
				*id = got
				return nil
			}
		}
	}
	return errors.New("errcodes: no catalog entry " + strconv.Quote(shorten(s)))
}

// Lookup returns the ID of the entry with code and HTTP status, and whether there is one.
func Lookup(code string, status int) (ID, bool) {
	for id := ID(1); id < numIDs; id++ {
		if e := &entries[id]; e.Code == code && e.HTTPStatus == status {
			return id, true
		}
	}
	return 0, false
}

// errorJSON is the JSON form of an *Error.
type errorJSON struct {
	Code       string     `json:"Code"`
	HTTPStatus int        `json:"HttpStatus"`
	Message    string     `json:"Message"`
	Detail     string     `json:"Detail,omitempty"`
	Retry      RetryClass `json:"RetryClass"`
}

// MarshalJSON writes the error by name: {"Code", "HttpStatus", "Message", "Detail",
// "RetryClass"}, e.g. {"Code":"InvalidParameter","HttpStatus":400,"Message":"AutoPay is not
// valid: must be true or false","Detail":"AutoPay is not valid: must be true or false",
// "RetryClass":"Final"}. An error whose ID is not in the catalog is a marshalling error.
func (e *Error) MarshalJSON() ([]byte, error) {
	if !e.ID.Valid() {
		return nil, errors.New("errcodes: ID " + strconv.Itoa(int(e.ID)) + " is not in the catalog")
	}
	return json.Marshal(errorJSON{Code: e.Code(), HTTPStatus: e.HTTPStatus(), Message: e.Message(), Detail: e.Detail(), Retry: e.Retry()})
}

// UnmarshalJSON reads the form MarshalJSON writes: the entry is found by Code and HttpStatus,
// the Detail is taken as it is (Message and RetryClass follow from them and are not checked).
func (e *Error) UnmarshalJSON(b []byte) error {
	var j struct {
		Code       string
		HTTPStatus int `json:"HttpStatus"`
		Detail     string
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	id, ok := Lookup(j.Code, j.HTTPStatus)
	if !ok {
		return errors.New("errcodes: no catalog entry " + strconv.Quote(shorten(j.Code)) + " with HTTP " + strconv.Itoa(j.HTTPStatus))
	}
	*e = Error{ID: id, detail: j.Detail}
	return nil
}

func shorten(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
