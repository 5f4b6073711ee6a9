package errcodes

import "strings"

// RetryClass tells a caller what to do about an error (BRIEF §7).
type RetryClass uint8

const (
	// RetryAsIs: send the same request again, after a back-off (throttling, 5xx).
	RetryAsIs RetryClass = iota + 1
	// WaitThenRetry: the instance or order is in a transitional state, or a monthly quota is
	// used up; wait for it to settle or for the quota to reset (the evidence says when).
	WaitThenRetry
	// FixThenRetry: a precondition must be fixed first (stop, renew, pay, unassociate the EIP).
	FixThenRetry
	// TryAnotherType: this target type cannot be had now; choose another one.
	TryAnotherType
	// Final: the request cannot succeed as it stands (bad parameters, unknown instance).
	Final
)

// retryNames are the retry classes' stable names, indexed by class ("" for no class).
var retryNames = [...]string{
	RetryAsIs:      "RetryAsIs",
	WaitThenRetry:  "WaitThenRetry",
	FixThenRetry:   "FixThenRetry",
	TryAnotherType: "TryAnotherType",
	Final:          "Final",
}

// String returns the retry class's stable name, as in the catalog's JSON form ("Unknown"
// for the zero class or one outside the list).
func (c RetryClass) String() string {
	if c < RetryAsIs || c > Final {
		return "Unknown"
	}
	return retryNames[c]
}

// Entry is one row of the catalog.
type Entry struct {
	ID         ID
	HTTPStatus int
	Code       string
	// Message is the template, verbatim from the API page; "%s" stands for the detail.
	Message string
	// Condition is the one-line condition for which respec returns this entry.
	Condition string
	Retry     RetryClass
	// InSeed is false for the common gateway errors that the API page's table does not list.
	InSeed bool
	// API is the API whose error table lists the entry: "ModifyPrepayInstanceSpec" for the
	// rows of the API page, another action's name for that action's own errors, "" for the
	// gateway's common errors (MissingParameter, Forbidden.RAM, InvalidAction.NotFound,
	// InvalidVersion, InvalidAccessKeyId.NotFound).
	API string
}

// Entry returns the catalog entry of id. An id outside the catalog yields the zero Entry.
func (id ID) Entry() Entry {
	if !id.Valid() {
		return Entry{}
	}
	e := entries[id]
	e.ID = id
	e.InSeed = int(id) <= SeedRows
	if e.InSeed {
		e.API = APIModifyPrepayInstanceSpec
	}
	return e
}

// Valid reports whether id names an entry of the catalog.
func (id ID) Valid() bool { return id > 0 && id < numIDs && id != numModify }

// Code returns the API error code of id.
func (id ID) Code() string { return id.Entry().Code }

// HTTPStatus returns the HTTP status of id.
func (id ID) HTTPStatus() int { return id.Entry().HTTPStatus }

// Error makes an ID usable as an errors.Is target; it returns the code and status.
func (id ID) Error() string {
	e := id.Entry()
	return e.Code + " (HTTP " + itoa(e.HTTPStatus) + ")"
}

// All returns every entry of ModifyPrepayInstanceSpec's catalog (its error table and the
// gateway's common errors), in catalog order. The slice is a fresh copy.
func All() []Entry {
	out := make([]Entry, 0, Count)
	for id := ID(1); id < numModify; id++ {
		out = append(out, id.Entry())
	}
	return out
}

// AllAPIs returns All followed by the entries of the other APIs the endpoint serves
// (Entry.API names each one's API) and InvalidAccessKeyId.NotFound. The slice is a fresh copy.
func AllAPIs() []Entry {
	out := All()
	for id := numModify + 1; id < numIDs; id++ {
		out = append(out, id.Entry())
	}
	return out
}

// The APIs whose own error tables the catalog holds entries of (Entry.API).
const (
	APIModifyPrepayInstanceSpec          = "ModifyPrepayInstanceSpec"
	APIDescribeResourcesModification     = "DescribeResourcesModification"
	APIDescribeInstanceModificationPrice = "DescribeInstanceModificationPrice"
)

// Error is one documented API error: a catalog entry with its message filled in.
//
// Its detail (Detail) fills the template's "%s"; for a template without one it is kept as
// extra context and shown by Error() but not in Message(). A detail may be formatted only when
// it is asked for (Lazy), so that a rejection nobody reads the message of costs no formatting.
type Error struct {
	ID ID
	// detail is the detail, or, with format, the argument it is formatted from.
	detail string
	// format, when not nil, makes the detail format(detail).
	format func(arg string) string
}

// New returns the error id with detail.
func New(id ID, detail string) *Error { return &Error{ID: id, detail: detail} }

// Lazy returns the error id whose detail is format(arg), formatted each time it is asked for
// (Detail, Message, Error, MarshalJSON) and never before. format must be a pure function.
func Lazy(id ID, arg string, format func(arg string) string) *Error {
	return &Error{ID: id, detail: arg, format: format}
}

// Detail returns the error's detail: what fills the template's "%s", or the extra context of
// a template without one ("" for none).
func (e *Error) Detail() string {
	if e.format != nil {
		return e.format(e.detail)
	}
	return e.detail
}

// Equal reports whether e and o are the same error: the same ID and the same detail (two nil
// errors are equal).
func (e *Error) Equal(o *Error) bool {
	if e == nil || o == nil {
		return e == o
	}
	return e.ID == o.ID && e.Detail() == o.Detail()
}

// HTTPStatus returns the HTTP status of the error.
func (e *Error) HTTPStatus() int { return e.ID.HTTPStatus() }

// Code returns the API error code.
func (e *Error) Code() string { return e.ID.Code() }

// Retry returns the caller's retry class.
func (e *Error) Retry() RetryClass { return e.ID.Entry().Retry }

// Message returns the message as the API sends it: the template with "%s" filled by Detail.
func (e *Error) Message() string {
	tmpl := e.ID.Entry().Message
	if i := strings.Index(tmpl, "%s"); i >= 0 {
		return tmpl[:i] + e.Detail() + tmpl[i+2:]
	}
	return tmpl
}

// Error returns "Code (HTTP status): message", plus the detail when the template has no place
// for it.
func (e *Error) Error() string {
	s := e.ID.Error() + ": " + e.Message()
	if d := e.Detail(); d != "" && !strings.Contains(e.ID.Entry().Message, "%s") {
		s += " [" + d + "]"
	}
	return s
}

// Is reports whether target is e's ID, or an *Error with the same ID.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case ID:
		return e.ID == t
	case *Error:
		return t != nil && e.ID == t.ID
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
